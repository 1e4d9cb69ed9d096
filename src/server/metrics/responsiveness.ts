// Responsiveness metrics, exactly as DESIGN.md §4 defines them, computed from one fact row per
// complaint. Pure: the repository loads the facts, this module decides which complaint belongs to
// which figure, so the report tables, the drill-down lists, the exports and the public statistics
// all count the same complaints.
//
// Cohorts (period P = [from, to), "now" = the time the report is made):
// - volume: submitted in P;
// - verification time: assigned in P, submitted → assigned;
// - first-response time: first public response in P, assigned → first response;
// - resolution time: last resolution in P (and still resolved or closed), assigned → resolved;
// - response SLA %: response due in P; on time = answered by the due time; answered late, or still
//   unanswered after the due time, is a miss; unanswered and not yet due is not counted;
// - resolution SLA %: resolution due in P; on time = resolved (last resolution, still resolved or
//   closed) by the due time; a reopened complaint not resolved again by the due time is a miss;
// - backlog: open at min(end of P, now) — submitted, not rejected, not resolved at that moment —
//   by age in working days since submission (0–5, 6–14, 15–30, >30);
// - reopen rate: of complaints resolved in P (a resolve event in P), those disputed afterwards;
// - CSAT: ratings of the resolution cohort: mean 1–5 with n, and n / cohort as the response rate;
// - transfer rate: of complaints assigned in P, those transferred at least once.
// Durations are in working days (Mon–Fri minus holidays, fractional) with median and P90.
import type { Channel } from '../complaints/complaint-states.ts';
import type { ComplaintState } from '../complaints/complaint-states.ts';
import {
  BACKLOG_BUCKETS,
  backlogBucket,
  mean,
  share,
  summarizeDurations,
  type BacklogBucket,
  type DurationSummary,
  type Share,
} from './stats.ts';
import type { WorkingClock } from './working-time.ts';

export interface HistoryEvent {
  action: 'resolve' | 'dispute';
  at: number;
}

export interface ComplaintFact {
  id: number;
  state: ComplaintState;
  submittedAt: number;
  assignedAt: number | null;
  responseDueAt: number | null;
  resolutionDueAt: number | null;
  firstResponseAt: number | null;
  /** The last resolution (a reopened complaint resolved again carries the later time). */
  resolvedAt: number | null;
  rejectedAt: number | null;
  reopenedCount: number;
  transferCount: number;
  departmentId: number | null;
  categoryId: number;
  kecamatanCode: string;
  assigneeUserId: number | null;
  rating: number | null;
  /** How it arrived (DESIGN.md §10); read by the per-channel figures' comparison with the fact view. */
  channel?: Channel;
  /** The unit of the department handling it (units inside departments); null = the department as a whole. */
  unitId?: number | null;
  /** Resolve and dispute events in time order (needed for reopen rate and for reopened complaints). */
  history?: readonly HistoryEvent[];
}

export interface MetricContext {
  from: number;
  to: number;
  now: number;
  clock: WorkingClock;
}

export interface SlaSummary extends Share {
  onTime: number;
  late: number;
  /** Still unanswered/unresolved after the due time (included in the misses). */
  pastDueOpen: number;
}

export interface Metrics {
  volume: number;
  verification: DurationSummary;
  firstResponse: DurationSummary;
  resolution: DurationSummary;
  responseSla: SlaSummary;
  resolutionSla: SlaSummary;
  backlog: { total: number; buckets: Record<BacklogBucket, number> };
  reopen: Share;
  csat: { mean: number | null; n: number; responseRate: Share };
  transfer: Share;
}

export const METRIC_KEYS = [
  'volume',
  'verification',
  'first_response',
  'resolution',
  'response_sla',
  'resolution_sla',
  'backlog',
  'reopen',
  'csat',
  'transfer',
] as const;
export type MetricKey = (typeof METRIC_KEYS)[number];

const inPeriod = (t: number | null, c: MetricContext): t is number => t !== null && t >= c.from && t < c.to;
const isResolvedNow = (f: ComplaintFact) => f.state === 'resolved' || f.state === 'closed';

export type SlaOutcome = 'on_time' | 'late' | 'past_due_open' | null;

export function responseOutcome(f: ComplaintFact, c: MetricContext): SlaOutcome {
  if (!inPeriod(f.responseDueAt, c)) return null;
  const due = f.responseDueAt;
  if (f.firstResponseAt !== null) return f.firstResponseAt <= due ? 'on_time' : 'late';
  return due < c.now ? 'past_due_open' : null;
}

