// Integrity signals shown beside an officer's appraisal figures (DESIGN.md §5): resolutions disputed or
// reopened, resolutions with no public response before them, resolutions within minutes of assignment,
// and ratings clustering on one score. Pure. Counting closures alone was gamed in Jakarta ("TL asal
// hijau"), so these travel with the figures and are never folded into them.
import type { ComplaintFact, MetricContext } from '../metrics/responsiveness.ts';
import { reopenOutcome } from '../metrics/responsiveness.ts';
import { share, type Interval } from '../metrics/stats.ts';

/** A resolution this soon after assignment (wall-clock minutes) is "within minutes". */
export const FAST_MINUTES = 30;
/** A public response less than this before the resolution gave the resident no time: counted as none. */
export const RESPONSE_GAP_MINUTES = 5;
/** A flag needs at least this many cases behind it. */
const MIN_FLAG_COUNT = 3;
/** Ratings "cluster" when at least this share sits on one score (and more than in the rest of the department). */
export const CLUSTER_SHARE = 0.8;

const MINUTE = 60_000;

export interface Signal {
  count: number;
  /** Resolutions in the period (ratings, for the clustering signal). */
  n: number;
  value: number | null;
  interval: Interval | null;
  /** The same share among the rest of the department's officers. */
  rest: number | null;
  /** Clearly above the rest of the department: Wilson lower bound above their share, at least 3 cases. */
  flagged: boolean;
}

export interface IntegritySignals {
  disputedOrReopened: Signal;
  withoutResponse: Signal;
  fast: Signal;
  /** Fast and without a response: left out of the officer's figures. */
  unverified: Signal;
  /** Resolutions the resolution check returned to the department, of the officer's resolutions. */
  returned: Signal;
  ratingClustering: Signal & { score: number | null };
}

const inPeriod = (t: number | null, c: MetricContext) => t !== null && t >= c.from && t < c.to;

/** The first resolution's time (from the history when known, else the last resolution). */
function firstResolution(f: ComplaintFact): number | null {
  const first = f.history?.find((e) => e.action === 'resolve');
  return first?.at ?? f.resolvedAt;
}

export function resolvedInPeriod(f: ComplaintFact, c: MetricContext): boolean {
  return inPeriod(f.resolvedAt, c) || (f.history ?? []).some((e) => e.action === 'resolve' && inPeriod(e.at, c));
}

export function isFastResolution(f: ComplaintFact): boolean {
  const r = firstResolution(f);
  return r !== null && f.assignedAt !== null && r - f.assignedAt <= FAST_MINUTES * MINUTE;
}

export function isWithoutResponse(f: ComplaintFact): boolean {
  const r = firstResolution(f);
  if (r === null) return false;
  return f.firstResponseAt === null || f.firstResponseAt > r - RESPONSE_GAP_MINUTES * MINUTE;
}

export function isUnverifiedClosure(f: ComplaintFact): boolean {
  return isFastResolution(f) && isWithoutResponse(f);
}

function isDisputedOrReopened(f: ComplaintFact, c: MetricContext): boolean {
  return reopenOutcome(f, c) === true || f.reopenedCount > 0 || f.state === 'reopened';
}

/** The signals a list of flagged complaints can be shown for (drill-down from the evidence page). */
export const SIGNAL_KEYS = ['disputedOrReopened', 'withoutResponse', 'fast', 'unverified', 'returned', 'ratingClustering'] as const;
export type SignalKey = (typeof SIGNAL_KEYS)[number];
type FactSignal = Exclude<SignalKey, 'returned' | 'ratingClustering'>;

const TESTS: Record<FactSignal, (f: ComplaintFact, c: MetricContext) => boolean> = {
  disputedOrReopened: isDisputedOrReopened,
  withoutResponse: (f) => isWithoutResponse(f),
  fast: (f) => isFastResolution(f),
  unverified: (f) => isUnverifiedClosure(f),
};

/**
 * The officer's complaints behind a signal's count (`mine`: the complaints the officer resolved, as
 * given to integritySignals): the same tests, so the list holds exactly what the count says. The
 * resolution check's returns come from the checks, not from the facts (appraisal signals service).
 */
