// The accumulate step of the report summary (report-summary.ts reads the sources its plan names):
// adds every source's rows into the figures of the period overall and of each group a row belongs to,
// then turns them into the §4 metrics. Pure: no database, so it can be tested with rows made by hand.
import { BACKLOG_BUCKETS, backlogBucket, share, type BacklogBucket } from './stats.ts';
import { backlogAge, reopenOutcome, type ComplaintFact, type Metrics } from './responsiveness.ts';
import type { WorkingClock } from './working-time.ts';
import { Samples } from './samples.ts';
import { groupKeysOf, type GroupKeys } from './group-keys.ts';
import type { Report } from './reports.service.ts';
import type { ComplaintState } from '../complaints/complaint-states.ts';
import type { DurationCell, OddOpen, OpenCell } from './durations.repository.ts';
import type {
  assignedRows,
  backlogCounts,
  firstResponseRows,
  reopenCohort,
  reopenedCandidates,
  resolutionCohortRows,
} from './summary.repository.ts';

export type ReportSummary = Omit<Report, 'facts'>;

/** One group's running figures. */
export interface Acc {
  volume: number;
  verification: Samples;
  transferred: number;
  firstResponse: Samples;
  resolution: Samples;
  ratingSum: number;
  ratingN: number;
  response: { onTime: number; late: number; pastDueOpen: number };
  resolutionSla: { onTime: number; late: number; pastDueOpen: number };
  backlog: number[];
  resolvedInP: number;
  reopened: number;
}

const newAcc = (): Acc => ({
  volume: 0,
  verification: new Samples(),
  transferred: 0,
  firstResponse: new Samples(),
  resolution: new Samples(),
  ratingSum: 0,
  ratingN: 0,
  response: { onTime: 0, late: 0, pastDueOpen: 0 },
  resolutionSla: { onTime: 0, late: 0, pastDueOpen: 0 },
  backlog: [0, 0, 0, 0],
  resolvedInP: 0,
  reopened: 0,
});

/** A group's share of the counting figures (`add` missing: the rows only make the group appear). */
export interface CountRow {
  keys: GroupKeys;
  add?: (a: Acc) => void;
}

export const addSla = (s: Acc['response'], onTime: number, late: number, pastDueOpen: number) => {
  s.onTime += onTime;
  s.late += late;
  s.pastDueOpen += pastDueOpen;
};

type Rows<F extends (...args: any[]) => Promise<unknown[]>> = Awaited<ReturnType<F>>;

/** The duration cohorts' rows read from the complaints, timed here with the request's clock. */
export interface TimedCohorts {
  assigned: Rows<typeof assignedRows>;
  responded: Rows<typeof firstResponseRows>;
  resolution: Rows<typeof resolutionCohortRows>;
}

/** Everything the plan had read; a source the plan did not use is empty (or null). */
export interface SummarySources {
  counts: CountRow[];
  /** The duration cohorts from the stored cells, or (null) from `timed`. */
  durations: Record<'verification' | 'first_response' | 'resolution', DurationCell[]> | null;
  timed: TimedCohorts | null;
  /** Backlog counted by the database per group and bucket. */
  backlog: Rows<typeof backlogCounts>;
  open: OpenCell[];
  odd: OddOpen[];
  /** The backlog at the period's last month end, from the stored cells. */
  monthEnd: DurationCell[];
  /** Complaints ever reopened that may be open at the period end, with their history. */
  candidates: Rows<typeof reopenedCandidates>;
  reopenCells: DurationCell[];
  reopen: Rows<typeof reopenCohort>;
}

export interface AccumulateContext {
  from: number;
  to: number;
  now: number;
  /** The backlog instant: the period end, or now while the period runs. */
  t: number;
  clock: WorkingClock;
  /** Submission instants from which the age at t is below 6, 15 and 31 working days. */
  thresholds: readonly [number, number, number];
}

