// Queries of the development priorities: the category → competency map, the department's tagged
// contributions, officer counts and the training plans with their items.
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { PlanStatus, TrainingPlanItemsTable } from './development.tables.ts';
import { onPostgres } from '../db/row-locks.ts';

type Q = Kysely<Database> | Transaction<Database>;

const num = (v: unknown) => Number(v);

/** Category id → active competency ids its failures point at. */
export async function loadCategoryCompetencies(db: Q): Promise<Map<number, number[]>> {
  const rows = await db
    .selectFrom('category_competencies as m')
    .innerJoin('competencies as c', 'c.id', 'm.competency_id')
    .select(['m.category_id', 'm.competency_id'])
    .where('c.active', '=', 1)
    .orderBy('m.category_id')
    .orderBy('m.competency_id')
    .execute();
  const out = new Map<number, number[]>();
  for (const r of rows) {
    const k = num(r.category_id);
    if (!out.has(k)) out.set(k, []);
    out.get(k)!.push(num(r.competency_id));
  }
  return out;
}

export async function competencyIdsOfCategory(db: Q, categoryId: number): Promise<number[]> {
  const rows = await db.selectFrom('category_competencies').select('competency_id').where('category_id', '=', categoryId).execute();
  return rows.map((r) => num(r.competency_id));
}

export async function replaceCategoryCompetencies(
  trx: Q,
  categoryId: number,
  competencyIds: readonly number[],
  now: number,
): Promise<void> {
  await trx.deleteFrom('category_competencies').where('category_id', '=', categoryId).execute();
  if (competencyIds.length === 0) return;
  await trx
    .insertInto('category_competencies')
    .values([...new Set(competencyIds)].map((competency_id) => ({ category_id: categoryId, competency_id, created_at: now })))
    .execute();
}

/** Top-level, visible contributions to a department's consultations made in [from, to), with their tags. */
export async function loadDepartmentContributions(db: Q, departmentId: number, range: { from: number; to: number }) {
  const rows = await db
    .selectFrom('contributions as x')
    .innerJoin('consultations as k', 'k.id', 'x.consultation_id')
    .select(['x.id', 'x.consultation_id', 'x.endorsement_count', 'k.title'])
    .where('k.department_id', '=', departmentId)
    .where('x.parent_id', 'is', null)
    .where('x.hidden_at', 'is', null)
    .where('x.created_at', '>=', range.from)
    .where('x.created_at', '<', range.to)
    .execute();
  const ids = rows.map((r) => num(r.id));
  const tags = new Map<number, number[]>();
  for (let i = 0; i < ids.length; i += 900) {
    const t = await db
      .selectFrom('contribution_competencies as t')
      .innerJoin('competencies as c', 'c.id', 't.competency_id')
      .select(['t.contribution_id', 't.competency_id'])
      .where('c.active', '=', 1)
      .where('t.contribution_id', 'in', ids.slice(i, i + 900))
      .execute();
    for (const r of t) {
      const k = num(r.contribution_id);
      if (!tags.has(k)) tags.set(k, []);
      tags.get(k)!.push(num(r.competency_id));
    }
  }
  return rows.map((r) => ({
    id: num(r.id),
    consultationId: num(r.consultation_id),
    consultationTitle: r.title,
    endorsements: num(r.endorsement_count),
    competencyIds: tags.get(num(r.id)) ?? [],
  }));
}

/** Active officers and managers of a department (the PNS a plan is made for). */
export async function countDepartmentOfficers(db: Q, departmentId: number): Promise<number> {
  const r = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('department_id', '=', departmentId)
    .where('role', 'in', ['officer', 'manager'])
    .where('disabled_at', 'is', null)
    .where('erased_at', 'is', null)
    .executeTakeFirst();
  return num(r?.n ?? 0);
}

export async function findDepartmentByCode(db: Q, code: string) {
  const d = await db.selectFrom('departments').select(['id', 'code', 'name', 'short_name']).where('code', '=', code).executeTakeFirst();
  return d ? { ...d, id: num(d.id) } : undefined;
}

export interface PlanRow {
  id: number;
  department_id: number;
  year: number;
  status: PlanStatus;
  officer_count: number;
  basis: string;
  created_at: number;
  updated_at: number;
  version: number;
}

export async function findPlan(db: Q, departmentId: number, year: number): Promise<PlanRow | undefined> {
  const r = await db
    .selectFrom('training_plans')
    .selectAll()
    .where('department_id', '=', departmentId)
    .where('year', '=', year)
    .executeTakeFirst();
  return r ? toPlan(r) : undefined;
}

/** The plan row locked for the rest of the transaction (PostgreSQL; SQLite's BEGIN IMMEDIATE already serialises). */
export async function lockPlan(trx: Transaction<Database>, id: number): Promise<PlanRow | undefined> {
  const postgres = onPostgres(trx);
  let q = trx.selectFrom('training_plans').selectAll().where('id', '=', id);
  if (postgres) q = q.forUpdate();
  const r = await q.executeTakeFirst();
  return r ? toPlan(r) : undefined;
}

function toPlan(r: Record<string, unknown>): PlanRow {
  return {
    id: num(r.id),
    department_id: num(r.department_id),
    year: num(r.year),
    status: r.status as PlanStatus,
    officer_count: num(r.officer_count),
    basis: String(r.basis),
    created_at: num(r.created_at),
    updated_at: num(r.updated_at),
    version: num(r.version),
  };
}

