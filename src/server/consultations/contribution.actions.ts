// The participation forms of a consultation page (contribute, reply, endorse, report, follow, respond, tag), one table entry each,
// shared by the full page (no JavaScript: redirect 303) and the htmx fragment (returns the new partial).
import type { Kysely } from 'kysely';
import type { SessionUser } from '../auth/session.ts';
import type { Database } from '../db/schema.ts';
import { ConsultationError, statusOf } from './errors.ts';
import { setFollowing } from './consultations.service.ts';
import * as svc from './contributions.service.ts';
import { runPageAction, type ActionTable } from '../http/page-actions.ts';
import { contributionInput, fieldErrors, replyInput, reportInput, responseInput, tagInput } from './consultations.schema.ts';
import type { FieldErrors } from '../http/forms.ts';
import type { ConsultationErrorKey } from './consultations.schema.ts';

export type ActionResult =
  | { ok: true; anchor?: string; done?: string; contributionId?: number }
  | { ok: false; status: number; errors: FieldErrors<ConsultationErrorKey>; intent: string; contributionId?: number };

function one(fields: Record<string, string | string[]>, k: string): string {
  const v = fields[k];
  return typeof v === 'string' ? v : Array.isArray(v) ? (v[0] ?? '') : '';
}

type Fields = Record<string, string | string[]>;
type Fail = (status: number, errors: FieldErrors<ConsultationErrorKey>) => ActionResult;

interface ActionInput {
  db: Kysely<Database>;
  ctx: { actor: SessionUser; now: Date; requestId: string };
  consultationId: number;
  fields: Fields;
  intent: string;
  /** The contribution the form acts on, when it names one. */
  cid: number | undefined;
  fail: Fail;
}

/** A form that acts on one contribution: a 404 when it names none. */
const onContribution =
  (run: (input: ActionInput, cid: number) => Promise<ActionResult>) =>
  (input: ActionInput): Promise<ActionResult> =>
    input.cid ? run(input, input.cid) : Promise.resolve(input.fail(404, {}));

const endorseOrWithdraw = onContribution(async ({ db, ctx, consultationId, intent }, cid) => {
  if (intent === 'endorse') await svc.endorse(db, ctx, consultationId, cid);
  else await svc.withdrawEndorsement(db, ctx, consultationId, cid);
  return { ok: true, anchor: `c-${cid}`, contributionId: cid };
});

const follow = async ({ db, ctx, consultationId, intent }: ActionInput): Promise<ActionResult> => {
  await setFollowing(db, ctx.actor, consultationId, intent === 'follow', ctx.now);
  return { ok: true, anchor: 'follow' };
};

const ACTIONS: ActionTable<ActionInput, ActionResult> = {
  contribute: async ({ db, ctx, consultationId, fields, fail }) => {
    const p = contributionInput.safeParse(fields);
    if (!p.success) return fail(422, fieldErrors(p.error));
    const id = await svc.contribute(db, ctx, consultationId, { body: p.data.body, stance: p.data.stance, questionId: p.data.question_id });
    return { ok: true, anchor: `c-${id}`, done: 'contributed', contributionId: id };
  },
  reply: async ({ db, ctx, consultationId, fields, cid, fail }) => {
    const p = replyInput.safeParse({ ...fields, parent_id: cid });
    if (!p.success) return fail(422, fieldErrors(p.error));
    const id = await svc.reply(db, ctx, consultationId, p.data.parent_id, p.data.body);
    return { ok: true, anchor: `c-${id}`, contributionId: cid };
  },
  endorse: endorseOrWithdraw,
  withdraw: endorseOrWithdraw,
  report: onContribution(async ({ db, ctx, consultationId, fields, fail }, cid) => {
    const p = reportInput.safeParse(fields);
    if (!p.success) return fail(422, fieldErrors(p.error));
    await svc.reportContribution(db, ctx, consultationId, cid, p.data.reason);
    return { ok: true, anchor: `c-${cid}`, done: 'reported', contributionId: cid };
  }),
  follow,
  unfollow: follow,
  respond: onContribution(async ({ db, ctx, consultationId, fields, fail }, cid) => {
    const p = responseInput.safeParse(fields);
    if (!p.success) return fail(422, fieldErrors(p.error));
    await svc.respondToContribution(db, ctx, consultationId, cid, p.data.body);
    return { ok: true, anchor: `c-${cid}`, contributionId: cid };
  }),
  tag: onContribution(async ({ db, ctx, consultationId, fields, fail }, cid) => {
    const p = tagInput.safeParse(fields);
    if (!p.success) return fail(422, fieldErrors(p.error));
    await svc.tagContribution(db, ctx, consultationId, cid, p.data.competency);
    return { ok: true, anchor: `c-${cid}`, contributionId: cid };
  }),
};

export async function runContributionAction(
  db: Kysely<Database>,
  opts: {
    user: SessionUser | null;
    consultationId: number;
    fields: Fields;
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
  const fail: Fail = (status, errors) => ({ ok: false, status, errors, intent, contributionId: cid });
  const input: ActionInput = { db, ctx: { actor: user, now, requestId: opts.requestId }, consultationId, fields, intent, cid, fail };
  try {
    return (await runPageAction(ACTIONS, intent, input)) ?? fail(400, { form: 'invalid' });
  } catch (e) {
    if (e instanceof ConsultationError) return fail(statusOf(e.code), e.code === 'not_found' ? {} : { form: e.code });
    throw e;
  }
}