export function resolutionOutcome(f: ComplaintFact, c: MetricContext): SlaOutcome {
  if (!inPeriod(f.resolutionDueAt, c)) return null;
  const due = f.resolutionDueAt;
  if (isResolvedNow(f) && f.resolvedAt !== null) return f.resolvedAt <= due ? 'on_time' : 'late';
  // Unresolved, or reopened and not resolved again: a miss once the due time has passed.
  return due < c.now ? 'past_due_open' : null;
}

/** Was the complaint resolved at instant t (its last resolve/dispute event before t was a resolve)? */
function resolvedAt(f: ComplaintFact, t: number): boolean {
  if (f.history && f.history.length > 0 && f.reopenedCount > 0) {
    let resolved = false;
    for (const e of f.history) {
      if (e.at >= t) break;
      resolved = e.action === 'resolve';
    }
    return resolved;
  }
  return f.resolvedAt !== null && f.resolvedAt < t;
}

export function backlogMoment(c: MetricContext): number {
  return Math.min(c.to, c.now);
}

/** Age in working days at the period end when the complaint was open then; null otherwise. */
export function backlogAge(f: ComplaintFact, c: MetricContext): number | null {
  const t = backlogMoment(c);
  if (f.submittedAt >= t) return null;
  if (f.rejectedAt !== null && f.rejectedAt < t) return null;
  if (resolvedAt(f, t)) return null;
  return c.clock.between(f.submittedAt, t);
}

/** Reopen cohort: null when not resolved in P; otherwise whether a dispute followed a resolve in P. */
export function reopenOutcome(f: ComplaintFact, c: MetricContext): boolean | null {
  const events = f.history ?? [];
  const firstResolveInP = events.find((e) => e.action === 'resolve' && inPeriod(e.at, c));
  if (!firstResolveInP) return null;
  return events.some((e) => e.action === 'dispute' && e.at > firstResolveInP.at);
}

export const inResolutionCohort = (f: ComplaintFact, c: MetricContext) =>
  inPeriod(f.resolvedAt, c) && isResolvedNow(f) && f.assignedAt !== null;

/** Whether a complaint is behind a figure (the drill-down lists use this). */
export function factMatches(f: ComplaintFact, c: MetricContext, metric: MetricKey, outcome?: string): boolean {
  switch (metric) {
    case 'volume':
      return inPeriod(f.submittedAt, c);
    case 'verification':
      return inPeriod(f.assignedAt, c);
    case 'first_response':
      return inPeriod(f.firstResponseAt, c) && f.assignedAt !== null;
    case 'resolution':
      return inResolutionCohort(f, c);
    case 'response_sla':
    case 'resolution_sla': {
      const o = metric === 'response_sla' ? responseOutcome(f, c) : resolutionOutcome(f, c);
      if (o === null) return false;
      if (outcome === 'on_time') return o === 'on_time';
      if (outcome === 'missed') return o !== 'on_time';
      if (outcome === 'past_due_open') return o === 'past_due_open';
      return true;
    }
    case 'backlog': {
      const age = backlogAge(f, c);
      if (age === null) return false;
      return outcome ? backlogBucket(age) === outcome : true;
    }
    case 'reopen': {
      const r = reopenOutcome(f, c);
      return r === null ? false : outcome === 'reopened' ? r : true;
    }
    case 'csat':
      return inResolutionCohort(f, c) && (outcome === 'rated' ? f.rating !== null : true);
    case 'transfer':
      return inPeriod(f.assignedAt, c) && (outcome === 'transferred' ? f.transferCount > 0 : true);
  }
}

function sla(outcomes: SlaOutcome[]): SlaSummary {
  let onTime = 0;
  let late = 0;
  let pastDueOpen = 0;
  for (const o of outcomes) {
    if (o === 'on_time') onTime++;
    else if (o === 'late') late++;
    else if (o === 'past_due_open') pastDueOpen++;
  }
  return { ...share(onTime, onTime + late + pastDueOpen), onTime, late, pastDueOpen };
}

/** What one complaint contributes to each figure (computed once, then summed per group). */
interface Contribution {
  fact: ComplaintFact;
  volume: boolean;
  verification: number | null;
  transferred: boolean | null;
  firstResponse: number | null;
  resolution: number | null;
  rating: number | null;
  response: SlaOutcome;
  resolutionSla: SlaOutcome;
  backlogAge: number | null;
  reopened: boolean | null;
}

