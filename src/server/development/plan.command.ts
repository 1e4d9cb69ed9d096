// What every command on a training plan shares: the context and named outcomes, the audit envelope,
// and the locked draft plan the actor may edit at the version the form was made from.
import type { Transaction } from 'kysely';
import type { Database } from '../db/index.ts';
import type { SessionUser } from '../auth/session.ts';
import { mayEditPlan } from './development.policy.ts';
import * as repo from './development.repository.ts';

export interface Ctx {
  actor: SessionUser;
  now: Date;
  requestId?: string;
}

export type PlanError =
  | 'not_found'
  | 'exists'
  | 'final'
  | 'empty'
  | 'below_entitlement'
  | 'target_exceeds'
  | 'competency'
  | 'stale'
  | 'group_exists'
  | 'group_in_use'
  | 'groups_exceed'
  | 'target_group';
export type Outcome<T = void> = { ok: true; value: T } | { ok: false; error: PlanError };

export const fail = (error: PlanError): { ok: false; error: PlanError } => ({ ok: false, error });

export function audit(ctx: Ctx) {
  return { actor: { id: ctx.actor.id, role: ctx.actor.role }, requestId: ctx.requestId ?? null, at: ctx.now };
}

/**
 * The plan, locked, that the actor may edit and that is still a draft; with `expectedVersion` (the version
 * the form was rendered with) a plan changed since answers 'stale'.
 */
export async function editablePlan(
  trx: Transaction<Database>,
  ctx: Ctx,
  planId: number,
  expectedVersion?: number,
): Promise<Outcome<repo.PlanRow>> {
  const plan = await repo.lockPlan(trx, planId);
  if (!plan || !mayEditPlan(ctx.actor, plan.department_id)) return fail('not_found');
  if (expectedVersion !== undefined && plan.version !== expectedVersion) return fail('stale');
  if (plan.status === 'final') return fail('final');
  return { ok: true, value: plan };
}
