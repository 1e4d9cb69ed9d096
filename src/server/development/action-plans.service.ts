// Action plans (rencana tindak lanjut) of training participants (DESIGN.md §6b): the officer writes what
// they will apply after completing a training; about three months later (review_due_on) their manager
// records whether it was applied (diterapkan / sebagian / belum) with a note, which the officer sees.
// Each command checks the policy, runs in one transaction, compares-and-sets on `version` and is audited.
import type { Db } from '../db/index.ts';
import type { SessionUser } from '../auth/session.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import { localDate } from '../calendar/calendar.ts';
import { actionPlanScope, mayReviewActionPlan, mayWriteActionPlan } from './action-plans.policy.ts';
import { findParticipation, listCompletedParticipations, lockActionPlan, type ParticipationRow } from './evaluation.repository.ts';
import type { ActionReview } from './training.tables.ts';

export interface Ctx {
  actor: SessionUser;
  now: Date;
  timeZone: string;
  requestId?: string;
}
export type PlanOutcome = { ok: true } | { ok: false; error: 'not_found' | 'stale' | 'reviewed' | 'no_plan' };

export const ACTION_PLAN_MAX = 4000;
export const REVIEW_NOTE_MAX = 2000;
/** Months after completion when the manager is asked whether the plan was applied. */
export const REVIEW_AFTER_MONTHS = 3;

const audit = (ctx: Ctx) => ({ actor: { id: ctx.actor.id, role: ctx.actor.role }, requestId: ctx.requestId ?? null, at: ctx.now });

/** The date `months` months after a date ('YYYY-MM-DD'), clamped to the month's last day. */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const last = new Date(Date.UTC(y, m - 1 + months + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m - 1 + months, Math.min(d, last))).toISOString().slice(0, 10);
}

/** The officer's own completed participation, or null (404): another's, not completed, or missing. */
export async function ownParticipation(db: Db, user: SessionUser | null, participantId: number): Promise<ParticipationRow | null> {
  const p = await findParticipation(db, participantId);
  return p && mayWriteActionPlan(user, p) ? p : null;
}

/**
 * Writes (or, before the review, rewrites) the officer's plan. `version` is the plan's version the form
 * was rendered with, null when there was none yet.
 */
export async function writeActionPlan(db: Db, ctx: Ctx, participantId: number, plan: string, version: number | null): Promise<PlanOutcome> {
  return db.transaction().execute(async (trx): Promise<PlanOutcome> => {
    const p = await findParticipation(trx, participantId);
    if (!p || !mayWriteActionPlan(ctx.actor, p) || p.completed_at === null) return { ok: false, error: 'not_found' };
    const existing = await lockActionPlan(trx, participantId);
    const now = ctx.now.getTime();
    if (!existing) {
      if (version !== null) return { ok: false, error: 'stale' };
      const due = addMonths(localDate(new Date(p.completed_at), ctx.timeZone), REVIEW_AFTER_MONTHS);
      await trx
        .insertInto('training_action_plans')
        .values({ participant_id: participantId, plan, written_at: now, review_due_on: due })
        .execute();
    } else {
      if (existing.version !== version) return { ok: false, error: 'stale' };
      if (existing.review !== null) return { ok: false, error: 'reviewed' };
      const r = await trx
        .updateTable('training_action_plans')
        .set({ plan, written_at: now, version: existing.version + 1 })
        .where('id', '=', existing.id)
        .where('version', '=', existing.version)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) return { ok: false, error: 'stale' };
    }
    await appendAudit(trx, {
      ...audit(ctx),
      action: 'training.action_plan_written',
      objectType: 'training_participant',
      objectId: participantId,
      details: { training_id: p.training_id },
    });
    return { ok: true };
  });
}

/** Records the manager's review (applied / partly / not_yet, with a note); a stale version is refused. */
export async function reviewActionPlan(
  db: Db,
  ctx: Ctx,
  participantId: number,
  v: { review: ActionReview; note: string; version: number },
): Promise<PlanOutcome> {
  return db.transaction().execute(async (trx): Promise<PlanOutcome> => {
    const p = await findParticipation(trx, participantId);
    if (!p || p.user_id === null || !mayReviewActionPlan(ctx.actor, p)) return { ok: false, error: 'not_found' };
    const plan = await lockActionPlan(trx, participantId);
    if (!plan) return { ok: false, error: 'no_plan' };
    if (plan.version !== v.version) return { ok: false, error: 'stale' };
    const r = await trx
      .updateTable('training_action_plans')
      .set({ review: v.review, review_note: v.note, reviewed_by: ctx.actor.id, reviewed_at: ctx.now.getTime(), version: plan.version + 1 })
      .where('id', '=', plan.id)
      .where('version', '=', plan.version)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) return { ok: false, error: 'stale' };
    await appendAudit(trx, {
      ...audit(ctx),
      action: 'training.action_plan_reviewed',
      objectType: 'training_participant',
      objectId: participantId,
      details: { review: v.review },
    });
    return { ok: true };
  });
}

/** Plans the user may review (their department's, HR and admin all): due for review first, then the rest. */
export async function listActionPlans(
  db: Db,
  user: SessionUser | null,
  today: string,
): Promise<{ due: ParticipationRow[]; rest: ParticipationRow[] } | null> {
  const scope = actionPlanScope(user);
  if (!scope) return null;
  const rows = (await listCompletedParticipations(db, scope.departmentIds)).filter((p) => p.plan !== null);
  const isDue = (p: ParticipationRow) => p.plan!.review === null && p.plan!.review_due_on <= today;
  const byDue = (a: ParticipationRow, b: ParticipationRow) => a.plan!.review_due_on.localeCompare(b.plan!.review_due_on) || a.id - b.id;
  return { due: rows.filter(isDue).sort(byDue), rest: rows.filter((p) => !isDue(p)).sort(byDue) };
}

/** Share of reviewed action plans that were applied (fully; partly counted apart), for the effect page. */
export function appliedShare(plans: readonly { review: ActionReview | null }[]): {
  reviewed: number;
  applied: number;
  partly: number;
  notYet: number;
  written: number;
} {
  const reviewed = plans.filter((p) => p.review !== null);
  return {
    written: plans.length,
    reviewed: reviewed.length,
    applied: reviewed.filter((p) => p.review === 'applied').length,
    partly: reviewed.filter((p) => p.review === 'partly').length,
    notYet: reviewed.filter((p) => p.review === 'not_yet').length,
  };
}