export function signalComplaints(mine: readonly ComplaintFact[], c: MetricContext, key: Exclude<SignalKey, 'returned'>): ComplaintFact[] {
  const resolved = mine.filter((f) => resolvedInPeriod(f, c));
  if (key === 'ratingClustering') {
    const score = modalScore(resolved.flatMap((f) => (f.rating === null ? [] : [f.rating]))).score;
    return score === null ? [] : resolved.filter((f) => f.rating === score);
  }
  return resolved.filter((f) => TESTS[key](f, c));
}

function signal(mine: readonly ComplaintFact[], rest: readonly ComplaintFact[], test: (f: ComplaintFact) => boolean): Signal {
  const s = share(mine.filter(test).length, mine.length);
  const r = share(rest.filter(test).length, rest.length);
  return {
    count: s.numerator,
    n: s.n,
    value: s.value,
    interval: s.interval,
    rest: r.value,
    flagged: flag(s.numerator, s.interval, r.value),
  };
}

function flag(count: number, interval: Interval | null, rest: number | null): boolean {
  return count >= MIN_FLAG_COUNT && interval !== null && interval.low > (rest ?? 0);
}

function modalScore(ratings: readonly number[]): { score: number | null; count: number } {
  const counts = new Map<number, number>();
  for (const r of ratings) counts.set(r, (counts.get(r) ?? 0) + 1);
  let best: { score: number | null; count: number } = { score: null, count: 0 };
  // Ties go to the higher score: clustering on the top score is the pattern worth seeing.
  for (const [score, count] of counts)
    if (count > best.count || (count === best.count && score > (best.score ?? 0))) best = { score, count };
  return best;
}

/**
 * Signals over the officer's resolutions in the period, each beside the rest of the department.
 * Rating clustering: the share of the officer's ratings on their most frequent score; flagged only
 * with at least `minSample` ratings, at least CLUSTER_SHARE on that score, and clearly above the rest
 * of the department's share of that score.
 */
/** A signal from counts: `count` of `n` for the officer beside `restCount` of `restN` for the rest. */
export function countSignal(count: number, n: number, restCount: number, restN: number): Signal {
  const s = share(count, n);
  const r = share(restCount, restN);
  return { count, n, value: s.value, interval: s.interval, rest: r.value, flagged: flag(count, s.interval, r.value) };
}

export function integritySignals(
  mine: readonly ComplaintFact[],
  rest: readonly ComplaintFact[],
  c: MetricContext,
  minSample: number,
  returns: { mine: [number, number]; rest: [number, number] } = { mine: [0, 0], rest: [0, 0] },
): IntegritySignals {
  const resolvedMine = mine.filter((f) => resolvedInPeriod(f, c));
  const resolvedRest = rest.filter((f) => resolvedInPeriod(f, c));
  const ratingsMine = resolvedMine.flatMap((f) => (f.rating === null ? [] : [f.rating]));
  const ratingsRest = resolvedRest.flatMap((f) => (f.rating === null ? [] : [f.rating]));
  const modal = modalScore(ratingsMine);
  const s = share(modal.count, ratingsMine.length);
  const restShare = modal.score === null ? null : share(ratingsRest.filter((r) => r === modal.score).length, ratingsRest.length).value;
  return {
    disputedOrReopened: signal(resolvedMine, resolvedRest, (f) => TESTS.disputedOrReopened(f, c)),
    withoutResponse: signal(resolvedMine, resolvedRest, (f) => TESTS.withoutResponse(f, c)),
    fast: signal(resolvedMine, resolvedRest, (f) => TESTS.fast(f, c)),
    unverified: signal(resolvedMine, resolvedRest, (f) => TESTS.unverified(f, c)),
    returned: countSignal(returns.mine[0], returns.mine[1], returns.rest[0], returns.rest[1]),
    ratingClustering: {
      score: modal.score,
      count: modal.count,
      n: ratingsMine.length,
      value: s.value,
      interval: s.interval,
      rest: restShare,
      flagged: ratingsMine.length >= minSample && (s.value ?? 0) >= CLUSTER_SHARE && flag(modal.count, s.interval, restShare),
    },
  };
}