export function accumulate(s: SummarySources, ctx: AccumulateContext): ReportSummary {
  const { t, clock } = ctx;
  const overall = newAcc();
  const groups = {
    department: new Map<number, Acc>(),
    category: new Map<number, Acc>(),
    kecamatan: new Map<string, Acc>(),
    officer: new Map<number, Acc>(),
  };
  const get = <K>(m: Map<K, Acc>, k: K) => {
    let a = m.get(k);
    if (!a) m.set(k, (a = newAcc()));
    return a;
  };
  // Every group a complaint of the period belongs to, whether or not it adds to a figure (as groupMetrics does).
  const accsOf = (keys: GroupKeys): Acc[] => {
    const out = [overall, get(groups.category, keys.category), get(groups.kecamatan, keys.kecamatan)];
    if (keys.department !== null) out.push(get(groups.department, keys.department));
    if (keys.officer !== null) out.push(get(groups.officer, keys.officer));
    return out;
  };
  for (const x of s.counts) {
    const accs = accsOf(x.keys);
    if (x.add) for (const a of accs) x.add(a);
  }
  if (s.durations) {
    const pick = {
      verification: (a: Acc) => a.verification,
      first_response: (a: Acc) => a.firstResponse,
      resolution: (a: Acc) => a.resolution,
    };
    for (const cohort of ['verification', 'first_response', 'resolution'] as const) {
      for (const cell of s.durations[cohort]) {
        for (const a of accsOf(cell.keys)) {
          pick[cohort](a).add(cell.values);
          if (cohort === 'verification') a.transferred += cell.flagged;
        }
      }
    }
  } else if (s.timed) {
    for (const x of s.timed.assigned) {
      const d = clock.between(Number(x.submitted_at), Number(x.assigned_at));
      const transferred = Number(x.transfer_count) > 0;
      for (const a of accsOf(groupKeysOf(x))) {
        a.verification.push(d);
        if (transferred) a.transferred++;
      }
    }
    for (const x of s.timed.responded) {
      const d = x.assigned_at === null ? null : clock.between(Number(x.assigned_at), Number(x.first_response_at));
      for (const a of accsOf(groupKeysOf(x))) if (d !== null) a.firstResponse.push(d);
    }
    for (const x of s.timed.resolution) {
      const d = clock.between(Number(x.assigned_at), Number(x.resolved_at));
      for (const a of accsOf(groupKeysOf(x))) a.resolution.push(d);
    }
  }
  for (const x of s.backlog) for (const a of accsOf(x.keys)) a.backlog[x.bucket]! += x.n;
  const [s6, s15, s31] = ctx.thresholds;
  for (const x of s.open) {
    // Submitted before t, by age bucket: [s6, t), [s15, s6), [s31, s15), before s31.
    const [nt, n6, n15, n31] = [t, s6, s15, s31].map((edge) => countBelow(x.submitted, edge));
    const buckets = [nt! - n6!, n6! - n15!, n15! - n31!, n31!];
    if (nt === 0) continue;
    for (const a of accsOf(x.keys)) for (let b = 0; b < 4; b++) a.backlog[b]! += buckets[b]!;
  }
  for (const x of s.monthEnd) {
    // Ages at the period end, ascending: the bucket edges are whole working days 6, 15 and 31.
    const [n6, n15, n31] = [6, 15, 31].map((edge) => countBelow(x.values, edge));
    const buckets = [n6!, n15! - n6!, n31! - n15!, x.values.length - n31!];
    for (const a of accsOf(x.keys)) for (let b = 0; b < 4; b++) a.backlog[b]! += buckets[b]!;
  }
  for (const x of s.odd) {
    // Open at t only if submitted before it and neither resolved nor rejected before it.
    if (!(x.submittedAt < t) || (x.resolvedAt !== null && x.resolvedAt < t) || (x.rejectedAt !== null && x.rejectedAt < t)) continue;
    const bucket = x.submittedAt >= s6 ? 0 : x.submittedAt >= s15 ? 1 : x.submittedAt >= s31 ? 2 : 3;
    for (const a of accsOf(x.keys)) a.backlog[bucket]!++;
  }
  const range = { from: ctx.from, to: ctx.to, now: ctx.now, clock };
  for (const x of s.candidates) {
    const fact = { ...x, state: x.state as ComplaintState } as unknown as ComplaintFact;
    const age = backlogAge(fact, range);
    const bucket = age === null ? null : BUCKET_INDEX.get(backlogBucket(age))!;
    for (const a of accsOf(x.keys)) if (bucket !== null) a.backlog[bucket]!++;
  }
  for (const x of s.reopenCells) {
    for (const a of accsOf(x.keys)) {
      a.resolvedInP += x.rows;
      a.reopened += x.flagged;
    }
  }
  for (const x of s.reopen) {
    const outcome = x.history ? reopenOutcome({ history: x.history } as unknown as ComplaintFact, range) : null;
    if (outcome === null) continue; // no resolve event in the period: not one of the period's complaints
    for (const a of accsOf(x.keys)) {
      a.resolvedInP++;
      if (outcome) a.reopened++;
    }
  }

  const done = <K>(m: Map<K, Acc>) => new Map([...m].map(([k, a]) => [k, metricsOf(a)]));
  return {
    overall: metricsOf(overall),
    byDepartment: done(groups.department),
    byCategory: done(groups.category),
    byKecamatan: done(groups.kecamatan),
    byOfficer: done(groups.officer),
  };
}

/** How many of the ascending values are below x. */
function countBelow(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const BUCKET_INDEX = new Map<BacklogBucket, number>(BACKLOG_BUCKETS.map((b, i) => [b.key, i]));

function sla(s: Acc['response']) {
  return { ...share(s.onTime, s.onTime + s.late + s.pastDueOpen), ...s };
}

function metricsOf(a: Acc): Metrics {
  const buckets = Object.fromEntries(BACKLOG_BUCKETS.map((b, i) => [b.key, a.backlog[i]!])) as Record<BacklogBucket, number>;
  return {
    volume: a.volume,
    verification: a.verification.summary(),
    firstResponse: a.firstResponse.summary(),
    resolution: a.resolution.summary(),
    responseSla: sla(a.response),
    resolutionSla: sla(a.resolutionSla),
    backlog: { total: a.backlog.reduce((x, y) => x + y, 0), buckets },
    reopen: share(a.reopened, a.resolvedInP),
    // Scores are whole numbers, so their sum is exact in any order: the mean is mean() of the scores.
    csat: { mean: a.ratingN ? a.ratingSum / a.ratingN : null, n: a.ratingN, responseRate: share(a.ratingN, a.resolution.n) },
    transfer: share(a.transferred, a.verification.n),
  };
}
