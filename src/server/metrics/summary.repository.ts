// The SQL of the report summary (report-summary.ts): one narrow query per §4 cohort of a period,
// each an indexed range read that returns the group keys and only the timestamps the figure needs;
// the counting figures (SLA outcomes, backlog by age, reopen) are counted by the database.
// The cohort conditions are those of responsiveness.ts; test/integration/report-summary.test.ts
// checks that both give the same figures.
import { sql } from 'kysely';
import type { Db } from '../db/index.ts';
import { applyFilters, type ReportFilters } from './metrics.repository.ts';
import { readRows } from '../db/read-rows.ts';
import { disputeHistories } from './complaint-history.ts';
import { OPEN_STATES, RESOLVED_STATES } from '../complaints/complaint-states.ts';
import { groupKeysOf, type GroupKeys } from './group-keys.ts';

export interface SummaryRange {
  from: number;
  to: number;
  now: number;
}

const int = (v: unknown): number => Number(v ?? 0);
const intOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

type Filterable<QB> = { where: (...args: any[]) => QB };

const KEYS = ['c.department_id', 'c.category_id', 'c.kecamatan_code', 'c.assignee_user_id'] as const;
function inRange<QB extends Filterable<QB>>(
  q: QB,
  column:
    | 'c.submitted_at'
    | 'c.assigned_at'
    | 'c.first_response_at'
    | 'c.resolved_at'
    | 'c.response_due_at'
    | 'c.resolution_due_at'
    | 'c.rejected_at',
  r: SummaryRange,
): QB {
  return q.where(column, '>=', r.from).where(column, '<', r.to);
}

/** Complaints submitted in the period, counted per group. */
export async function countSubmitted(db: Db, r: SummaryRange, f: ReportFilters) {
  const rows = await applyFilters(
    inRange(db.selectFrom('complaints as c').select([...KEYS, (eb) => eb.fn.countAll().as('n')]), 'c.submitted_at', r),
    f,
  )
    .groupBy([...KEYS])
    .execute();
  return rows.map((x) => ({ keys: groupKeysOf(x), n: int(x.n) }));
}

/** Complaints rejected in the period, counted per group (they belong to no figure but show their group, as in the fact view). */
export async function countRejected(db: Db, r: SummaryRange, f: ReportFilters) {
  const rows = await applyFilters(
    inRange(db.selectFrom('complaints as c').select([...KEYS, (eb) => eb.fn.countAll().as('n')]), 'c.rejected_at', r),
    f,
  )
    .groupBy([...KEYS])
    .execute();
  return rows.map((x) => ({ keys: groupKeysOf(x), n: int(x.n) }));
}

/**
 * The rows of the duration cohorts are many (a month of a million-complaint year is ~90k each), so
 * they are read as the driver's plain rows (readRows) with the group columns, for groupKeysOf.
 */
/** Assigned in the period: submitted and assigned times, and the transfer count. */
export async function assignedRows(db: Db, r: SummaryRange, f: ReportFilters) {
  return readRows(
    db,
    applyFilters(
      inRange(
        db.selectFrom('complaints as c').select([...KEYS, 'c.submitted_at', 'c.assigned_at', 'c.transfer_count']),
        'c.assigned_at',
        r,
      ),
      f,
    ),
  );
}

/** First public response in the period (assigned time may be missing in odd data). */
export async function firstResponseRows(db: Db, r: SummaryRange, f: ReportFilters) {
  return readRows(
    db,
    applyFilters(
      inRange(db.selectFrom('complaints as c').select([...KEYS, 'c.assigned_at', 'c.first_response_at']), 'c.first_response_at', r),
      f,
    ),
  );
}

/** The resolution cohort alone (last resolved in the period, still resolved, assigned): its two times. */
export async function resolutionCohortRows(db: Db, r: SummaryRange, f: ReportFilters) {
  // `|| ''`: read through complaints_resolved_cover_idx by resolved_at, not the (state, resolved_at) index and the table.
  const q = inRange(db.selectFrom('complaints as c').select([...KEYS, 'c.assigned_at', 'c.resolved_at']), 'c.resolved_at', r)
    .where(sql<boolean>`(c.state || '') in ('resolved', 'closed')`)
    .where('c.assigned_at', 'is not', null);
  return readRows(db, applyFilters(q, f));
}

/** Last resolution in the period, with whether the complaint is still resolved and its rating. */
export async function resolvedRows(db: Db, r: SummaryRange, f: ReportFilters) {
  const q = db
    .selectFrom('complaints as c')
    .leftJoin('complaint_ratings as rt', 'rt.complaint_id', 'c.id')
    .select([...KEYS, 'c.assigned_at', 'c.resolved_at', 'c.state', 'c.reopened_count', 'rt.score']);
  const rows = await applyFilters(inRange(q, 'c.resolved_at', r), f).execute();
  return rows.map((x) => ({
    keys: groupKeysOf(x),
    assignedAt: intOrNull(x.assigned_at),
    resolvedAt: Number(x.resolved_at),
    stillResolved: (RESOLVED_STATES as readonly string[]).includes(x.state),
    neverDisputed: Number(x.reopened_count) === 0 && x.state !== 'reopened',
    rating: intOrNull(x.score),
  }));
}

