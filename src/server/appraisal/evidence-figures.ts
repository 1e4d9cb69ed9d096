// The figures of appraisal evidence (DESIGN.md §5): a share with its Wilson 95% interval, a duration
// summary, a mean, each flagged "data belum cukup" below the minimum sample, and the indicators that set
// an officer's figure beside the department's and the case-mix expectation (what an average officer of
// the department would score on the officer's mix of categories). Pure: no database.
import { mean, share, summarizeDurations, type DurationSummary, type Interval } from '../metrics/stats.ts';

export interface ShareFigure {
  numerator: number;
  n: number;
  value: number | null;
  interval: Interval | null;
  sufficient: boolean;
}

export interface DurationFigure extends DurationSummary {
  sufficient: boolean;
}

export interface MeanFigure {
  mean: number | null;
  n: number;
  sufficient: boolean;
}

export interface ProportionIndicator<K extends string = string> {
  key: K;
  /** Whether a higher share is the better one (SLA yes, reopen rate no). */
  higherIsBetter: boolean;
  officer: ShareFigure;
  department: ShareFigure;
  /** What an average officer of the department would score on this officer's mix of categories. */
  caseMix: number | null;
}

export interface DurationIndicator<K extends string = string> {
  key: K;
  officer: DurationFigure;
  department: DurationFigure;
  /** Expected median: the department's category medians weighted by the officer's cases. */
  caseMixMedian: number | null;
}

export function shareFigure(numerator: number, n: number, minSample: number): ShareFigure {
  const s = share(numerator, n);
  return { ...s, sufficient: n >= minSample };
}

/** Σ over items of the department's rate of the item's category / items (categories without a rate skipped). */
export function caseMixExpectation(categories: readonly number[], rateOf: ReadonlyMap<number, number | null>): number | null {
  let sum = 0;
  let n = 0;
  for (const c of categories) {
    const r = rateOf.get(c);
    if (r === null || r === undefined) continue;
    sum += r;
    n++;
  }
  return n > 0 ? sum / n : null;
}

/** Per-category rate of a yes/no outcome: yes / (yes + no). */
function ratesByCategory<T>(items: readonly T[], category: (x: T) => number, outcome: (x: T) => boolean): Map<number, number> {
  const acc = new Map<number, [number, number]>();
  for (const x of items) {
    const a = acc.get(category(x)) ?? [0, 0];
    if (outcome(x)) a[0]++;
    a[1]++;
    acc.set(category(x), a);
  }
  return new Map([...acc].map(([k, [y, n]]) => [k, y / n]));
}

export function meanByCategory(items: readonly { categoryId: number; value: number }[]): Map<number, number> {
  const groups = new Map<number, number[]>();
  for (const x of items) (groups.get(x.categoryId) ?? groups.set(x.categoryId, []).get(x.categoryId)!).push(x.value);
  return new Map([...groups].map(([k, v]) => [k, mean(v)!]));
}

function medianByCategory(items: readonly { categoryId: number; value: number }[]): Map<number, number> {
  const groups = new Map<number, number[]>();
  for (const x of items) (groups.get(x.categoryId) ?? groups.set(x.categoryId, []).get(x.categoryId)!).push(x.value);
  return new Map([...groups].map(([k, v]) => [k, summarizeDurations(v).median!]));
}

export function proportion<K extends string>(
  key: K,
  higherIsBetter: boolean,
  mine: readonly { categoryId: number; yes: boolean }[],
  all: readonly { categoryId: number; yes: boolean }[],
  minSample: number,
): ProportionIndicator<K> {
  const rates = ratesByCategory(
    all,
    (x) => x.categoryId,
    (x) => x.yes,
  );
  return {
    key,
    higherIsBetter,
    officer: shareFigure(mine.filter((x) => x.yes).length, mine.length, minSample),
    department: shareFigure(all.filter((x) => x.yes).length, all.length, minSample),
    caseMix: caseMixExpectation(
      mine.map((x) => x.categoryId),
      rates,
    ),
  };
}

export function duration<K extends string>(
  key: K,
  mine: readonly { categoryId: number; value: number }[],
  all: readonly { categoryId: number; value: number }[],
  minSample: number,
): DurationIndicator<K> {
  const o = summarizeDurations(mine.map((x) => x.value));
  const dep = summarizeDurations(all.map((x) => x.value));
  return {
    key,
    officer: { ...o, sufficient: o.n >= minSample },
    department: { ...dep, sufficient: dep.n >= minSample },
    caseMixMedian: caseMixExpectation(
      mine.map((x) => x.categoryId),
      medianByCategory(all),
    ),
  };
}
