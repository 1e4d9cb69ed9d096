// The §4 figures of a period overall and per department, category, kecamatan and officer: what the
// /reports page shows. Exact, not approximated, read two ways that give the same figures (a test
// compares both with buildReport, the fact view):
// - whole local months: the counting figures from the trigger-kept month rollup (month-counts.ts), the
//   durations from the stored duration cells and the open backlog from the open cells
//   (durations.service.ts), each a few thousand rows however many complaints a month has;
// - any other period (or while the stored cells are being retimed after a holiday edit): one narrow
//   query per cohort (summary.repository.ts), durations timed per complaint with the working clock.
// Either way the medians are the same nearest-rank selection over the same values (samples.ts), and
// complaints ever reopened that may be open at the period end, and the reopen cohort, go through
// responsiveness.ts with their resolve/dispute history.
import type { Db } from '../db/index.ts';
import { BACKLOG_BUCKETS, backlogBucket, share, type BacklogBucket } from './stats.ts';
import { backlogAge, reopenOutcome, type ComplaintFact, type Metrics } from './responsiveness.ts';
import { workingClock, type WorkingClock } from './working-time.ts';
import {
  assignedRows,
  backlogCounts,
  countRejected,
  countSubmitted,
  durationRowKeys,
  firstResponseRows,
  reopenCohort,
  reopenedCandidates,
  resolutionCohortRows,
  resolutionSlaCounts,
  resolvedRows,
  responseSlaCounts,
  type GroupKeys,
  type SummaryRange,
} from './summary.repository.ts';
import { monthCountRows, rollupOffset, wholeMonths } from './month-counts.ts';
import { DURATION_COHORTS, refreshDurations } from './durations.service.ts';
import { durationCells, keysOf, openCells, openOdd } from './durations.repository.ts';
import { Samples } from './samples.ts';
import type { ReportFilters } from './metrics.repository.ts';
import { buildReport, scopedFilters, type Report, type ReportRequest } from './reports.service.ts';
import type { ComplaintState } from '../complaints/complaint-states.ts';

const DAY = 86_400_000;
/** Backlog ages are measured back from the period end at most this far when finding the bucket edges. */
const THRESHOLD_SEARCH_MS = 400 * DAY;

