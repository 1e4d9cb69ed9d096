// The §4 figures of a period overall and per department, category, kecamatan and officer, read as
// one narrow query per cohort (summary.repository.ts) instead of one fact row per complaint: what
// the /reports page shows. Exact, not approximated: durations are still computed per complaint with
// the working clock and summarised by the same nearest-rank code; SLA outcomes, backlog by age and
// reopenings are counted by the database with the conditions of responsiveness.ts. Complaints ever
// reopened that may be open at the period end still go through responsiveness.ts's backlogAge, with
// their resolve/dispute history. buildReport (the fact view) gives the same figures; a test compares.
import type { Db } from '../db/index.ts';
import { BACKLOG_BUCKETS, backlogBucket, mean, share, type BacklogBucket, type DurationSummary } from './stats.ts';
import { backlogAge, reopenOutcome, type ComplaintFact, type Metrics } from './responsiveness.ts';
import { workingClock, type WorkingClock } from './working-time.ts';
import {
  assignedRows, backlogCounts, countRejected, countSubmitted, firstResponseRows, reopenCohort, reopenedCandidates,
  resolutionSlaCounts, resolvedRows, responseSlaCounts, type GroupKeys, type SlaCounts,
} from './summary.repository.ts';
import { scopedFilters, type Report, type ReportRequest } from './reports.service.ts';
import type { ComplaintState } from '../complaints/complaint-states.ts';

const DAY = 86_400_000;
/** Backlog ages are measured back from the period end at most this far when finding the bucket edges. */
const THRESHOLD_SEARCH_MS = 400 * DAY;

interface Acc {
  volume: number;
  verification: number[];
  transferred: number;
  firstResponse: number[];
  resolution: number[];
  ratings: number[];
  response: { onTime: number; late: number; pastDueOpen: number };
  resolutionSla: { onTime: number; late: number; pastDueOpen: number };
  backlog: number[];
  resolvedInP: number;
  reopened: number;
}

const newAcc = (): Acc => ({
  volume: 0, verification: [], transferred: 0, firstResponse: [], resolution: [], ratings: [],
  response: { onTime: 0, late: 0, pastDueOpen: 0 }, resolutionSla: { onTime: 0, late: 0, pastDueOpen: 0 },
  backlog: [0, 0, 0, 0], resolvedInP: 0, reopened: 0,
});

export type ReportSummary = Omit<Report, 'facts'>;

/** Submission instants from which the age at t is below 6, 15 and 31 working days (the backlog bucket edges). */
export function backlogThresholds(clock: WorkingClock, t: number, lowest: number): [number, number, number] {
  // between(s, t) does not increase as s moves towards t, so each edge is found by bisection.
  const edge = (days: number) => {
    if (!(clock.between(lowest, t) >= days)) throw new RangeError(`no backlog bucket edge of ${days} working days after ${new Date(lowest).toISOString()}`);
    let lo = lowest; // age >= days
    let hi = t; // age < days
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (clock.between(mid, t) < days) hi = mid;
      else lo = mid;
    }
    return hi;
  };
  return [edge(6), edge(15), edge(31)];
}

