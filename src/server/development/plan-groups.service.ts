// Commands on the named target groups of a draft training plan (name, head count): add, edit and remove
// one no item targets; the groups together never exceed the plan's officer count.
import type { Db } from '../db/index.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import * as repo from './development.repository.ts';
import { audit, editablePlan, fail, type Ctx, type Outcome } from './plan.command.ts';

/** Adds a named target group (name, head count) to a draft plan. */
export async function addPlanGroup(
  db: Db,
  ctx: Ctx,
  planId: number,
  v: { name: string; headCount: number },
  expectedVersion?: number,
): Promise<Outcome<number>> {
  return db.transaction().execute(async (trx) => {
    const p = await editablePlan(trx, ctx, planId, expectedVersion);
    if (!p.ok) return p;
    const groups = await repo.listPlanGroups(trx, planId);
    if (p.value.officer_count > 0 && groups.reduce((n, g) => n + g.head_count, 0) + v.headCount > p.value.officer_count)
      return fail('groups_exceed');
    const id = await repo.insertPlanGroup(trx, planId, v, ctx.now.getTime());
    if (id === undefined) return fail('group_exists');
    await repo.updatePlan(trx, planId, { now: ctx.now.getTime() });
    await appendAudit(trx, {
      ...audit(ctx),
      action: 'development.plan_group_added',
      objectType: 'training_plan',
      objectId: planId,
      details: { group: id, head_count: v.headCount },
    });
    return { ok: true as const, value: id };
  });
}

export async function updatePlanGroup(
  db: Db,
  ctx: Ctx,
  planId: number,
  groupId: number,
  v: { name: string; headCount: number },
  expectedVersion?: number,
): Promise<Outcome> {
  return db.transaction().execute(async (trx) => {
    const p = await editablePlan(trx, ctx, planId, expectedVersion);
    if (!p.ok) return p;
    const groups = await repo.listPlanGroups(trx, planId);
    if (!groups.some((g) => g.id === groupId)) return fail('not_found');
    if (groups.some((g) => g.id !== groupId && g.name === v.name)) return fail('group_exists');
    if (
      p.value.officer_count > 0 &&
      groups.reduce((n, g) => n + (g.id === groupId ? v.headCount : g.head_count), 0) > p.value.officer_count
    )
      return fail('groups_exceed');
    await repo.updatePlanGroup(trx, planId, groupId, v);
    await repo.updatePlan(trx, planId, { now: ctx.now.getTime() });
    await appendAudit(trx, {
      ...audit(ctx),
      action: 'development.plan_group_updated',
      objectType: 'training_plan',
      objectId: planId,
      details: { group: groupId, head_count: v.headCount },
    });
    return { ok: true as const, value: undefined };
  });
}

/** Removes a group no item targets (an item's PNS must stay known). */
export async function removePlanGroup(db: Db, ctx: Ctx, planId: number, groupId: number, expectedVersion?: number): Promise<Outcome> {
  return db.transaction().execute(async (trx) => {
    const p = await editablePlan(trx, ctx, planId, expectedVersion);
    if (!p.ok) return p;
    if ((await repo.countGroupItems(trx, groupId)) > 0) return fail('group_in_use');
    if (!(await repo.deletePlanGroup(trx, planId, groupId))) return fail('not_found');
    await repo.updatePlan(trx, planId, { now: ctx.now.getTime() });
    await appendAudit(trx, {
      ...audit(ctx),
      action: 'development.plan_group_deleted',
      objectType: 'training_plan',
      objectId: planId,
      details: { group: groupId },
    });
    return { ok: true as const, value: undefined };
  });
}
