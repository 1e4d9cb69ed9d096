// English: texts the Open311 API returns (service notices, attribute descriptions).
import type { Messages } from '../id/index.ts';

export const open311: Messages['open311'] = {
  noticeRouted: 'Forwarded to {department}. Follow its progress with the tracking code.',
  noticeVerifying: 'Awaiting verification: a verifier will forward it to the responsible department within 3 working days.',
  kelurahanAttribute: 'Kelurahan of the complaint’s location (Kemendagri code)',
  privacyAttribute: 'Privacy: public (name not shown), anonymous (identity hidden from everyone), or confidential (content not public)',
  privacyPublic: 'Public',
  privacyAnonymous: 'Anonymous',
  privacyConfidential: 'Confidential',
  rateLimited: 'Too many requests with this API key; try again in {seconds} seconds.',
};