export async function buildReportSummary(db: Db, r: ReportRequest): Promise<ReportSummary> {
  const range = { from: r.period.from.getTime(), to: r.period.to.getTime(), now: r.now.getTime() };
  const t = Math.min(range.to, range.now);
  const filters = scopedFilters(r.filters, r.scope);
  const [submitted, rejected, assigned, responded, resolved, responseSla, resolutionSla, reopen, candidates] = await Promise.all([
    countSubmitted(db, range, filters),
    countRejected(db, range, filters),
    assignedRows(db, range, filters),
    firstResponseRows(db, range, filters),
    resolvedRows(db, range, filters),
    responseSlaCounts(db, range, filters),
    resolutionSlaCounts(db, range, filters),
    reopenCohort(db, range, filters),
    reopenedCandidates(db, t, filters),
  ]);
  // One clock over every instant a duration is taken from (its origin does not change the result).
  let min = Math.min(range.from, t - THRESHOLD_SEARCH_MS);
  for (const x of assigned) if (x.submittedAt < min) min = x.submittedAt;
  for (const x of responded) if (x.assignedAt !== null && x.assignedAt < min) min = x.assignedAt;
  for (const x of resolved) if (x.assignedAt !== null && x.assignedAt < min) min = x.assignedAt;
  for (const x of candidates) if (x.submittedAt < min) min = x.submittedAt;
  const clock = workingClock(r.calendar, min, Math.max(range.to, range.now));
  const backlog = await backlogCounts(db, t, backlogThresholds(clock, t, t - THRESHOLD_SEARCH_MS), filters);

  const overall = newAcc();
  const groups = { d: new Map<number, Acc>(), c: new Map<number, Acc>(), k: new Map<string, Acc>(), o: new Map<number, Acc>() };
  const get = <K>(m: Map<K, Acc>, k: K) => {
    let a = m.get(k);
    if (!a) m.set(k, (a = newAcc()));
    return a;
  };
  // Every group a complaint of the period belongs to, whether or not it adds to a figure (as groupMetrics does).
  const accsOf = (keys: GroupKeys): Acc[] => {
    const out = [overall, get(groups.c, keys.c), get(groups.k, keys.k)];
    if (keys.d !== null) out.push(get(groups.d, keys.d));
    if (keys.o !== null) out.push(get(groups.o, keys.o));
    return out;
  };
  const addSla = (rows: SlaCounts[], pick: (a: Acc) => Acc['response']) => {
    for (const x of rows) for (const a of accsOf(x.keys)) {
      const s = pick(a);
      s.onTime += x.onTime;
      s.late += x.late;
      s.pastDueOpen += x.pastDueOpen;
    }
  };

  for (const x of submitted) for (const a of accsOf(x.keys)) a.volume += x.n;
  for (const x of rejected) accsOf(x.keys);
  for (const x of assigned) {
    const d = clock.between(x.submittedAt, x.assignedAt);
    for (const a of accsOf(x.keys)) {
      a.verification.push(d);
      if (x.transferred) a.transferred++;
    }
  }
  for (const x of responded) {
    const d = x.assignedAt === null ? null : clock.between(x.assignedAt, x.firstResponseAt);
    for (const a of accsOf(x.keys)) if (d !== null) a.firstResponse.push(d);
  }
  for (const x of resolved) {
    const inCohort = x.stillResolved && x.assignedAt !== null;
    const d = inCohort ? clock.between(x.assignedAt!, x.resolvedAt) : null;
    for (const a of accsOf(x.keys)) {
      if (d === null) continue;
      a.resolution.push(d);
      if (x.rating !== null) a.ratings.push(x.rating);
    }
  }
  addSla(responseSla, (a) => a.response);
  addSla(resolutionSla, (a) => a.resolutionSla);
  for (const x of backlog) for (const a of accsOf(x.keys)) a.backlog[x.bucket]! += x.n;
  const ctx = { ...range, clock };
  for (const x of candidates) {
    const fact = { ...x, state: x.state as ComplaintState } as unknown as ComplaintFact;
    const age = backlogAge(fact, ctx);
    const bucket = age === null ? null : BUCKET_INDEX.get(backlogBucket(age))!;
    for (const a of accsOf(x.keys)) if (bucket !== null) a.backlog[bucket]!++;
  }
  for (const x of resolved) if (x.neverDisputed) for (const a of accsOf(x.keys)) a.resolvedInP++;
  for (const x of reopen) {
    const outcome = x.history ? reopenOutcome({ history: x.history } as unknown as ComplaintFact, ctx) : null;
    if (outcome === null) continue; // no resolve event in the period: not one of the period's complaints
    for (const a of accsOf(x.keys)) {
      a.resolvedInP++;
      if (outcome) a.reopened++;
    }
  }

  const done = <K>(m: Map<K, Acc>) => new Map([...m].map(([k, a]) => [k, metricsOf(a)]));
  return { overall: metricsOf(overall), byDepartment: done(groups.d), byCategory: done(groups.c), byKecamatan: done(groups.k), byOfficer: done(groups.o) };
}

const BUCKET_INDEX = new Map<BacklogBucket, number>(BACKLOG_BUCKETS.map((b, i) => [b.key, i]));

/**
 * summarizeDurations (stats.ts) with one typed-array sort instead of two copies sorted with a
 * comparator: the same median (mean of the middle two) and nearest-rank P90 of the same values.
 */
function summarize(values: number[]): DurationSummary {
  const n = values.length;
  if (n === 0) return { n, median: null, p90: null };
  const sorted = Float64Array.from(values).sort();
  const mid = Math.floor(n / 2);
  const median = n % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  const p90 = sorted[Math.max(0, Math.ceil(0.9 * n) - 1)]!;
  return { n, median, p90 };
}

function sla(s: Acc['response']) {
  return { ...share(s.onTime, s.onTime + s.late + s.pastDueOpen), ...s };
}

function metricsOf(a: Acc): Metrics {
  const buckets = Object.fromEntries(BACKLOG_BUCKETS.map((b, i) => [b.key, a.backlog[i]!])) as Record<BacklogBucket, number>;
  return {
    volume: a.volume,
    verification: summarize(a.verification),
    firstResponse: summarize(a.firstResponse),
    resolution: summarize(a.resolution),
    responseSla: sla(a.response),
    resolutionSla: sla(a.resolutionSla),
    backlog: { total: a.backlog.reduce((x, y) => x + y, 0), buckets },
    reopen: share(a.reopened, a.resolvedInP),
    csat: { mean: mean(a.ratings), n: a.ratings.length, responseRate: share(a.ratings.length, a.resolution.length) },
    transfer: share(a.transferred, a.verification.length),
  };
}
