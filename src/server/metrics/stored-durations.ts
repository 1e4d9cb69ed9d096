// What a report reads of the stored durations (durations.service.ts keeps them): whether they serve a
// request, and the cells it needs with the complaints changed since the processor last ran overlaid in
// memory, timed exactly as the processor will time them. So a report stays exact without writing: only
// the worker's job, start-up and `npm run cli -- refresh-reports` store the rows. Everything is read on
// one snapshot, so the waiting list, the stored rows and the cells agree even while the processor runs.
import type { Db } from '../db/index.ts';
import type { WorkingCalendar } from '../calendar/calendar.ts';
import { withReader, type Reader } from '../db/read-rows.ts';
import { applyFilters, type ReportFilters } from './metrics.repository.ts';
import { rollupOffset } from './month-counts.ts';
import { disputeHistories } from './complaint-history.ts';
import {
  calendarFingerprint,
  everDisputed,
  isOpenClean,
  isOpenNew,
  timedRows,
  type ComplaintRow,
  type DurationRow,
} from './duration-rows.ts';
import { cellKey, cellOf, groupKeysOf } from './group-keys.ts';
import { DURATION_COHORTS, type Cell, type DurationCohort } from './durations.tables.ts';
import {
  complaintRowsOf,
  durationCells,
  durationsState,
  openCells,
  openInCell,
  openOdd,
  storedRowsOf,
  waitingChanges,
  waitingComplaints,
  type DurationCell,
  type OddOpen,
  type OpenCell,
} from './durations.repository.ts';
import { DURATIONS_OVERLAY_LIMIT } from '../limits.ts';

/** The stored durations serve this calendar now; their backlog reaches this month end. */
export type DurationsStatus = false | { backlogThrough: number };

/**
 * Whether the stored durations can serve a report now (read only): false when timed with another
 * calendar (holidays, zone offset) or when more changes wait than a report overlays.
 */
export async function durationsStatus(db: Db, cal: WorkingCalendar, knownOffset?: number | null): Promise<DurationsStatus> {
  const offset = knownOffset === undefined ? await rollupOffset(db) : knownOffset;
  if (offset === null) return false;
  const state = await withReader(db, (read) => durationsState(db, read));
  if (!state || state.calendar !== calendarFingerprint(cal, offset)) return false;
  if ((await waitingChanges(db)) > DURATIONS_OVERLAY_LIMIT) return false;
  return { backlogThrough: state.backlogThrough };
}

/** What a report needs of the stored durations. */
export interface StoredNeed {
  months: readonly number[];
  /** The reopen cohort's cells of these months. */
  reopen: boolean;
  /** The backlog at the last month's end ('month-end'), or the open cells and odd open complaints ('open-cells'). */
  backlog: 'month-end' | 'open-cells' | 'none';
}

export interface StoredSources {
  durations: Record<(typeof DURATION_COHORTS)[number], DurationCell[]>;
  reopen: DurationCell[];
  monthEnd: DurationCell[];
  open: OpenCell[];
  odd: OddOpen[];
}

/**
 * The stored cells a report needs, as the processor would leave them after catching up now. False when
 * the stored durations no longer match `expected` (retimed or too far behind meanwhile): the caller then
 * reads the complaints.
 */
export async function readStoredDurations(
  db: Db,
  cal: WorkingCalendar,
  offset: number,
  expected: Exclude<DurationsStatus, false>,
  need: StoredNeed,
  filters: ReportFilters,
): Promise<StoredSources | false> {
  return withReader(
    db,
    async (read) => {
      const state = await durationsState(db, read);
      if (!state || state.calendar !== calendarFingerprint(cal, offset) || state.backlogThrough !== expected.backlogThrough) return false;
      const waiting = await waitingComplaints(db, read, DURATIONS_OVERLAY_LIMIT + 1);
      if (waiting.length > DURATIONS_OVERLAY_LIMIT) return false;
      const pending = await pendingRows(db, read, cal, offset, state.backlogThrough, waiting, filters);
      const cells = async (cohort: DurationCohort, months: readonly number[]) =>
        overlayCells(await durationCells(db, read, cohort, months, filters), cohort, months, pending.changes);
      const last = need.months[need.months.length - 1]!;
      const [verification, first_response, resolution, reopen, monthEnd, open, odd] = await Promise.all([
        cells('verification', need.months),
        cells('first_response', need.months),
        cells('resolution', need.months),
        need.reopen ? cells('reopen', need.months) : [],
        need.backlog === 'month-end' ? cells('backlog', [last]) : [],
        need.backlog === 'open-cells' ? overlayOpenCells(db, read, pending.openTouched, filters) : [],
        need.backlog === 'open-cells' ? openOdd(db, read, filters).then((rows) => overlayOdd(rows, pending)) : [],
      ]);
      return { durations: { verification, first_response, resolution }, reopen, monthEnd, open, odd };
    },
    { snapshot: true },
  );
}

/** A stored cell's change once the waiting complaints are processed: their old rows out, their new rows in. */
export interface CellChange {
  cohort: DurationCohort;
  month: number;
  cell: Cell;
  rows: number;
  flagged: number;
  remove: number[];
  add: number[];
}

interface Pending {
  ids: ReadonlySet<number>;
  complaints: ComplaintRow[];
  changes: Map<string, CellChange>;
  /** The groups whose open cells the processor would rewrite: each waiting complaint's group before and now. */
  openTouched: Map<string, Cell>;
}

