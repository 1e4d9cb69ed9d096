// The queries of the stored report cells (migration 2026_12_01_1720): reading them within the report
// filters (a cohort's duration cells of some months, the open cells and the odd open ones, and the
// waiting complaints a report overlays: stored-durations.ts), and writing them for durations.service.ts
// (a cell from its rows, a month's cells, the open cells).
import { sql, type Transaction } from 'kysely';
import { dbKind, type Database, type Db } from '../db/index.ts';
import { COLUMNS, toBlob, type ComplaintRow } from './duration-rows.ts';
import type { Reader } from '../db/read-rows.ts';
import { applyFilters, type ReportFilters } from './metrics.repository.ts';
import { cellKey, cellOf, groupKeysOf, NO_GROUP_ID, type GroupKeys } from './group-keys.ts';
import { OPEN_STATES } from '../complaints/complaint-states.ts';
import type { Cell, DurationCohort } from './durations.tables.ts';
import { DURATIONS_LOCK_ID } from '../limits.ts';

/** The float64 arrays of the cells, copied out of the driver's buffer so they are aligned. */
const fromBlob = (b: Uint8Array) => new Float64Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));

/** Complaint ids per query: well under SQLite's and PostgreSQL's parameter limits. */
const IDS_PER_QUERY = 900;

export interface DurationCell {
  keys: GroupKeys;
  /** The cell's groups as a map key (cellKey). */
  key: string;
  month: number;
  /** Complaints of the cohort in this cell (with or without a duration). */
  rows: number;
  flagged: number;
  /** The cell's durations, ascending. */
  values: Float64Array;
}

export interface OpenCell {
  keys: GroupKeys;
  key: string;
  /** Submission times of the cell's complaints open now (never reopened, never resolved or rejected), ascending. */
  submitted: Float64Array;
}

export interface OddOpen {
  keys: GroupKeys;
  complaintId: number;
  submittedAt: number;
  resolvedAt: number | null;
  rejectedAt: number | null;
}

/** A cohort's duration cells in some months, within the report filters. */
export async function durationCells(
  db: Db,
  read: Reader,
  cohort: DurationCohort,
  months: readonly number[],
  filters: ReportFilters,
): Promise<DurationCell[]> {
  const q = db
    .selectFrom('report_duration_cells as c')
    .select([
      'c.month',
      'c.department_id',
      'c.category_id',
      'c.kecamatan_code',
      'c.assignee_user_id',
      'c.complaints',
      'c.flagged',
      'c.durations',
    ])
    .where('c.cohort', '=', cohort)
    .where('c.month', 'in', months as number[]);
  const rows = await read.rows(applyFilters(q, filters));
  return rows.map((x) => ({
    keys: groupKeysOf(x),
    key: cellKey(cellOf(x)),
    month: Number(x.month),
    rows: Number(x.complaints),
    flagged: Number(x.flagged),
    values: fromBlob(x.durations),
  }));
}

/** The open cells within the report filters. */
export async function openCells(db: Db, read: Reader, filters: ReportFilters): Promise<OpenCell[]> {
  const q = db
    .selectFrom('report_open_cells as c')
    .select(['c.department_id', 'c.category_id', 'c.kecamatan_code', 'c.assignee_user_id', 'c.submitted']);
  const rows = await read.rows(applyFilters(q, filters));
  return rows.map((x) => ({ keys: groupKeysOf(x), key: cellKey(cellOf(x)), submitted: fromBlob(x.submitted) }));
}

/** The odd open complaints (open now, never reopened, with a resolution or rejection time) within the report filters. */
export async function openOdd(db: Db, read: Reader, filters: ReportFilters): Promise<OddOpen[]> {
  const rows = await read.rows(applyFilters(db.selectFrom('report_open_odd as c').selectAll(), filters));
  return rows.map((x) => ({
    keys: groupKeysOf(x),
    complaintId: Number(x.complaint_id),
    submittedAt: Number(x.submitted_at),
    resolvedAt: x.resolved_at === null ? null : Number(x.resolved_at),
    rejectedAt: x.rejected_at === null ? null : Number(x.rejected_at),
  }));
}

/** The calendar the stored durations were timed with and the last month end their backlog reaches. */
export async function durationsState(db: Db, read: Reader): Promise<{ calendar: string; backlogThrough: number } | undefined> {
  const [row] = await read.rows(db.selectFrom('report_durations_state').select(['calendar', 'backlog_through']).where('id', '=', 1));
  return row && { calendar: row.calendar, backlogThrough: Number(row.backlog_through) };
}

/** Up to `limit` changed complaints waiting for the processor, with the group they were in before. */
export async function waitingComplaints(db: Db, read: Reader, limit: number) {
  return read.rows(db.selectFrom('report_durations_dirty').selectAll().orderBy('complaint_id').limit(limit));
}

/** The stored rows of some complaints, within the report filters. */
export async function storedRowsOf(db: Db, read: Reader, ids: readonly number[], filters: ReportFilters) {
  const out = [];
  for (let i = 0; i < ids.length; i += IDS_PER_QUERY) {
    const q = db
      .selectFrom('report_durations as c')
      .select([
        'c.cohort',
        'c.month',
        'c.department_id',
        'c.category_id',
        'c.kecamatan_code',
        'c.assignee_user_id',
        'c.duration',
        'c.flagged',
      ])
      .where('c.complaint_id', 'in', ids.slice(i, i + IDS_PER_QUERY) as number[]);
    out.push(...(await read.rows(applyFilters(q, filters))));
  }
  return out;
}

/** Some complaints' columns the stored rows are computed from, within the report filters. */
export async function complaintRowsOf(db: Db, read: Reader, ids: readonly number[], filters: ReportFilters): Promise<ComplaintRow[]> {
  const out: ComplaintRow[] = [];
  for (let i = 0; i < ids.length; i += IDS_PER_QUERY) {
    const q = db
      .selectFrom('complaints as c')
      .select(COLUMNS.map((k) => `c.${k}` as const))
      .where('c.id', 'in', ids.slice(i, i + IDS_PER_QUERY) as number[]);
    out.push(...(await read.rows(applyFilters(q, filters))));
  }
  return out;
}

/** The complaints of one cell open now and never reopened, resolved or rejected: what its open cell holds. */
export function openInCell(db: Db | Tx, cell: Cell) {
  const q = db
    .selectFrom('complaints as c')
    .select('c.submitted_at')
    .where('c.state', 'in', OPEN_STATES as any)
    .where('c.reopened_count', '=', 0)
    .where('c.resolved_at', 'is', null)
    .where('c.rejected_at', 'is', null);
  return whereCell(q, cell, 'c.');
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

/** Complaints (where a missing department or officer is null) in one cell. */
export function whereCell<QB extends { where: (...args: any[]) => QB }>(q: QB, cell: Cell, prefix = ''): QB {
  const nullable = (qb: QB, col: string, v: number) =>
    v === NO_GROUP_ID ? qb.where(`${prefix}${col}`, 'is', null) : qb.where(`${prefix}${col}`, '=', v);
  q = nullable(q, 'department_id', cell.department_id);
  q = q.where(`${prefix}category_id`, '=', cell.category_id).where(`${prefix}kecamatan_code`, '=', cell.kecamatan_code);
  return nullable(q, 'assignee_user_id', cell.assignee_user_id);
}

/** Rows of a stored report table (a missing department or officer stored as NO_GROUP_ID) in one cell. */
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