export interface SlaCounts {
  keys: GroupKeys;
  n: number;
  onTime: number;
  late: number;
  pastDueOpen: number;
}

/** Response SLA of the complaints whose response was due in the period: on time, late, unanswered past due. */
export async function responseSlaCounts(db: Db, r: SummaryRange, f: ReportFilters): Promise<SlaCounts[]> {
  const rows = await applyFilters(
    inRange(
      db
        .selectFrom('complaints as c')
        .select([
          ...KEYS,
          (eb) => eb.fn.countAll().as('n'),
          sql<number>`sum(case when c.first_response_at is not null and c.first_response_at <= c.response_due_at then 1 else 0 end)`.as(
            'on_time',
          ),
          sql<number>`sum(case when c.first_response_at is not null and c.first_response_at > c.response_due_at then 1 else 0 end)`.as(
            'late',
          ),
          sql<number>`sum(case when c.first_response_at is null and c.response_due_at < ${r.now} then 1 else 0 end)`.as('past_due_open'),
        ]),
      'c.response_due_at',
      r,
    ),
    f,
  )
    .groupBy([...KEYS])
    .execute();
  return rows.map((x) => ({
    keys: groupKeysOf(x),
    n: int(x.n),
    onTime: int(x.on_time),
    late: int(x.late),
    pastDueOpen: int(x.past_due_open),
  }));
}

/** Resolution SLA: on time or late when resolved now (last resolution), otherwise a miss once past due. */
export async function resolutionSlaCounts(db: Db, r: SummaryRange, f: ReportFilters): Promise<SlaCounts[]> {
  const resolved = sql<boolean>`c.state in ('resolved', 'closed') and c.resolved_at is not null`;
  const rows = await applyFilters(
    inRange(
      db
        .selectFrom('complaints as c')
        .select([
          ...KEYS,
          (eb) => eb.fn.countAll().as('n'),
          sql<number>`sum(case when ${resolved} and c.resolved_at <= c.resolution_due_at then 1 else 0 end)`.as('on_time'),
          sql<number>`sum(case when ${resolved} and c.resolved_at > c.resolution_due_at then 1 else 0 end)`.as('late'),
          sql<number>`sum(case when not (${resolved}) and c.resolution_due_at < ${r.now} then 1 else 0 end)`.as('past_due_open'),
        ]),
      'c.resolution_due_at',
      r,
    ),
    f,
  )
    .groupBy([...KEYS])
    .execute();
  return rows.map((x) => ({
    keys: groupKeysOf(x),
    n: int(x.n),
    onTime: int(x.on_time),
    late: int(x.late),
    pastDueOpen: int(x.past_due_open),
  }));
}

/**
 * Never-reopened complaints open at instant t (submitted before, neither rejected nor resolved before),
 * counted per group and age bucket. `thresholds` are the submission instants from which the age at t is
 * below 6, 15 and 31 working days (computed from the working clock by the caller), so the buckets are
 * exactly those of backlogBucket.
 */