/** The waiting complaints (within the filters): their stored rows, their rows as of now, and the cells these change. */
async function pendingRows(
  db: Db,
  read: Reader,
  cal: WorkingCalendar,
  offset: number,
  horizon: number,
  waiting: Awaited<ReturnType<typeof waitingComplaints>>,
  filters: ReportFilters,
): Promise<Pending> {
  const ids = waiting.map((w) => Number(w.complaint_id));
  const changes = new Map<string, CellChange>();
  const openTouched = new Map<string, Cell>();
  if (!ids.length) return { ids: new Set(), complaints: [], changes, openTouched };
  const [old, complaints] = await Promise.all([storedRowsOf(db, read, ids, filters), complaintRowsOf(db, read, ids, filters)]);
  const histories = await disputeHistories(
    db,
    complaints.filter(everDisputed).map((c) => Number(c.id)),
    (q) => read.rows(q),
  );
  const fresh = timedRows(complaints, histories, cal, offset, horizon);
  const change = (r: Pick<DurationRow, 'cohort' | 'month' | 'department_id' | 'category_id' | 'kecamatan_code' | 'assignee_user_id'>) => {
    const cell = cellOf(r);
    const key = `${r.cohort}|${Number(r.month)}|${cellKey(cell)}`;
    let c = changes.get(key);
    if (!c) changes.set(key, (c = { cohort: r.cohort, month: Number(r.month), cell, rows: 0, flagged: 0, remove: [], add: [] }));
    return c;
  };
  for (const r of old) {
    const c = change(r);
    c.rows--;
    c.flagged -= Number(r.flagged);
    if (r.duration !== null) c.remove.push(Number(r.duration));
  }
  for (const r of fresh) {
    const c = change(r);
    c.rows++;
    c.flagged += r.flagged;
    if (r.duration !== null) c.add.push(r.duration);
  }
  for (const w of waiting) if (Number(w.had_group) === 1) openTouched.set(cellKey(cellOf(w)), cellOf(w));
  for (const c of complaints) openTouched.set(cellKey(cellOf(c)), cellOf(c));
  return { ids: new Set(ids), complaints, changes, openTouched };
}

/** A cohort's stored cells of some months with the waiting complaints' changes applied (a cell left empty goes). */
export function overlayCells(
  stored: readonly DurationCell[],
  cohort: DurationCohort,
  months: readonly number[],
  changes: ReadonlyMap<string, CellChange>,
): DurationCell[] {
  if (!changes.size) return [...stored];
  const out: DurationCell[] = [];
  const applied = new Set<string>();
  for (const x of stored) {
    const k = `${cohort}|${x.month}|${x.key}`;
    const c = changes.get(k);
    if (!c) {
      out.push(x);
      continue;
    }
    applied.add(k);
    const rows = x.rows + c.rows;
    if (rows > 0) out.push({ ...x, rows, flagged: x.flagged + c.flagged, values: changed(x.values, c.remove, c.add) });
  }
  const wanted = new Set(months);
  for (const [k, c] of changes) {
    if (c.cohort !== cohort || !wanted.has(c.month) || applied.has(k) || c.rows <= 0) continue;
    out.push({
      keys: groupKeysOf(c.cell),
      key: cellKey(c.cell),
      month: c.month,
      rows: c.rows,
      flagged: c.flagged,
      values: changed(new Float64Array(0), c.remove, c.add),
    });
  }
  return out;
}

/** Ascending values with some taken out (each once) and others added, ascending. */
function changed(values: Float64Array, remove: readonly number[], add: readonly number[]): Float64Array {
  const drop = new Map<number, number>();
  for (const v of remove) drop.set(v, (drop.get(v) ?? 0) + 1);
  const out: number[] = [];
  for (const v of values) {
    const n = drop.get(v);
    if (n) drop.set(v, n - 1);
    else out.push(v);
  }
  out.push(...add);
  return Float64Array.from(out).sort();
}

/** The open cells, those of the groups the waiting complaints were or are in read again from the complaints. */
async function overlayOpenCells(db: Db, read: Reader, touched: ReadonlyMap<string, Cell>, filters: ReportFilters): Promise<OpenCell[]> {
  const stored = await openCells(db, read, filters);
  if (!touched.size) return stored;
  const out = stored.filter((x) => !touched.has(x.key));
  for (const [key, cell] of touched) {
    const submitted = await read.column(applyFilters(openInCell(db, cell), filters));
    if (submitted.length) out.push({ keys: groupKeysOf(cell), key, submitted: Float64Array.from(submitted, Number).sort() });
  }
  return out;
}

/** The odd open complaints, the waiting ones as they are now. */
function overlayOdd(stored: OddOpen[], pending: Pending): OddOpen[] {
  if (!pending.ids.size) return stored;
  const out = stored.filter((x) => !pending.ids.has(x.complaintId));
  for (const c of pending.complaints) {
    if (!isOpenNew(c) || isOpenClean(c)) continue;
    out.push({
      keys: groupKeysOf(c),
      complaintId: Number(c.id),
      submittedAt: Number(c.submitted_at),
      resolvedAt: c.resolved_at === null ? null : Number(c.resolved_at),
      rejectedAt: c.rejected_at === null ? null : Number(c.rejected_at),
    });
  }
  return out;
}
