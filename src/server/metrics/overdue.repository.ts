// SQL of the overdue list: open complaints past their response or resolution due time, counted and
// paged in the database (oldest breach first, by the breached due time itself), with the assignee.
import { sql } from 'kysely';
import type { Db } from '../db/index.ts';
import type { Privacy } from '../complaints/complaint-states.ts';
import { applyFilters, type ReportFilters } from './metrics.repository.ts';

/** States in which a complaint can be past a due time (the department holds it). */
export const OVERDUE_STATES = ['assigned', 'in_progress', 'reopened'] as const;

export interface OverdueRow {
  id: number;
  code: string;
  title: string;
  state: string;
  department_id: number | null;
  assignee_user_id: number | null;
  assignee_name: string | null;
  kind: 'response' | 'resolution';
  due_at: number;
  privacy: Privacy;
  reporter_user_id: number | null;
  rejection_reason: string | null;
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

function overdueQuery(db: Db, filters: ReportFilters, now: number) {
  const q = db
    .selectFrom('complaints as c')
    .where('c.state', 'in', [...OVERDUE_STATES])
    .where((eb) =>
      eb.or([eb.and([eb('c.first_response_at', 'is', null), eb('c.response_due_at', '<', now)]), eb('c.resolution_due_at', '<', now)]),
    );
  return applyFilters(q, filters);
}

/** The due time that was breached: the response's while unanswered past it, else the resolution's. */
const breachedDue = (now: number) =>
  sql<number>`case when c.first_response_at is null and c.response_due_at < ${now} then c.response_due_at else c.resolution_due_at end`;

export async function countOverdue(db: Db, filters: ReportFilters, now: number): Promise<number> {
  const r = await overdueQuery(db, filters, now)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** One page of the list, oldest breach first (ties by id, so pages never overlap or skip). */
export async function pageOverdue(
  db: Db,
  filters: ReportFilters,
  now: number,
  page: { offset: number; limit: number },
): Promise<OverdueRow[]> {
  const due = breachedDue(now);
  const rows = await overdueQuery(db, filters, now)
    .leftJoin('users as u', 'u.id', 'c.assignee_user_id')
    .select([
      'c.id',
      'c.code',
      'c.title',
      'c.state',
      'c.privacy',
      'c.department_id',
      'c.assignee_user_id',
      'c.reporter_user_id',
      'c.rejection_reason',
      'c.first_response_at',
      'c.response_due_at',
      'u.name as assignee_name',
    ])
    .select(due.as('due_at'))
    .orderBy(due)
    .orderBy('c.id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return rows.map((r) => {
    const responseLate = r.first_response_at === null && r.response_due_at !== null && Number(r.response_due_at) < now;
    return {
      id: Number(r.id),
      code: r.code,
      title: r.title,
      state: r.state,
      privacy: r.privacy,
      department_id: num(r.department_id),
      assignee_user_id: num(r.assignee_user_id),
      assignee_name: r.assignee_name ?? null,
      reporter_user_id: num(r.reporter_user_id),
      rejection_reason: r.rejection_reason,
      kind: responseLate ? ('response' as const) : ('resolution' as const),
      due_at: Number(r.due_at),
    };
  });
}

/** The rows of a drill-down page: what the list shows and what complaints.policy.ts needs for the title. */
export async function drillRows(db: Db, ids: readonly number[]) {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('complaints as c')
    .leftJoin('users as u', 'u.id', 'c.assignee_user_id')
    .select([
      'c.id',
      'c.code',
      'c.title',
      'c.state',
      'c.submitted_at',
      'c.department_id',
      'c.privacy',
      'c.reporter_user_id',
      'c.rejection_reason',
      'c.response_due_at',
      'c.resolution_due_at',
      'c.first_response_at',
      'c.resolved_at',
      'u.name as assignee_name',
    ])
    .where('c.id', 'in', ids as number[])
    .execute();
  return rows.map((r) => ({
    ...r,
    id: Number(r.id),
    submitted_at: Number(r.submitted_at),
    department_id: num(r.department_id),
    reporter_user_id: num(r.reporter_user_id),
    response_due_at: num(r.response_due_at),
    resolution_due_at: num(r.resolution_due_at),
    first_response_at: num(r.first_response_at),
    resolved_at: num(r.resolved_at),
    assignee_name: r.assignee_name ?? null,
  }));
}
