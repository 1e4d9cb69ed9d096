// Tracking a complaint by its code (and, to open its private details, its access key): the code is
// checked, the lookups are rate-limited per client address, the key is compared in constant time. The
// page turns the outcome into a redirect, the key cookie or the form with its errors; the key never
// travels in a URL.
import type { Db } from '../db/index.ts';
import { consume, rateLimitKey } from '../security/rate-limit.ts';
import { trackSchema } from './complaints.schema.ts';
import { fieldErrors, type FieldErrors } from '../http/forms.ts';
import { accessKeyMatches, normaliseTrackingCode } from './complaint-codes.ts';
import { findComplaintByCode } from './complaints.repository.ts';

/** Lookups per client address: enough for a family behind one address, too few to guess codes. */
export const TRACK_LIMIT = { points: 30, windowMs: 10 * 60 * 1000 };

export type TrackOutcome =
  /** Open the complaint's page; with `key`, the key matched and is to be remembered for this code. */
  { kind: 'open'; code: string; key?: string } | { kind: 'invalid'; errors: FieldErrors } | { kind: 'rate_limited'; minutes: number };

export async function trackComplaint(db: Db, input: Record<string, unknown>, clientIp: string): Promise<TrackOutcome> {
  const parsed = trackSchema.safeParse(input);
  if (!parsed.success) return { kind: 'invalid', errors: fieldErrors(parsed.error) };
  const code = normaliseTrackingCode(parsed.data.code);
  const limit = await consume(db, rateLimitKey('track', clientIp), TRACK_LIMIT);
  if (!limit.allowed) return { kind: 'rate_limited', minutes: Math.max(1, Math.ceil(limit.retryAfterMs / 60000)) };
  const c = code ? await findComplaintByCode(db, code) : undefined;
  if (!c) return { kind: 'invalid', errors: { code: code ? 'complaints.track.notFound' : 'complaints.errors.codeFormat' } };
  if (!parsed.data.key) return { kind: 'open', code: c.code };
  if (!accessKeyMatches(parsed.data.key, c.access_key_hash)) return { kind: 'invalid', errors: { key: 'complaints.track.wrongKey' } };
  return { kind: 'open', code: c.code, key: parsed.data.key.toUpperCase() };
}
