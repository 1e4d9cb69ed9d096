// Commands on the items of a draft training plan: add, edit and remove, each checking its target (a
// group of the plan or named PNS) and competency, touching the plan's version and writing its audit row.
import type { Db } from '../db/index.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import { listCompetencies } from '../consultations/consultations.repository.ts';
import * as repo from './development.repository.ts';
import type { PlanItemInput } from './development.schema.ts';
import { audit, editablePlan, fail, type Ctx, type Outcome, type PlanError } from './plan.command.ts';

/** How many PNS an item reaches: its NIPs, its group's head count, or the department's. */
function targetCountOf(plan: repo.PlanRow, groups: readonly repo.PlanGroupRow[], v: PlanItemInput): number {
  if (v.target_nips.length > 0) return v.target_nips.length;
  if (v.target_group !== null) return groups.find((g) => g.id === v.target_group)?.head_count ?? 1;
  return Math.max(1, plan.officer_count);
}

async function checkItem(db: Db, plan: repo.PlanRow, groups: readonly repo.PlanGroupRow[], v: PlanItemInput): Promise<PlanError | null> {
  const group = v.target_group === null ? null : groups.find((g) => g.id === v.target_group);
  if (group === undefined) return 'target_group';
  if (group && v.target_nips.length > group.head_count) return 'target_exceeds';
  if (plan.officer_count > 0 && v.target_nips.length > plan.officer_count) return 'target_exceeds';
  if (v.competency !== null) {
    const known = new Set((await listCompetencies(db, { activeOnly: true })).map((c) => Number(c.id)));
    if (!known.has(v.competency)) return 'competency';
  }
  return null;
}

const values = (plan: repo.PlanRow, groups: readonly repo.PlanGroupRow[], v: PlanItemInput): repo.PlanItemValues => ({
  competency_id: v.competency,
  kind: v.kind,
  target: v.target,
  target_count: targetCountOf(plan, groups, v),
  jalur: v.jalur,
  bentuk: v.bentuk,
  jp: v.jp,
  provider: v.provider,
  schedule: v.schedule,
  curriculum: v.curriculum,
  budget: v.budget,
  notes: v.notes,
  target_group_id: v.target_group,
  target_nips: v.target_nips.join(' '),
});

export async function addPlanItem(db: Db, ctx: Ctx, planId: number, v: PlanItemInput, expectedVersion?: number): Promise<Outcome<number>> {
  return db.transaction().execute(async (trx) => {
    const p = await editablePlan(trx, ctx, planId, expectedVersion);
    if (!p.ok) return p;
    const groups = await repo.listPlanGroups(trx, planId);
    const bad = await checkItem(trx, p.value, groups, v);
    if (bad) return fail(bad);
    const id = await repo.insertPlanItem(trx, planId, values(p.value, groups, v), ctx.now.getTime());
    await repo.updatePlan(trx, planId, { now: ctx.now.getTime() });
    await appendAudit(trx, {
      ...audit(ctx),
      action: 'development.plan_item_added',
      objectType: 'training_plan',
      objectId: planId,
      details: { item: id, jp: v.jp },
    });
    return { ok: true as const, value: id };
  });
}

export async function updatePlanItem(
  db: Db,
  ctx: Ctx,
  planId: number,
  itemId: number,
  v: PlanItemInput,
  expectedVersion?: number,
): Promise<Outcome> {
  return db.transaction().execute(async (trx) => {
    const p = await editablePlan(trx, ctx, planId, expectedVersion);
    if (!p.ok) return p;
    const groups = await repo.listPlanGroups(trx, planId);
    const bad = await checkItem(trx, p.value, groups, v);
    if (bad) return fail(bad);
    if (!(await repo.updatePlanItem(trx, planId, itemId, values(p.value, groups, v), ctx.now.getTime()))) return fail('not_found');
    await repo.updatePlan(trx, planId, { now: ctx.now.getTime() });
    await appendAudit(trx, {
      ...audit(ctx),
      action: 'development.plan_item_updated',
      objectType: 'training_plan',
      objectId: planId,
      details: { item: itemId, jp: v.jp },
    });
    return { ok: true as const, value: undefined };
  });
}

export async function removePlanItem(db: Db, ctx: Ctx, planId: number, itemId: number, expectedVersion?: number): Promise<Outcome> {
  return db.transaction().execute(async (trx) => {
    const p = await editablePlan(trx, ctx, planId, expectedVersion);
    if (!p.ok) return p;
    if (!(await repo.deletePlanItem(trx, planId, itemId))) return fail('not_found');
    await repo.updatePlan(trx, planId, { now: ctx.now.getTime() });
    await appendAudit(trx, {
      ...audit(ctx),
      action: 'development.plan_item_deleted',
      objectType: 'training_plan',
      objectId: planId,
      details: { item: itemId },
    });
    return { ok: true as const, value: undefined };
  });
}