function contribution(f: ComplaintFact, c: MetricContext): Contribution {
  const assignedInP = inPeriod(f.assignedAt, c);
  const resolved = inResolutionCohort(f, c);
  return {
    fact: f,
    volume: inPeriod(f.submittedAt, c),
    verification: assignedInP ? c.clock.between(f.submittedAt, f.assignedAt!) : null,
    transferred: assignedInP ? f.transferCount > 0 : null,
    firstResponse: inPeriod(f.firstResponseAt, c) && f.assignedAt !== null ? c.clock.between(f.assignedAt, f.firstResponseAt) : null,
    resolution: resolved ? c.clock.between(f.assignedAt!, f.resolvedAt!) : null,
    rating: resolved ? f.rating : null,
    response: responseOutcome(f, c),
    resolutionSla: resolutionOutcome(f, c),
    backlogAge: backlogAge(f, c),
    reopened: f.history ? reopenOutcome(f, c) : null,
  };
}

function aggregate(items: readonly Contribution[]): Metrics {
  let volume = 0;
  const verification: number[] = [];
  const firstResponse: number[] = [];
  const resolution: number[] = [];
  const responseOutcomes: SlaOutcome[] = [];
  const resolutionOutcomes: SlaOutcome[] = [];
  const buckets = Object.fromEntries(BACKLOG_BUCKETS.map((b) => [b.key, 0])) as Record<BacklogBucket, number>;
  let backlog = 0;
  let resolvedInP = 0;
  let reopened = 0;
  let resolutionCohort = 0;
  const ratings: number[] = [];
  let assignedInP = 0;
  let transferred = 0;
  for (const x of items) {
    if (x.volume) volume++;
    if (x.verification !== null) {
      verification.push(x.verification);
      assignedInP++;
      if (x.transferred) transferred++;
    }
    if (x.firstResponse !== null) firstResponse.push(x.firstResponse);
    if (x.resolution !== null) {
      resolution.push(x.resolution);
      resolutionCohort++;
      if (x.rating !== null) ratings.push(x.rating);
    }
    if (x.response) responseOutcomes.push(x.response);
    if (x.resolutionSla) resolutionOutcomes.push(x.resolutionSla);
    if (x.backlogAge !== null) {
      backlog++;
      buckets[backlogBucket(x.backlogAge)]++;
    }
    if (x.reopened !== null) {
      resolvedInP++;
      if (x.reopened) reopened++;
    }
  }
  return {
    volume,
    verification: summarizeDurations(verification),
    firstResponse: summarizeDurations(firstResponse),
    resolution: summarizeDurations(resolution),
    responseSla: sla(responseOutcomes),
    resolutionSla: sla(resolutionOutcomes),
    backlog: { total: backlog, buckets },
    reopen: share(reopened, resolvedInP),
    csat: { mean: mean(ratings), n: ratings.length, responseRate: share(ratings.length, resolutionCohort) },
    transfer: share(transferred, assignedInP),
  };
}

export function computeMetrics(facts: Iterable<ComplaintFact>, c: MetricContext): Metrics {
  return aggregate(Array.from(facts, (f) => contribution(f, c)));
}

/** Contributions of every fact, computed once; pass to groupMetrics for several groupings. */
export function contributions(facts: readonly ComplaintFact[], c: MetricContext): readonly Contribution[] {
  return facts.map((f) => contribution(f, c));
}

export function metricsOf(items: readonly Contribution[]): Metrics {
  return aggregate(items);
}

/** Metrics per group (department, category, kecamatan, officer); facts without a key are left out. */
export function groupMetrics<K extends string | number>(
  facts: readonly ComplaintFact[] | readonly Contribution[],
  key: (f: ComplaintFact) => K | null,
  c: MetricContext,
): Map<K, Metrics> {
  const items: readonly Contribution[] =
    facts.length && 'fact' in facts[0]! ? (facts as readonly Contribution[]) : contributions(facts as readonly ComplaintFact[], c);
  const groups = new Map<K, Contribution[]>();
  for (const x of items) {
    const k = key(x.fact);
    if (k === null) continue;
    let g = groups.get(k);
    if (!g) groups.set(k, (g = []));
    g.push(x);
  }
  return new Map([...groups].map(([k, g]) => [k, aggregate(g)]));
}