export async function backlogCounts(
  db: Db,
  t: number,
  thresholds: readonly [number, number, number],
  f: ReportFilters,
  openFromCells = false,
) {
  const [s6, s15, s31] = thresholds;
  const bucket = sql<number>`case when c.submitted_at >= ${s6} then 0 when c.submitted_at >= ${s15} then 1 when c.submitted_at >= ${s31} then 2 else 3 end`;
  // Conditions other than each part's driving range are written with coalesce(), which no index
  // serves, so the planner reads each part through its covering index and nothing else.
  const notBefore = (col: 'c.rejected_at' | 'c.resolved_at') => sql<boolean>`coalesce(${sql.ref(col)}, ${t}) >= ${t}`;
  const base = () =>
    db
      .selectFrom('complaints as c')
      .select([...KEYS, bucket.as('bucket'), (eb) => eb.fn.countAll().as('n')])
      .where('c.reopened_count', '=', 0)
      .where(notBefore('c.rejected_at'));
  const out: { keys: GroupKeys; bucket: number; n: number }[] = [];
  // Still open now: one query per state, read in the order of complaints_open_cells_idx (state,
  // reopened_count, the group keys, submitted_at) so each group's buckets are summed as the index is
  // walked, without sorting a year's backlog; `+ 0` keeps the planner off the (state, submitted_at) index.
  // With the open cells (durations.service.ts) counting these, this part is skipped.
  for (const state of openFromCells ? [] : (['submitted', 'assigned', 'in_progress'] as const)) {
    const q = db
      .selectFrom('complaints as c')
      .select([
        ...KEYS,
        sql<number>`sum(case when c.submitted_at >= ${s6} then 1 else 0 end)`.as('b0'),
        sql<number>`sum(case when c.submitted_at >= ${s15} then 1 else 0 end)`.as('b01'),
        sql<number>`sum(case when c.submitted_at >= ${s31} then 1 else 0 end)`.as('b012'),
        (eb) => eb.fn.countAll().as('n'),
      ])
      .where('c.state', '=', state)
      .where('c.reopened_count', '=', 0)
      .where(sql<boolean>`c.submitted_at + 0 < ${t}`)
      .where(notBefore('c.resolved_at'))
      .where(notBefore('c.rejected_at'));
    for (const x of await readRows(db, applyFilters(q, f).groupBy([...KEYS]))) {
      const keys = groupKeysOf(x);
      const [b0, b01, b012, n] = [int(x.b0), int(x.b01), int(x.b012), int(x.n)];
      const counts = [b0, b01 - b0, b012 - b01, n - b012];
      counts.forEach((c, bucket) => c && out.push({ keys, bucket, n: c }));
    }
  }
  // Closed now but open at t: resolved after t; rejected after t and never resolved.
  const parts = [
    base()
      .where('c.resolved_at', '>=', t)
      .where(sql<boolean>`c.state not in ('submitted', 'assigned', 'in_progress', 'reopened')`)
      .where(sql<boolean>`c.submitted_at + 0 < ${t}`),
    base()
      .where('c.rejected_at', '>=', t)
      .where(sql<boolean>`coalesce(c.resolved_at, -1) = -1`)
      .where(sql<boolean>`c.state not in ('submitted', 'assigned', 'in_progress', 'reopened')`)
      .where(sql<boolean>`c.submitted_at + 0 < ${t}`),
  ];
  for (const q of parts) {
    const rows = await applyFilters(q, f)
      .groupBy([...KEYS, sql`bucket`])
      .execute();
    for (const x of rows) out.push({ keys: groupKeysOf(x), bucket: Number(x.bucket), n: int(x.n) });
  }
  return out;
}

/**
 * Reopened complaints that may be open at t (their state then depends on the resolve/dispute history):
 * submitted before t, not rejected before t, and not resolved now with the last resolution before t.
 */
export async function reopenedCandidates(db: Db, t: number, f: ReportFilters) {
  const q = db
    .selectFrom('complaints as c')
    .select([...KEYS, 'c.id', 'c.state', 'c.submitted_at', 'c.resolved_at', 'c.rejected_at', 'c.reopened_count'])
    .where((eb) => eb.or([eb('c.reopened_count', '>', 0), eb('c.state', '=', 'reopened')]))
    // `+ 0`: found through the reopened_count and state indexes (a few thousand rows), not by
    // walking every complaint submitted before t.
    .where(sql<boolean>`c.submitted_at + 0 < ${t}`)
    .where((eb) => eb.or([eb('c.rejected_at', 'is', null), eb('c.rejected_at', '>=', t)]))
    .where((eb) => eb.or([eb('c.state', 'in', OPEN_STATES), eb('c.resolved_at', '>=', t), eb('c.rejected_at', '>=', t)]));
  const rows = await applyFilters(q, f).execute();
  const history = await disputeHistories(
    db,
    rows.map((x) => Number(x.id)),
    (q) => readRows(db, q),
  );
  return rows.map((x) => ({
    keys: groupKeysOf(x),
    id: Number(x.id),
    state: x.state,
    submittedAt: Number(x.submitted_at),
    resolvedAt: intOrNull(x.resolved_at),
    rejectedAt: intOrNull(x.rejected_at),
    reopenedCount: Number(x.reopened_count),
    history: history.get(Number(x.id)),
  }));
}

/**
 * The reopen cohort (a resolve event in the period) among complaints ever disputed. A complaint never disputed has
 * exactly one resolve event, written with its resolved_at in the same transaction
 * (workflow.service.ts resolveComplaint; seed-demo likewise), and no dispute: it is in the cohort
 * when resolved_at is in the period, never reopened. Complaints ever disputed are returned with their
 * resolve/dispute history for responsiveness.ts's reopenOutcome: any resolve event of theirs in the
 * period lies at or before their last resolution, so resolved_at >= from finds them all.
 */
export async function reopenCohort(db: Db, r: SummaryRange, f: ReportFilters) {
  const disputed = await applyFilters(
    db
      .selectFrom('complaints as c')
      .select([...KEYS, 'c.id'])
      .where('c.resolved_at', '>=', r.from)
      .where((eb) => eb.or([eb('c.reopened_count', '>', 0), eb('c.state', '=', 'reopened')])),
    f,
  ).execute();
  const history = await disputeHistories(
    db,
    disputed.map((x) => Number(x.id)),
    (q) => readRows(db, q),
  );
  return disputed.map((x) => ({ keys: groupKeysOf(x), history: history.get(Number(x.id)) }));
}
