// All SQL of the reports: the fact rows of every complaint that can belong to a period's figures
// (one indexed OR over the stage timestamps and due dates), their resolve/dispute history, and names.
import { sql, type ExpressionBuilder } from 'kysely';
import type { Db, Database } from '../db/index.ts';
import { OPEN_STATES, type ComplaintState, type Privacy } from '../complaints/complaint-states.ts';
import type { ComplaintFact, HistoryEvent } from './responsiveness.ts';
import type { CommitmentFact } from './consultation-metrics.ts';
import { areaName, byAreaName } from '../reference/area-names.ts';
import { disputeHistories } from './complaint-history.ts';

export interface ReportFilters {
  /** Restrict to these departments (a manager's scope); undefined = all. */
  departmentIds?: readonly number[];
  departmentId?: number;
  categoryId?: number;
  kecamatanCode?: string;
  /** A kota/kabupaten administrasi (NN.NN): every kecamatan whose code starts with it (rollups carry the kecamatan too). */
  kotaCode?: string;
  assigneeUserId?: number;
  /** A unit of a department, or 'none' for complaints held by a department as a whole. Only the complaint
   * queries read it (the rollup tables have no unit): report-summary.ts reads the fact view with it. */
  unitId?: number | 'none';
  /** Only these complaints (the appraisal's complaints transferred out after an officer worked on them). */
  complaintIds?: readonly number[];
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** The report filters and scope as WHERE clauses on `complaints as c` (shared by every report query). */
export function applyFilters<QB extends { where: (...args: any[]) => QB }>(qb: QB, f: ReportFilters): QB {
  let q = qb;
  if (f.departmentIds)
    q = f.departmentIds.length ? q.where('c.department_id', 'in', f.departmentIds as number[]) : q.where(sql<boolean>`1 = 0`);
  if (f.departmentId !== undefined) q = q.where('c.department_id', '=', f.departmentId);
  if (f.categoryId !== undefined) q = q.where('c.category_id', '=', f.categoryId);
  if (f.kecamatanCode !== undefined) q = q.where('c.kecamatan_code', '=', f.kecamatanCode);
  if (f.kotaCode !== undefined) q = q.where('c.kecamatan_code', 'like', `${f.kotaCode}.%`);
  if (f.assigneeUserId !== undefined) q = q.where('c.assignee_user_id', '=', f.assigneeUserId);
  if (f.unitId === 'none') q = q.where('c.unit_id', 'is', null);
  else if (f.unitId !== undefined) q = q.where('c.unit_id', '=', f.unitId);
  if (f.complaintIds) q = f.complaintIds.length ? q.where('c.id', 'in', f.complaintIds as number[]) : q.where(sql<boolean>`1 = 0`);
  return q;
}

/** Facts of every complaint that may count in [from, to) as seen at `now`. */
export async function loadFacts(
  db: Db,
  range: { from: number; to: number; now: number },
  filters: ReportFilters = {},
): Promise<ComplaintFact[]> {
  const { from, to } = range;
  const backlogAt = Math.min(to, range.now);
  const between = (eb: ExpressionBuilder<any, any>, col: string) => eb.and([eb(col, '>=', from), eb(col, '<', to)]);
  let q = db
    .selectFrom('complaints as c')
    .leftJoin('complaint_ratings as r', 'r.complaint_id', 'c.id')
    .select([
      'c.id',
      'c.state',
      'c.submitted_at',
      'c.assigned_at',
      'c.response_due_at',
      'c.resolution_due_at',
      'c.first_response_at',
      'c.resolved_at',
      'c.rejected_at',
      'c.reopened_count',
      'c.transfer_count',
      'c.department_id',
      'c.category_id',
      'c.kecamatan_code',
      'c.assignee_user_id',
      'r.score',
      'c.channel',
      'c.unit_id',
    ])
    .where((eb) =>
      eb.or([
        between(eb, 'c.submitted_at'),
        between(eb, 'c.assigned_at'),
        between(eb, 'c.first_response_at'),
        between(eb, 'c.resolved_at'),
        between(eb, 'c.response_due_at'),
        between(eb, 'c.resolution_due_at'),
        between(eb, 'c.rejected_at'),
        // open at the period end: still open now, or resolved/rejected after it
        eb.and([eb('c.state', 'in', OPEN_STATES), eb('c.submitted_at', '<', backlogAt)]),
        eb.and([eb('c.resolved_at', '>=', backlogAt), eb('c.submitted_at', '<', backlogAt)]),
        eb.and([eb('c.rejected_at', '>=', backlogAt), eb('c.submitted_at', '<', backlogAt)]),
        // resolved in the period, even if resolved again later (reopen rate)
        eb(
          'c.id',
          'in',
          eb
            .selectFrom('complaint_events as e')
            .select('e.complaint_id')
            .where('e.action', '=', 'resolve')
            .where('e.at', '>=', from)
            .where('e.at', '<', to),
        ),
      ]),
    );
  q = applyFilters(q, filters);
  const rows = await q.execute();
  const facts: ComplaintFact[] = rows.map((r) => ({
    id: Number(r.id),
    state: r.state as ComplaintState,
    submittedAt: Number(r.submitted_at),
    assignedAt: num(r.assigned_at),
    responseDueAt: num(r.response_due_at),
    resolutionDueAt: num(r.resolution_due_at),
    firstResponseAt: num(r.first_response_at),
    resolvedAt: num(r.resolved_at),
    rejectedAt: num(r.rejected_at),
    reopenedCount: Number(r.reopened_count),
    transferCount: Number(r.transfer_count),
    departmentId: num(r.department_id),
    categoryId: Number(r.category_id),
    kecamatanCode: r.kecamatan_code,
    assigneeUserId: num(r.assignee_user_id),
    rating: num(r.score),
    channel: r.channel,
    unitId: num(r.unit_id),
  }));
  await attachHistory(db, facts, range);
  return facts;
}

/**
 * Resolve/dispute events of the facts that need them. Two indexed reads: the resolve/dispute events
 * since the period start (action, at index: the reopen cohort), and the whole history of the few
 * complaints ever reopened (complaint_id index; their state at the period end depends on it).
 */
async function attachHistory(db: Db, facts: ComplaintFact[], range: { from: number; to: number; now: number }): Promise<void> {
  const byId = new Map(facts.map((f) => [f.id, f]));
  const histories = new Map<number, HistoryEvent[]>();
  const add = (id: number, action: string, at: number) => {
    if (!byId.has(id) || (action !== 'resolve' && action !== 'dispute')) return;
    let h = histories.get(id);
    if (!h) histories.set(id, (h = []));
    h.push({ action, at });
  };
  const reopened = facts.filter((f) => f.reopenedCount > 0 || f.state === 'reopened').map((f) => f.id);
  const reopenedSet = new Set(reopened);
  for (const [id, h] of await disputeHistories(db, reopened)) for (const e of h) add(id, e.action, e.at);
  const recent = await db
    .selectFrom('complaint_events')
    .select(['complaint_id', 'action', 'at'])
    .where('action', 'in', ['resolve', 'dispute'])
    .where('at', '>=', range.from)
    .where('at', '<=', Math.max(range.to, range.now))
    .execute();
  for (const e of recent) if (!reopenedSet.has(Number(e.complaint_id))) add(Number(e.complaint_id), e.action, Number(e.at));
  for (const [id, h] of histories) byId.get(id)!.history = h.sort((a, b) => a.at - b.at || (a.action === 'resolve' ? -1 : 1));
}

/** Facts of given complaint ids with their codes and titles, for drill-down lists. */
export async function complaintSummaries(db: Db, ids: readonly number[]) {
  const out: {
    id: number;
    code: string;
    title: string;
    state: string;
    submitted_at: number;
    department_id: number | null;
    privacy: Privacy;
    reporter_user_id: number | null;
    rejection_reason: string | null;
  }[] = [];
  for (let i = 0; i < ids.length; i += 900) {
    const rows = await db
      .selectFrom('complaints')
      // Privacy, department, reporter and rejection reason: what complaints.policy.ts needs to decide on the title.
      .select(['id', 'code', 'title', 'state', 'submitted_at', 'department_id', 'privacy', 'reporter_user_id', 'rejection_reason'])
      .where('id', 'in', ids.slice(i, i + 900) as number[])
      .execute();
    out.push(
      ...rows.map((r) => ({
        ...r,
        id: Number(r.id),
        submitted_at: Number(r.submitted_at),
        department_id: num(r.department_id),
        reporter_user_id: num(r.reporter_user_id),
      })),
    );
  }
  return out;
}

export async function departmentNames(db: Db): Promise<{ id: number; code: string; name: string; short_name: string }[]> {
  const rows = await db.selectFrom('departments').select(['id', 'code', 'name', 'short_name']).orderBy('name').execute();
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

export async function categoryNames(
  db: Db,
): Promise<{ id: number; code: string; name_id: string; name_en: string; department_id: number | null }[]> {
  const rows = await db
    .selectFrom('categories')
    .select(['id', 'code', 'name_id', 'name_en', 'department_id'])
    .orderBy('sort_order')
    .orderBy('code')
    .execute();
  return rows.map((r) => ({ ...r, id: Number(r.id), department_id: num(r.department_id) }));
}

/** Kecamatan with the name shown everywhere (the common form; reference/area-name.ts), in that name's order. */
export async function kecamatanNames(db: Db): Promise<{ code: string; name: string }[]> {
  const rows = await db.selectFrom('areas').select(['code', 'name', 'common_name']).where('level', '=', 'kecamatan').execute();
  return byAreaName(rows).map((r) => ({ code: r.code, name: areaName(r) }));
}

/** Staff who can be assigned complaints (officers and managers), optionally of some departments. */
export async function officerNames(
  db: Db,
  departmentIds?: readonly number[],
): Promise<{ id: number; name: string; nip: string | null; department_id: number | null }[]> {
  let q = db.selectFrom('users').select(['id', 'name', 'nip', 'department_id']).where('role', 'in', ['officer', 'manager']);
  if (departmentIds) q = departmentIds.length ? q.where('department_id', 'in', departmentIds as number[]) : q.where(sql<boolean>`1 = 0`);
  const rows = await q.orderBy('name').execute();
  return rows.map((r) => ({ ...r, id: Number(r.id), department_id: num(r.department_id) }));
}

/**
 * A cheap fingerprint of the data behind the figures (cache invalidation for the public page):
 * single-aggregate queries, so each is one index look-up (SQLite's min/max optimisation).
 */
export async function dataVersion(db: Db): Promise<string> {
  const [u, i, r, h] = await Promise.all([
    db
      .selectFrom('complaints')
      .select((eb) => eb.fn.max('updated_at').as('v'))
      .executeTakeFirst(),
    db
      .selectFrom('complaints')
      .select((eb) => eb.fn.max('id').as('v'))
      .executeTakeFirst(),
    db
      .selectFrom('complaint_ratings')
      .select((eb) => eb.fn.max('rated_at').as('v'))
      .executeTakeFirst(),
    db
      .selectFrom('holidays')
      .select((eb) => eb.fn.countAll().as('v'))
      .executeTakeFirst(),
  ]);
  return `${u?.v ?? 0}.${i?.v ?? 0}.${r?.v ?? 0}.${h?.v ?? 0}`;
}

export type { Database };

/** Top-level, visible contributions made in [from, to) with their first official response time. */
export async function loadContributionFacts(db: Db, range: { from: number; to: number }, departmentIds?: readonly number[]) {
  let q = db
    .selectFrom('contributions as x')
    .innerJoin('consultations as k', 'k.id', 'x.consultation_id')
    .leftJoin(
      (eb) =>
        eb
          .selectFrom('official_responses')
          .select(['contribution_id', (e) => e.fn.min('created_at').as('first_at')])
          .groupBy('contribution_id')
          .as('o'),
      (join) => join.onRef('o.contribution_id', '=', 'x.id'),
    )
    .select(['x.id', 'k.department_id', 'x.created_at', 'o.first_at'])
    .where('x.parent_id', 'is', null)
    .where('x.hidden_at', 'is', null)
    .where('x.created_at', '>=', range.from)
    .where('x.created_at', '<', range.to);
  if (departmentIds) q = departmentIds.length ? q.where('k.department_id', 'in', departmentIds as number[]) : q.where(sql<boolean>`1 = 0`);
  const rows = await q.execute();
  return rows.map((r) => ({
    id: Number(r.id),
    departmentId: Number(r.department_id),
    createdAt: Number(r.created_at),
    firstResponseAt: num(r.first_at),
  }));
}

/** Commitments published in [from, to) with their current status. */
export async function loadCommitmentFacts(db: Db, range: { from: number; to: number }, departmentIds?: readonly number[]) {
  let q = db
    .selectFrom('consultation_commitments as m')
    .innerJoin('consultations as k', 'k.id', 'm.consultation_id')
    .select(['m.id', 'k.department_id', 'm.created_at', 'm.status'])
    .where('m.created_at', '>=', range.from)
    .where('m.created_at', '<', range.to);
  if (departmentIds) q = departmentIds.length ? q.where('k.department_id', 'in', departmentIds as number[]) : q.where(sql<boolean>`1 = 0`);
  const rows = await q.execute();
  return rows.map((r) => ({
    id: Number(r.id),
    departmentId: Number(r.department_id),
    createdAt: Number(r.created_at),
    status: r.status as CommitmentFact['status'],
  }));
}
