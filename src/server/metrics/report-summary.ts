// The §4 figures of a period overall and per department, category, kecamatan and officer: what the
// /reports page shows. Exact, not approximated, read two ways that give the same figures (a test
// compares both with buildReport, the fact view):
// - whole local months: the counting figures from the trigger-kept month rollup (month-counts.ts), the
//   durations from the stored duration cells and the open backlog from the open cells, with the
//   complaints changed since the durations processor last ran overlaid in memory (stored-durations.ts),
//   each a few thousand rows however many complaints a month has;
// - any other period (or while the stored cells are being retimed after a holiday edit): one narrow
//   query per cohort (summary.repository.ts), durations timed per complaint with the working clock.
// Either way the medians are the same nearest-rank selection over the same values (samples.ts), and
// complaints ever reopened that may be open at the period end, and the reopen cohort, go through
// responsiveness.ts with their resolve/dispute history. A report only reads: planSources decides which
// sources serve a request, buildReportSummary reads them, accumulate (report-accumulate.ts) adds them up.
import type { Db } from '../db/index.ts';
import { workingClock, type WorkingClock } from './working-time.ts';
import {
  assignedRows,
  backlogCounts,
  countRejected,
  countSubmitted,
  firstResponseRows,
  reopenCohort,
  reopenedCandidates,
  resolutionCohortRows,
  resolutionSlaCounts,
  resolvedRows,
  responseSlaCounts,
  type SummaryRange,
} from './summary.repository.ts';
import { monthCountRows, rollupOffset, wholeMonths } from './month-counts.ts';
import { durationsStatus, readStoredDurations, type DurationsStatus, type StoredSources } from './stored-durations.ts';
import { groupKeysOf } from './group-keys.ts';
import type { ReportFilters } from './metrics.repository.ts';
import { buildReport, scopedFilters, type ReportRequest } from './reports.service.ts';
import { accumulate, addSla, type CountRow, type ReportSummary, type TimedCohorts } from './report-accumulate.ts';
export type { ReportSummary };

const DAY = 86_400_000;
/** Backlog ages are measured back from the period end at most this far when finding the bucket edges. */
const THRESHOLD_SEARCH_MS = 400 * DAY;

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

/** Where each part of a request's figures comes from. */
export interface SourcePlan {
  /** Volume, SLA outcomes, ratings, never-disputed resolutions: the month rollup or the complaints. */
  counts: 'month-rollup' | 'complaints';
  /** Verification, first response and resolution times: the stored cells or the complaints. */
  durations: 'stored' | 'complaints';
  /**
   * Backlog at the period end: the stored ages at a past month end ('month-end'); the open cells plus what
   * closed since the period end ('open-cells'); or counted from the complaints.
   */
  backlog: 'month-end' | 'open-cells' | 'complaints';
  /** Complaints ever disputed in the reopen cohort: the stored cells (one month) or their histories. */
  reopen: 'stored' | 'history';
  /** Complaints ever reopened that may be open at the period end are read with their history (not in the month-end cells). */
  reopenedCandidates: boolean;
}

/**
 * Which sources serve a request (pure): `months` are the whole local months of the period (null when
 * it is not made of whole months), `stored` whether the stored durations serve this calendar now.
 */
export function planSources(months: readonly number[] | null, stored: DurationsStatus, range: SummaryRange): SourcePlan {
  const durations = months !== null && stored !== false;
  // A period that ended before now whose last month end the stored backlog reaches: its backlog is that
  // month end's stored ages; otherwise the open cells (open now) and what closed since are counted.
  const monthEnd = durations && range.to <= range.now && range.to <= stored.backlogThrough;
  return {
    counts: months ? 'month-rollup' : 'complaints',
    durations: durations ? 'stored' : 'complaints',
    backlog: monthEnd ? 'month-end' : durations ? 'open-cells' : 'complaints',
    // The reopen cohort of complaints ever disputed is stored per month; a longer period counts each such
    // complaint once (its first resolve in the period), so it is read with its history instead.
    reopen: durations && months.length === 1 ? 'stored' : 'history',
    reopenedCandidates: !monthEnd,
  };
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
  const status: DurationsStatus = months === null ? false : await durationsStatus(db, r.calendar, offset);
  let plan = planSources(months, status, range);
  const counted = plan.counts === 'month-rollup' ? countsFromRollup(db, months!, range, filters) : countsFromComplaints(db, range, filters);
  let stored: StoredSources | false = false;
  if (plan.durations === 'stored') {
    const backlog = plan.backlog === 'month-end' ? 'month-end' : 'open-cells';
    stored = await readStoredDurations(
      db,
      r.calendar,
      offset!,
      status as Exclude<DurationsStatus, false>,
      {
        months: months!,
        reopen: plan.reopen === 'stored',
        backlog,
      },
      filters,
    );
    // Retimed or fallen behind since the status was read: the complaints answer instead (the same figures).
    if (!stored) plan = planSources(months, false, range);
  }
  const [counts, reopen, candidates, timed] = await Promise.all([
    counted,
    plan.reopen === 'history' ? reopenCohort(db, range, filters) : [],
    plan.reopenedCandidates ? reopenedCandidates(db, t, filters) : [],
    plan.durations === 'complaints' ? durationsFromComplaints(db, range, filters) : null,
  ]);
  // One clock over every instant a duration is taken from (its origin does not change the result).
  let min = Math.min(range.from, t - THRESHOLD_SEARCH_MS);
  for (const x of candidates) if (x.submittedAt < min) min = x.submittedAt;
  if (timed) min = Math.min(min, timed.earliest);
  const clock = workingClock(r.calendar, min, Math.max(range.to, range.now));
  const thresholds = backlogThresholds(clock, t, t - THRESHOLD_SEARCH_MS);
  const backlog = plan.backlog === 'month-end' ? [] : await backlogCounts(db, t, thresholds, filters, plan.backlog === 'open-cells');
  return accumulate(
    {
      counts,
      durations: stored ? stored.durations : null,
      timed,
      backlog,
      open: stored ? stored.open : [],
      odd: stored ? stored.odd : [],
      monthEnd: stored ? stored.monthEnd : [],
      candidates,
      reopenCells: stored ? stored.reopen : [],
      reopen,
    },
    { ...range, t, clock, thresholds },
  );
}

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
    const keys = groupKeysOf(x);
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

/** The duration cohorts' rows of a period, read from the complaints, and their earliest start time. */
async function durationsFromComplaints(db: Db, range: SummaryRange, filters: ReportFilters): Promise<TimedCohorts & { earliest: number }> {
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
