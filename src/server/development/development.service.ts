// Commands on training plans (Rencana Pengembangan Kompetensi): draft from the priorities, add, edit
// and remove items, set the officer count, finalise, export. Each checks the policy, runs in one
// transaction and writes its audit row; outcomes are named so pages can answer 404 / 409 / 422.
import type { Transaction } from 'kysely';
import type { Database, Db } from '../db/index.ts';
import type { SessionUser } from '../auth/session.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import { listCompetencies } from '../consultations/consultations.repository.ts';
import { DEFAULT_WEIGHTS, roundScore } from './gap-score.ts';
import { checkPlanJp, suggestTraining, type JpCheck } from './jp-entitlement.ts';
import { mayEditPlan, mayExportPlan, mayViewDepartmentDevelopment } from './development.policy.ts';
import * as repo from './development.repository.ts';
import { belowJpBasis, itemEvidenceNotes, nextPlanEvidence } from './next-plan.ts';
import { planStaffEvidence } from './officer-cycle.service.ts';
import type { PlanItemInput } from './development.schema.ts';
import type { PlanStatus } from './development.tables.ts';
import { basisPeriod, computePriorities, prioritiesPage, type PrioritiesPage } from './priorities.ts';

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

const fail = (error: PlanError): { ok: false; error: PlanError } => ({ ok: false, error });

function audit(ctx: Ctx) {
  return { actor: { id: ctx.actor.id, role: ctx.actor.role }, requestId: ctx.requestId ?? null, at: ctx.now };
}

export interface PlanView {
  department: { id: number; code: string; name: string; short_name: string };
  year: number;
  plan: repo.PlanRow | null;
  items: repo.PlanItemRow[];
  groups: repo.PlanGroupRow[];
  jp: JpCheck;
  officersNow: number;
}

/** A department's plan for a year as the viewer may see it; null → 404. */
export async function readPlan(db: Db, user: SessionUser | null, departmentCode: string, year: number): Promise<PlanView | null> {
  const department = await repo.findDepartmentByCode(db, departmentCode);
  if (!department || !mayViewDepartmentDevelopment(user, department.id)) return null;
  const plan = (await repo.findPlan(db, department.id, year)) ?? null;
  const items = plan ? await repo.listPlanItems(db, plan.id) : [];
  const groups = plan ? await repo.listPlanGroups(db, plan.id) : [];
  const officersNow = await repo.countDepartmentOfficers(db, department.id);
  const jp = checkPlan(items, groups, plan?.officer_count ?? officersNow);
  return { department, year, plan, items, groups, jp, officersNow };
}

/** The per-PNS 20 JP check of stored items and groups. */
export function checkPlan(items: readonly repo.PlanItemRow[], groups: readonly repo.PlanGroupRow[], officerCount: number): JpCheck {
  return checkPlanJp(
    items.map((i) => ({ jp: i.jp, groupId: i.target_group_id, nips: i.target_nips.split(' ').filter(Boolean) })),
    groups.map((g) => ({ id: g.id, name: g.name, headCount: g.head_count })),
    officerCount,
  );
}

/**
 * Drafts a plan for a department and year from the gap scores of the calendar year before: the top
 * three competencies share 20 JP for every officer, in proportion to their scores.
 */
export async function draftTrainingPlan(db: Db, ctx: Ctx, departmentId: number, year: number): Promise<Outcome<number>> {
  if (!mayEditPlan(ctx.actor, departmentId)) return fail('not_found');
  const department = await db
    .selectFrom('departments')
    .select(['id', 'code', 'name', 'short_name'])
    .where('id', '=', departmentId)
    .executeTakeFirst();
  if (!department) return fail('not_found');
  const period = basisPeriod(year);
  const priorities = await computePriorities(db, { ...department, id: Number(department.id) }, period, ctx.now);
  const kinds = new Map((await listCompetencies(db, { activeOnly: true })).map((c) => [Number(c.id), c.kind]));
  const suggestions = suggestTraining(priorities.ranked, kinds);
  const officers = await repo.countDepartmentOfficers(db, departmentId);
  const w = DEFAULT_WEIGHTS;
  // Last year's cycle beside the gap scores (DESIGN §6b): PNS below 20 JP, proposals, trainings to redo, improvements.
  const evidence = await nextPlanEvidence(db, ctx.actor, departmentId, year, ctx.now);
  const proposals = new Map((await planStaffEvidence(db, departmentId, year, null)).proposals.map((p) => [p.competencyId, p.count]));
  const basis =
    `Skor kesenjangan ${period.startDate} s.d. ${period.endDate}; bobot volume ${w.volume}, tanggapan terlambat ${w.responseMiss}, ` +
    `penyelesaian terlambat ${w.resolutionMiss}, dibuka kembali ${w.reopen}, nilai rendah ${w.lowRating}, konsultasi ${w.consultation}, SKM ${w.skm}` +
    belowJpBasis(evidence);
  return db.transaction().execute(async (trx) => {
    const now = ctx.now.getTime();
    const planId = await repo.insertPlan(trx, { departmentId, year, officerCount: officers, basis, by: ctx.actor.id, now });
    if (planId === undefined) return fail('exists');
    for (const s of suggestions) {
      await repo.insertPlanItem(
        trx,
        planId,
        {
          competency_id: s.competencyId,
          kind: s.kind,
          target: `Seluruh PNS ${department.short_name}`,
          target_count: Math.max(1, officers),
          target_group_id: null,
          target_nips: '',
          jalur: s.jalur,
          bentuk: s.bentuk,
          jp: s.jp,
          provider: '',
          schedule: '',
          curriculum: '',
          budget: null,
          notes: itemEvidenceNotes(s.competencyId, evidence, proposals.get(s.competencyId) ?? 0),
          gap_score: String(roundScore(s.score)),
        },
        now,
      );
    }
    await appendAudit(trx, {
      ...audit(ctx),
      action: 'development.plan_drafted',
      objectType: 'training_plan',
      objectId: planId,
      details: { department_id: departmentId, year, items: suggestions.length },
    });
    return { ok: true as const, value: planId };
  });
}

