// Reading the stored report cells (kept by durations.service.ts, migration 2026_12_01_1720) within
// the report filters: a cohort's duration cells of some months, the open cells and the odd open ones.
import type { Db } from '../db/index.ts';
import { readRows } from '../db/read-rows.ts';
import { applyFilters, type ReportFilters } from './metrics.repository.ts';
import type { GroupKeys } from './summary.repository.ts';
import type { Cell, DurationCohort } from './durations.tables.ts';

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
export async function durationCells(db: Db, cohort: DurationCohort, months: readonly number[], filters: ReportFilters): Promise<DurationCell[]> {
  const q = db.selectFrom('report_duration_cells as c')
    .select(['c.department_id', 'c.category_id', 'c.kecamatan_code', 'c.assignee_user_id', 'c.complaints', 'c.flagged', 'c.durations'])
    .where('c.cohort', '=', cohort).where('c.month', 'in', months as number[]);
  const rows = await readRows(db, applyFilters(q, filters));
  return rows.map((x) => ({ keys: keysOf(x), rows: Number(x.complaints), flagged: Number(x.flagged), values: fromBlob(x.durations) }));
}

/** The open cells within the report filters: each group's submission times, ascending. */
export async function openCells(db: Db, filters: ReportFilters): Promise<{ keys: GroupKeys; submitted: Float64Array }[]> {
  const q = db.selectFrom('report_open_cells as c').select(['c.department_id', 'c.category_id', 'c.kecamatan_code', 'c.assignee_user_id', 'c.submitted']);
  const rows = await readRows(db, applyFilters(q, filters));
  return rows.map((x) => ({ keys: keysOf(x), submitted: fromBlob(x.submitted) }));
}

/** The odd open complaints (open now, never reopened, with a resolution or rejection time) within the report filters. */
export async function openOdd(db: Db, filters: ReportFilters) {
  const rows = await readRows(db, applyFilters(db.selectFrom('report_open_odd as c').selectAll(), filters));
  return rows.map((x) => ({ keys: keysOf(x), submittedAt: Number(x.submitted_at), resolvedAt: x.resolved_at === null ? null : Number(x.resolved_at), rejectedAt: x.rejected_at === null ? null : Number(x.rejected_at) }));
}
