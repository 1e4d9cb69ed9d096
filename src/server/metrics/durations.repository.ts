// The queries of the stored report cells (migration 2026_12_01_1720): reading them within the report
// filters (a cohort's duration cells of some months, the open cells and the odd open ones), and
// writing them for durations.service.ts (a cell from its rows, a month's cells, the open cells).
import { sql, type Transaction } from 'kysely';
import { dbKind, type Database, type Db } from '../db/index.ts';
import { cellKey, cellOf, toBlob } from './duration-rows.ts';
import { readRows } from '../db/read-rows.ts';
import { applyFilters, type ReportFilters } from './metrics.repository.ts';
import type { GroupKeys } from './summary.repository.ts';
import type { Cell, DurationCohort } from './durations.tables.ts';
import { DURATIONS_LOCK_ID } from '../limits.ts';

/** The float64 arrays of the cells, copied out of the driver's buffer so they are aligned. */
const fromBlob = (b: Uint8Array) => new Float64Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));

export interface DurationCell {
  keys: GroupKeys;
  /** Complaints of the cohort in this cell (with or without a duration). */
  rows: number;
  flagged: number;
  /** The cell's durations, ascending. */
  values: Float64Array;
}

/** The group keys of a stored cell (of any report table: missing department and officer are -1). */
export const keysOf = (x: Cell): GroupKeys => ({
  d: Number(x.department_id) < 0 ? null : Number(x.department_id),
  c: Number(x.category_id),
  k: x.kecamatan_code,
  o: Number(x.assignee_user_id) < 0 ? null : Number(x.assignee_user_id),
});

/** A cohort's duration cells in some months, within the report filters. */
export async function durationCells(
  db: Db,
  cohort: DurationCohort,
  months: readonly number[],
  filters: ReportFilters,
): Promise<DurationCell[]> {
  const q = db
    .selectFrom('report_duration_cells as c')
    .select(['c.department_id', 'c.category_id', 'c.kecamatan_code', 'c.assignee_user_id', 'c.complaints', 'c.flagged', 'c.durations'])
    .where('c.cohort', '=', cohort)
    .where('c.month', 'in', months as number[]);
  const rows = await readRows(db, applyFilters(q, filters));
  return rows.map((x) => ({ keys: keysOf(x), rows: Number(x.complaints), flagged: Number(x.flagged), values: fromBlob(x.durations) }));
}

/** The open cells within the report filters: each group's submission times, ascending. */
export async function openCells(db: Db, filters: ReportFilters): Promise<{ keys: GroupKeys; submitted: Float64Array }[]> {
  const q = db
    .selectFrom('report_open_cells as c')
    .select(['c.department_id', 'c.category_id', 'c.kecamatan_code', 'c.assignee_user_id', 'c.submitted']);
  const rows = await readRows(db, applyFilters(q, filters));
  return rows.map((x) => ({ keys: keysOf(x), submitted: fromBlob(x.submitted) }));
}

/** The odd open complaints (open now, never reopened, with a resolution or rejection time) within the report filters. */
export async function openOdd(db: Db, filters: ReportFilters) {
  const rows = await readRows(db, applyFilters(db.selectFrom('report_open_odd as c').selectAll(), filters));
  return rows.map((x) => ({
    keys: keysOf(x),
    submittedAt: Number(x.submitted_at),
    resolvedAt: x.resolved_at === null ? null : Number(x.resolved_at),
    rejectedAt: x.rejected_at === null ? null : Number(x.rejected_at),
  }));
}

type Tx = Transaction<Database>;

/** One processor at a time on PostgreSQL (SQLite's write transactions already are). */
export async function lockDurations(db: Db, trx: Tx): Promise<void> {
  if (dbKind(db) === 'postgres') await sql`select pg_advisory_xact_lock(${sql.lit(DURATIONS_LOCK_ID)})`.execute(trx);
}

/** How many changed complaints wait for their rows. */
export async function waitingChanges(db: Db): Promise<number> {
  const waiting = await db
    .selectFrom('report_durations_dirty')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(waiting.n);
}

export function whereCell<QB extends { where: (...args: any[]) => QB }>(q: QB, cell: Cell, prefix = ''): QB {
  const nullable = (col: string, v: number) => (v < 0 ? q.where(`${prefix}${col}`, 'is', null) : q.where(`${prefix}${col}`, '=', v));
  q = nullable('department_id', cell.department_id);
  q = q.where(`${prefix}category_id`, '=', cell.category_id).where(`${prefix}kecamatan_code`, '=', cell.kecamatan_code);
  return cell.assignee_user_id < 0
    ? q.where(`${prefix}assignee_user_id`, 'is', null)
    : q.where(`${prefix}assignee_user_id`, '=', cell.assignee_user_id);
}

/** Rows of a stored report table (missing department and officer stored as -1) in one cell. */
export function onCell<QB extends { where: (...args: any[]) => QB }>(q: QB, cell: Cell): QB {
  return q
    .where('department_id', '=', cell.department_id)
    .where('category_id', '=', cell.category_id)
    .where('kecamatan_code', '=', cell.kecamatan_code)
    .where('assignee_user_id', '=', cell.assignee_user_id);
}

export async function writeDurationCell(
  trx: Tx,
  cohort: DurationCohort,
  month: number,
  cell: Cell,
  rows: { duration: number | null; flagged: number }[],
) {
  const key = { cohort, month, ...cell };
  if (!rows.length) {
    await onCell(trx.deleteFrom('report_duration_cells').where('cohort', '=', cohort).where('month', '=', month), cell).execute();
    return;
  }
  const values = Float64Array.from(rows.filter((r) => r.duration !== null).map((r) => Number(r.duration))).sort();
  const flagged = rows.reduce((n, r) => n + Number(r.flagged), 0);
  const set = { complaints: rows.length, flagged, durations: toBlob(values) };
  await trx
    .insertInto('report_duration_cells')
    .values({ ...key, ...set })
    .onConflict((oc) =>
      oc.columns(['cohort', 'month', 'department_id', 'category_id', 'kecamatan_code', 'assignee_user_id']).doUpdateSet(set),
    )
    .execute();
}

export async function writeOpenCell(trx: Tx, cell: Cell, submitted: number[]) {
  if (!submitted.length) {
    await onCell(trx.deleteFrom('report_open_cells'), cell).execute();
    return;
  }
  const set = { submitted: toBlob(Float64Array.from(submitted).sort()) };
  await trx
    .insertInto('report_open_cells')
    .values({ ...cell, ...set })
    .onConflict((oc) => oc.columns(['department_id', 'category_id', 'kecamatan_code', 'assignee_user_id']).doUpdateSet(set))
    .execute();
}

/** Writes the cells of some cohorts' months from their stored rows (a whole month at a time). */
export async function writeMonthCells(trx: Tx, cohorts: readonly DurationCohort[], months: Iterable<number>): Promise<void> {
  for (const cohort of cohorts) {
    for (const month of [...months].sort()) {
      const members = await trx
        .selectFrom('report_durations')
        .select(['department_id', 'category_id', 'kecamatan_code', 'assignee_user_id', 'duration', 'flagged'])
        .where('cohort', '=', cohort)
        .where('month', '=', month)
        .execute();
      const byCell = new Map<string, { cell: Cell; rows: typeof members }>();
      for (const m of members) {
        const cell = cellOf(m);
        const key = cellKey(cell);
        let e = byCell.get(key);
        if (!e) byCell.set(key, (e = { cell, rows: [] }));
        e.rows.push(m);
      }
      for (const { cell, rows } of byCell.values()) await writeDurationCell(trx, cohort, month, cell, rows);
    }
  }
}
