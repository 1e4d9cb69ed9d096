// The participation forms of a consultation page (contribute, reply, endorse, report, follow, respond, tag),
// shared by the full page (no JavaScript: redirect 303) and the htmx fragment (returns the new partial).
import type { Kysely } from 'kysely';
import type { SessionUser } from '../auth/session.ts';
import type { Database } from '../db/schema.ts';
import { ConsultationError, statusOf } from './errors.ts';
import { setFollowing } from './consultations.service.ts';
import * as svc from './contributions.service.ts';
import { contributionInput, fieldErrors, replyInput, reportInput, responseInput, tagInput } from './consultations.schema.ts';
import type { FieldErrors } from '../http/forms.ts';
import type { ConsultationErrorKey } from './consultations.schema.ts';

export type ActionResult =
  | { ok: true; anchor?: string; done?: string; contributionId?: number }
  | { ok: false; status: number; errors: FieldErrors<ConsultationErrorKey>; intent: string; contributionId?: number };

export const INTENTS = ['contribute', 'reply', 'endorse', 'withdraw', 'report', 'follow', 'unfollow', 'respond', 'tag'] as const;

function one(fields: Record<string, string | string[]>, k: string): string {
  const v = fields[k];
  return typeof v === 'string' ? v : Array.isArray(v) ? (v[0] ?? '') : '';
}

export async function runContributionAction(
  db: Kysely<Database>,
  opts: {
    user: SessionUser | null;
    consultationId: number;
    fields: Record<string, string | string[]>;
    now: Date;
    requestId: string;
    contributionId?: number;
  },
): Promise<ActionResult> {
  const { user, consultationId, fields, now } = opts;
  const intent = one(fields, 'intent');
  const cid = opts.contributionId ?? (Number(one(fields, 'contribution_id')) || undefined);
  // 401 sends the visitor to the login page; there is no form to show the error on.
  if (!user) return { ok: false, status: 401, errors: {}, intent };
  const ctx = { actor: user, now, requestId: opts.requestId };
  const fail = (status: number, errors: FieldErrors<ConsultationErrorKey>) => ({
    ok: false as const,
    status,
    errors,
    intent,
    contributionId: cid,
  });
  try {
    switch (intent) {
      case 'contribute': {
        const p = contributionInput.safeParse(fields);
        if (!p.success) return fail(422, fieldErrors(p.error));
        const id = await svc.contribute(db, ctx, consultationId, {
          body: p.data.body,
          stance: p.data.stance,
          questionId: p.data.question_id,
        });
        return { ok: true, anchor: `c-${id}`, done: 'contributed', contributionId: id };
      }
      case 'reply': {
        const p = replyInput.safeParse({ ...fields, parent_id: cid });
        if (!p.success) return fail(422, fieldErrors(p.error));
        const id = await svc.reply(db, ctx, consultationId, p.data.parent_id, p.data.body);
        return { ok: true, anchor: `c-${id}`, contributionId: cid };
      }
      case 'endorse':
      case 'withdraw': {
        if (!cid) return fail(404, {});
        if (intent === 'endorse') await svc.endorse(db, ctx, consultationId, cid);
        else await svc.withdrawEndorsement(db, ctx, consultationId, cid);
        return { ok: true, anchor: `c-${cid}`, contributionId: cid };
      }
      case 'report': {
        if (!cid) return fail(404, {});
        const p = reportInput.safeParse(fields);
        if (!p.success) return fail(422, fieldErrors(p.error));
        await svc.reportContribution(db, ctx, consultationId, cid, p.data.reason);
        return { ok: true, anchor: `c-${cid}`, done: 'reported', contributionId: cid };
      }
      case 'follow':
      case 'unfollow':
        await setFollowing(db, user, consultationId, intent === 'follow', now);
        return { ok: true, anchor: 'follow' };
      case 'respond': {
        if (!cid) return fail(404, {});
        const p = responseInput.safeParse(fields);
        if (!p.success) return fail(422, fieldErrors(p.error));
        await svc.respondToContribution(db, ctx, consultationId, cid, p.data.body);
        return { ok: true, anchor: `c-${cid}`, contributionId: cid };
      }
      case 'tag': {
        if (!cid) return fail(404, {});
        const p = tagInput.safeParse(fields);
        if (!p.success) return fail(422, fieldErrors(p.error));
        await svc.tagContribution(db, ctx, consultationId, cid, p.data.competency);
        return { ok: true, anchor: `c-${cid}`, contributionId: cid };
      }
      default:
        return fail(400, { form: 'invalid' });
    }
  } catch (e) {
    if (e instanceof ConsultationError) {
      return fail(statusOf(e.code), e.code === 'not_found' ? {} : { form: e.code });
    }
    throw e;
  }
}