/**
 * The plan, locked, that the actor may edit and that is still a draft; with `expectedVersion` (the version
 * the form was rendered with) a plan changed since answers 'stale'.
 */
async function editablePlan(
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

export async function setPlanOfficerCount(
  db: Db,
  ctx: Ctx,
  planId: number,
  officerCount: number,
  expectedVersion?: number,
): Promise<Outcome> {
  return db.transaction().execute(async (trx) => {
    const p = await editablePlan(trx, ctx, planId, expectedVersion);
    if (!p.ok) return p;
    await repo.updatePlan(trx, planId, { officerCount, now: ctx.now.getTime() });
    if (officerCount > 0) await repo.setEveryoneTargetCount(trx, planId, officerCount);
    await appendAudit(trx, {
      ...audit(ctx),
      action: 'development.plan_settings_changed',
      objectType: 'training_plan',
      objectId: planId,
      details: { officer_count: officerCount },
    });
    return { ok: true as const, value: undefined };
  });
}

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

/**
 * Final or back to draft. A plan is final only when every PNS it covers has at least 20 JP planned
 * (PP 11/2017 Pasal 203 ayat (4)), checked per target group and named PNS, never on average; below that
 * it stays a draft and the check names each shortfall.
 */
export async function setPlanStatus(
  db: Db,
  ctx: Ctx,
  planId: number,
  status: PlanStatus,
  expectedVersion?: number,
): Promise<Outcome<JpCheck>> {
  return db.transaction().execute(async (trx) => {
    const plan = await repo.lockPlan(trx, planId);
    if (!plan || !mayEditPlan(ctx.actor, plan.department_id)) return fail('not_found');
    if (expectedVersion !== undefined && plan.version !== expectedVersion) return fail('stale');
    const items = await repo.listPlanItems(trx, planId);
    const jp = checkPlan(items, await repo.listPlanGroups(trx, planId), plan.officer_count);
    if (status === 'final') {
      if (items.length === 0) return fail('empty');
      if (jp.groupsExceed) return fail('groups_exceed');
      if (jp.status !== 'meets') return fail('below_entitlement');
    }
    await repo.updatePlan(trx, planId, { status, now: ctx.now.getTime() });
    await appendAudit(trx, {
      ...audit(ctx),
      action: 'development.plan_status_changed',
      objectType: 'training_plan',
      objectId: planId,
      details: { status, pns_below_20_jp: jp.pnsBelow },
    });
    return { ok: true as const, value: jp };
  });
}

/** The plan for an export, with the export written to the audit log (who, which plan, which format). */
export async function exportPlan(db: Db, ctx: Ctx, departmentCode: string, year: number, format: 'csv' | 'xlsx'): Promise<PlanView | null> {
  const view = await readPlan(db, ctx.actor, departmentCode, year);
  if (!view || !view.plan || !mayExportPlan(ctx.actor, view.department.id)) return null;
  await appendAudit(db, {
    ...audit(ctx),
    action: 'development.plan_exported',
    objectType: 'training_plan',
    objectId: view.plan.id,
    details: { department: view.department.code, year, format, items: view.items.length },
  });
  return view;
}

/** The ranking of a department and period for an export, written to the audit log; null → 404. */
export async function exportRanking(db: Db, ctx: Ctx, params: URLSearchParams, format: 'csv' | 'xlsx'): Promise<PrioritiesPage | null> {
  const page = await prioritiesPage(db, ctx.actor, params, ctx.now);
  if (!page) return null;
  const p = page.priorities;
  await appendAudit(db, {
    ...audit(ctx),
    action: 'development.ranking_exported',
    objectType: 'department',
    objectId: p.department.id,
    details: { department: p.department.code, from: p.period.startDate, to: p.period.endDate, format },
  });
  return page;
}
