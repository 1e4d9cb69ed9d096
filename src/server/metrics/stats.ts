// Small statistics used by the reports and the appraisal evidence: medians and percentiles
// (nearest rank, so every reported duration is one that really happened), Wilson score intervals,
// shares with their sample size, and minimum-sample suppression.

/** Nearest-rank percentile of a sample (p in (0, 100]); null for an empty sample. */
export function percentile(values: readonly number[], p: number): number | null {
  if (!(p > 0 && p <= 100)) throw new RangeError(`percentile must be in (0, 100], got ${p}`);
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.max(0, rank - 1)]!;
}

/** The median as the mean of the two middle values for an even sample (the usual definition). */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  return values.reduce((a, b) => a + b, 0) / values.length;
}

export interface Interval {
  low: number;
  high: number;
}

/** Wilson score interval for a proportion (default 95%: z = 1.959964). */
export function wilson(successes: number, n: number, z = 1.959964): Interval | null {
  if (n <= 0) return null;
  if (successes < 0 || successes > n) throw new RangeError(`successes ${successes} outside 0..${n}`);
  const p = successes / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

export interface Share {
  numerator: number;
  n: number;
  /** numerator / n, or null when n is 0. */
  value: number | null;
  interval: Interval | null;
}

export function share(numerator: number, n: number): Share {
  return { numerator, n, value: n > 0 ? numerator / n : null, interval: wilson(numerator, n) };
}

export interface DurationSummary {
  n: number;
  median: number | null;
  p90: number | null;
}

export function summarizeDurations(values: readonly number[]): DurationSummary {
  return { n: values.length, median: median(values), p90: percentile(values, 90) };
}

/** A figure shown only with enough cases behind it ("data belum cukup" otherwise). */
export type Suppressed<T> = { sufficient: true; value: T; n: number } | { sufficient: false; n: number };

export function suppressBelow<T>(value: T, n: number, minimum: number): Suppressed<T> {
  return n >= minimum ? { sufficient: true, value, n } : { sufficient: false, n };
}

export const BACKLOG_BUCKETS = [
  { key: '0-5', min: 0, max: 5 },
  { key: '6-14', min: 6, max: 14 },
  { key: '15-30', min: 15, max: 30 },
  { key: '>30', min: 31, max: Infinity },
] as const;

export type BacklogBucket = (typeof BACKLOG_BUCKETS)[number]['key'];

/** Bucket of an age in working days; whole days completed count (5.5 days is in 0–5). */
export function backlogBucket(ageWorkingDays: number): BacklogBucket {
  const whole = Math.floor(Math.max(0, ageWorkingDays));
  return BACKLOG_BUCKETS.find((b) => whole >= b.min && whole <= b.max)!.key;
}