interface Acc {
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

export type ReportSummary = Omit<Report, 'facts'>;

/** Submission instants from which the age at t is below 6, 15 and 31 working days (the backlog bucket edges). */
export function backlogThresholds(clock: WorkingClock, t: number, lowest: number): [number, number, number] {
  // between(s, t) does not increase as s moves towards t, so each edge is found by bisection.
  const edge = (days: number) => {
    if (!(clock.between(lowest, t) >= days))
      throw new RangeError(`no backlog bucket edge of ${days} working days after ${new Date(lowest).toISOString()}`);
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
  // A unit filter: the rollups and stored cells have no unit column, so the fact view answers (exact, the same figures).
  if (r.filters.unitId !== undefined) {
    const { facts: _facts, ...figures } = await buildReport(db, r);
    return figures;
  }
  const range = { from: r.period.from.getTime(), to: r.period.to.getTime(), now: r.now.getTime() };
  const t = Math.min(range.to, range.now);
  const filters = scopedFilters(r.filters, r.scope);
  const offset = await rollupOffset(db);
  const months = offset === null ? null : wholeMonths(r.period, offset);
  // Whole months: the counting figures come from the trigger-kept month rollup; any other period
  // counts them from the complaints. Both give the fact view's figures (a test compares them).
  const counted = months ? countsFromRollup(db, months, range, filters) : countsFromComplaints(db, range, filters);
  // Whole months also take their durations from the stored rows, when those are up to date for this calendar.
  const fresh = months === null ? false : await refreshDurations(db, r.calendar, offset);
  const stored = fresh !== false;
  // A period that ended before now whose last month end the stored backlog reaches: its backlog is that
  // month's backlog cells; otherwise the open cells (open now) and what closed since are counted.
  const pastBacklog = fresh !== false && range.to <= range.now && range.to <= fresh.backlogThrough;
  // The reopen cohort of complaints ever disputed is stored per month; a longer period counts each such
  // complaint once (its first resolve in the period), so it is read with its history instead.
  const reopenStored = stored && months!.length === 1;
  const [counts, durations, reopen, reopenCells, candidates] = await Promise.all([
    counted,
    stored ? storedDurations(db, months!, filters) : null,
    reopenStored ? [] : reopenCohort(db, range, filters),
    reopenStored ? durationCells(db, 'reopen', months!, filters) : [],
    // Complaints ever reopened that may be open at t: inside the stored backlog when that serves.
    pastBacklog ? [] : reopenedCandidates(db, t, filters),
  ]);
  const timed = durations ? null : await durationsFromComplaints(db, range, filters);
  // One clock over every instant a duration is taken from (its origin does not change the result).
  let min = Math.min(range.from, t - THRESHOLD_SEARCH_MS);
  for (const x of candidates) if (x.submittedAt < min) min = x.submittedAt;
  if (timed) min = Math.min(min, timed.earliest);
  const clock = workingClock(r.calendar, min, Math.max(range.to, range.now));
  const thresholds = backlogThresholds(clock, t, t - THRESHOLD_SEARCH_MS);
  const [backlog, open, odd, past] = await Promise.all([
    pastBacklog ? [] : backlogCounts(db, t, thresholds, filters, stored),
    stored && !pastBacklog ? openCells(db, filters) : [],
    stored && !pastBacklog ? openOdd(db, filters) : [],
    pastBacklog ? durationCells(db, 'backlog', [months![months!.length - 1]!], filters) : [],
  ]);

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
  for (const x of counts) {
    const accs = accsOf(x.keys);
    if (x.add) for (const a of accs) x.add(a);
  }
  if (durations) {
    const pick = {
      verification: (a: Acc) => a.verification,
      first_response: (a: Acc) => a.firstResponse,
      resolution: (a: Acc) => a.resolution,
    };
    for (const cohort of DURATION_COHORTS) {
      for (const cell of durations[cohort]) {
        for (const a of accsOf(cell.keys)) {
          pick[cohort](a).add(cell.values);
          if (cohort === 'verification') a.transferred += cell.flagged;
        }
      }
    }
  } else {
    const { assigned, responded, resolution } = timed!;
    for (const x of assigned) {
      const d = clock.between(Number(x.submitted_at), Number(x.assigned_at));
      const transferred = Number(x.transfer_count) > 0;
      for (const a of accsOf(durationRowKeys(x))) {
        a.verification.push(d);
        if (transferred) a.transferred++;
      }
    }
    for (const x of responded) {
      const d = x.assigned_at === null ? null : clock.between(Number(x.assigned_at), Number(x.first_response_at));
      for (const a of accsOf(durationRowKeys(x))) if (d !== null) a.firstResponse.push(d);
    }
    for (const x of resolution) {
      const d = clock.between(Number(x.assigned_at), Number(x.resolved_at));
      for (const a of accsOf(durationRowKeys(x))) a.resolution.push(d);
    }
  }
  for (const x of backlog) for (const a of accsOf(x.keys)) a.backlog[x.bucket]! += x.n;
  const [s6, s15, s31] = thresholds;
  for (const x of open) {
    // Submitted before t, by age bucket: [s6, t), [s15, s6), [s31, s15), before s31.
    const [nt, n6, n15, n31] = [t, s6, s15, s31].map((edge) => countBelow(x.submitted, edge));
    const buckets = [nt! - n6!, n6! - n15!, n15! - n31!, n31!];
    if (nt === 0) continue;
    for (const a of accsOf(x.keys)) for (let b = 0; b < 4; b++) a.backlog[b]! += buckets[b]!;
  }
  for (const x of past) {
    // Ages at the period end, ascending: the bucket edges are whole working days 6, 15 and 31.
    const [n6, n15, n31] = [6, 15, 31].map((edge) => countBelow(x.values, edge));
    const buckets = [n6!, n15! - n6!, n31! - n15!, x.values.length - n31!];
    for (const a of accsOf(x.keys)) for (let b = 0; b < 4; b++) a.backlog[b]! += buckets[b]!;
  }
  for (const x of odd) {
    // Open at t only if submitted before it and neither resolved nor rejected before it.
    if (!(x.submittedAt < t) || (x.resolvedAt !== null && x.resolvedAt < t) || (x.rejectedAt !== null && x.rejectedAt < t)) continue;
    const bucket = x.submittedAt >= s6 ? 0 : x.submittedAt >= s15 ? 1 : x.submittedAt >= s31 ? 2 : 3;
    for (const a of accsOf(x.keys)) a.backlog[bucket]!++;
  }
  const ctx = { ...range, clock };
  for (const x of candidates) {
    const fact = { ...x, state: x.state as ComplaintState } as unknown as ComplaintFact;
    const age = backlogAge(fact, ctx);
    const bucket = age === null ? null : BUCKET_INDEX.get(backlogBucket(age))!;
    for (const a of accsOf(x.keys)) if (bucket !== null) a.backlog[bucket]!++;
  }
  for (const x of reopenCells) {
    for (const a of accsOf(x.keys)) {
      a.resolvedInP += x.rows;
      a.reopened += x.flagged;
    }
  }
  for (const x of reopen) {
    const outcome = x.history ? reopenOutcome({ history: x.history } as unknown as ComplaintFact, ctx) : null;
    if (outcome === null) continue; // no resolve event in the period: not one of the period's complaints
    for (const a of accsOf(x.keys)) {
      a.resolvedInP++;
      if (outcome) a.reopened++;
    }
  }

  const done = <K>(m: Map<K, Acc>) => new Map([...m].map(([k, a]) => [k, metricsOf(a)]));
  return {
    overall: metricsOf(overall),
    byDepartment: done(groups.d),
    byCategory: done(groups.c),
    byKecamatan: done(groups.k),
    byOfficer: done(groups.o),
  };
}

/** A group's share of the counting figures (`add` missing: the rows only make the group appear). */
interface CountRow {
  keys: GroupKeys;
  add?: (a: Acc) => void;
}

const addSla = (s: Acc['response'], onTime: number, late: number, pastDueOpen: number) => {
  s.onTime += onTime;
  s.late += late;
  s.pastDueOpen += pastDueOpen;
};

/**
 * The counting figures from the month rollup. Unanswered (unresolved) complaints due in the period
 * count as misses once past due: while the period runs, those due from now on are counted from the
 * complaints and taken off.
 */
async function countsFromRollup(db: Db, months: number[], range: SummaryRange, filters: ReportFilters): Promise<CountRow[]> {
  const ahead = range.now < range.to ? { from: Math.max(range.from, range.now), to: range.to, now: Number.MAX_SAFE_INTEGER } : null;
  const [cells, responseAhead, resolutionAhead] = await Promise.all([
    monthCountRows(db, months, filters),
    ahead ? responseSlaCounts(db, ahead, filters) : [],
    ahead ? resolutionSlaCounts(db, ahead, filters) : [],
  ]);
  const out: CountRow[] = [];
  for (const x of cells) {
    if (!(x.submitted || x.rejected || x.response_due || x.resolution_due || x.resolved)) continue;
    const keys = keysOf(x);
    out.push({
      keys,
      add: (a) => {
        a.volume += x.submitted;
        addSla(a.response, x.response_on_time, x.response_late, x.response_unanswered);
        addSla(a.resolutionSla, x.resolution_on_time, x.resolution_late, x.resolution_unresolved);
        a.resolvedInP += x.resolved_never_disputed;
        a.ratingSum += x.resolved_rating_sum;
        a.ratingN += x.resolved_rated;
      },
    });
  }
  for (const x of responseAhead) out.push({ keys: x.keys, add: (a) => addSla(a.response, 0, 0, -x.pastDueOpen) });
  for (const x of resolutionAhead) out.push({ keys: x.keys, add: (a) => addSla(a.resolutionSla, 0, 0, -x.pastDueOpen) });
  return out;
}

/** The counting figures counted from the complaints (periods that are not whole months). */
async function countsFromComplaints(db: Db, range: SummaryRange, filters: ReportFilters): Promise<CountRow[]> {
  const [submitted, rejected, resolved, responseSla, resolutionSla] = await Promise.all([
    countSubmitted(db, range, filters),
    countRejected(db, range, filters),
    resolvedRows(db, range, filters),
    responseSlaCounts(db, range, filters),
    resolutionSlaCounts(db, range, filters),
  ]);
  const out: CountRow[] = [];
  for (const x of submitted) out.push({ keys: x.keys, add: (a) => (a.volume += x.n) });
  for (const x of rejected) out.push({ keys: x.keys });
  for (const x of resolved) {
    const rated = x.stillResolved && x.assignedAt !== null && x.rating !== null;
    out.push({
      keys: x.keys,
      add: (a) => {
        if (x.neverDisputed) a.resolvedInP++;
        if (rated) {
          a.ratingSum += x.rating!;
          a.ratingN++;
        }
      },
    });
  }
  for (const x of responseSla) out.push({ keys: x.keys, add: (a) => addSla(a.response, x.onTime, x.late, x.pastDueOpen) });
  for (const x of resolutionSla) out.push({ keys: x.keys, add: (a) => addSla(a.resolutionSla, x.onTime, x.late, x.pastDueOpen) });
  return out;
}

async function storedDurations(db: Db, months: number[], filters: ReportFilters) {
  const [verification, first_response, resolution] = await Promise.all(DURATION_COHORTS.map((c) => durationCells(db, c, months, filters)));
  return { verification: verification!, first_response: first_response!, resolution: resolution! };
}

/** The duration cohorts' rows of a period, read from the complaints, and their earliest start time. */
async function durationsFromComplaints(db: Db, range: SummaryRange, filters: ReportFilters) {
  const [assigned, responded, resolution] = await Promise.all([
    assignedRows(db, range, filters),
    firstResponseRows(db, range, filters),
    resolutionCohortRows(db, range, filters),
  ]);
  let earliest = Infinity;
  for (const x of assigned) earliest = Math.min(earliest, Number(x.submitted_at));
  for (const x of responded) if (x.assigned_at !== null) earliest = Math.min(earliest, Number(x.assigned_at));
  for (const x of resolution) earliest = Math.min(earliest, Number(x.assigned_at));
  return { assigned, responded, resolution, earliest };
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