export async function insertPlan(
  trx: Transaction<Database>,
  v: { departmentId: number; year: number; officerCount: number; basis: string; by: number; now: number },
) {
  const r = await trx
    .insertInto('training_plans')
    .values({
      department_id: v.departmentId,
      year: v.year,
      officer_count: v.officerCount,
      basis: v.basis,
      created_by: v.by,
      created_at: v.now,
      updated_at: v.now,
    })
    .onConflict((oc) => oc.columns(['department_id', 'year']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return r ? num(r.id) : undefined;
}

export async function updatePlan(
  trx: Transaction<Database>,
  id: number,
  v: { status?: PlanStatus; officerCount?: number; now: number },
): Promise<void> {
  await trx
    .updateTable('training_plans')
    .set((eb) => ({
      ...(v.status ? { status: v.status } : {}),
      ...(v.officerCount !== undefined ? { officer_count: v.officerCount } : {}),
      updated_at: v.now,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', id)
    .execute();
}

/** Items that reach every PNS of the department count all of them. */
export async function setEveryoneTargetCount(trx: Transaction<Database>, planId: number, count: number): Promise<void> {
  await trx
    .updateTable('training_plan_items')
    .set({ target_count: count })
    .where('plan_id', '=', planId)
    .where('target_group_id', 'is', null)
    .where('target_nips', '=', '')
    .execute();
}

export interface PlanGroupRow {
  id: number;
  plan_id: number;
  name: string;
  head_count: number;
}

export async function listPlanGroups(db: Q, planId: number): Promise<PlanGroupRow[]> {
  const rows = await db
    .selectFrom('training_plan_groups')
    .select(['id', 'plan_id', 'name', 'head_count'])
    .where('plan_id', '=', planId)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: num(r.id), plan_id: num(r.plan_id), name: r.name, head_count: num(r.head_count) }));
}

/** undefined when the plan already has a group of that name. */
export async function insertPlanGroup(
  trx: Transaction<Database>,
  planId: number,
  v: { name: string; headCount: number },
  now: number,
): Promise<number | undefined> {
  const r = await trx
    .insertInto('training_plan_groups')
    .values({ plan_id: planId, name: v.name, head_count: v.headCount, created_at: now })
    .onConflict((oc) => oc.columns(['plan_id', 'name']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return r ? num(r.id) : undefined;
}

export async function updatePlanGroup(
  trx: Transaction<Database>,
  planId: number,
  groupId: number,
  v: { name: string; headCount: number },
): Promise<boolean> {
  const r = await trx
    .updateTable('training_plan_groups')
    .set({ name: v.name, head_count: v.headCount })
    .where('id', '=', groupId)
    .where('plan_id', '=', planId)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) return false;
  // Items for the whole group reach its head count.
  await trx
    .updateTable('training_plan_items')
    .set({ target_count: v.headCount })
    .where('target_group_id', '=', groupId)
    .where('target_nips', '=', '')
    .execute();
  return true;
}

export async function countGroupItems(db: Q, groupId: number): Promise<number> {
  const r = await db
    .selectFrom('training_plan_items')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('target_group_id', '=', groupId)
    .executeTakeFirst();
  return num(r?.n ?? 0);
}

export async function deletePlanGroup(trx: Transaction<Database>, planId: number, groupId: number): Promise<boolean> {
  const r = await trx.deleteFrom('training_plan_groups').where('id', '=', groupId).where('plan_id', '=', planId).executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

/** What a plan item holds that its editor sets: the table's columns less the ones the plan owns. */
export type PlanItemValues = Omit<
  Selectable<TrainingPlanItemsTable>,
  'id' | 'plan_id' | 'position' | 'gap_score' | 'updated_at' | 'target_nips'
> & { target_nips: string };

export interface PlanItemRow extends PlanItemValues {
  id: number;
  plan_id: number;
  position: number;
  gap_score: string;
  competency_code: string | null;
  competency_name_id: string | null;
  competency_name_en: string | null;
}

export async function listPlanItems(db: Q, planId: number): Promise<PlanItemRow[]> {
  const rows = await db
    .selectFrom('training_plan_items as i')
    .leftJoin('competencies as c', 'c.id', 'i.competency_id')
    .selectAll('i')
    .select(['c.code as competency_code', 'c.name_id as competency_name_id', 'c.name_en as competency_name_en'])
    .where('i.plan_id', '=', planId)
    .orderBy('i.position')
    .orderBy('i.id')
    .execute();
  return rows.map((r) => ({
    ...r,
    id: num(r.id),
    plan_id: num(r.plan_id),
    position: num(r.position),
    competency_id: r.competency_id === null ? null : num(r.competency_id),
    target_count: num(r.target_count),
    jp: num(r.jp),
    budget: r.budget === null ? null : num(r.budget),
    target_group_id: r.target_group_id === null ? null : num(r.target_group_id),
    target_nips: String(r.target_nips ?? ''),
  }));
}

export async function insertPlanItem(
  trx: Transaction<Database>,
  planId: number,
  v: PlanItemValues & { gap_score?: string },
  now: number,
): Promise<number> {
  const last = await trx
    .selectFrom('training_plan_items')
    .select((eb) => eb.fn.max('position').as('p'))
    .where('plan_id', '=', planId)
    .executeTakeFirst();
  const r = await trx
    .insertInto('training_plan_items')
    .values({ ...v, plan_id: planId, position: num(last?.p ?? 0) + 1, gap_score: v.gap_score ?? '', updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return num(r.id);
}

export async function updatePlanItem(
  trx: Transaction<Database>,
  planId: number,
  itemId: number,
  v: PlanItemValues,
  now: number,
): Promise<boolean> {
  const r = await trx
    .updateTable('training_plan_items')
    .set({ ...v, updated_at: now })
    .where('id', '=', itemId)
    .where('plan_id', '=', planId)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function deletePlanItem(trx: Transaction<Database>, planId: number, itemId: number): Promise<boolean> {
  const r = await trx.deleteFrom('training_plan_items').where('id', '=', itemId).where('plan_id', '=', planId).executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}
