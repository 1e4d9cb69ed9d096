// The durations of one report group, gathered as whole cell arrays (stored durations) or one at a
// time (periods read from the complaints), and summarised as stats.ts's summarizeDurations does (the
// median is the mean of the middle two, P90 the nearest rank) by selection instead of sorting: the
// same values are picked, in linear rather than n·log n time, which matters for a million complaints.
import type { DurationSummary } from './stats.ts';

export class Samples {
  readonly #parts: Float64Array[] = [];
  readonly #loose: number[] = [];
  #n = 0;

  get n(): number {
    return this.#n;
  }

  push(value: number): void {
    this.#loose.push(value);
    this.#n++;
  }

  add(values: Float64Array): void {
    if (!values.length) return;
    this.#parts.push(values);
    this.#n += values.length;
  }

  summary(): DurationSummary {
    const n = this.#n;
    if (n === 0) return { n, median: null, p90: null };
    const all = new Float64Array(n);
    let at = 0;
    for (const p of this.#parts) {
      all.set(p, at);
      at += p.length;
    }
    all.set(this.#loose, at);
    const mid = Math.floor(n / 2);
    const upper = selectRank(all, mid, 0, n - 1);
    let median = upper;
    if (n % 2 === 0) {
      // Everything before `mid` is now at most `upper`: the largest of them is the lower middle value.
      let lower = all[0]!;
      for (let i = 1; i < mid; i++) if (all[i]! > lower) lower = all[i]!;
      median = (lower + upper) / 2;
    }
    const p90 = selectRank(all, Math.max(0, Math.ceil(0.9 * n) - 1), mid, n - 1);
    return { n, median, p90 };
  }
}

/**
 * Moves the value of rank k (0-based, ascending) to a[k], with nothing larger before it and nothing
 * smaller after it, looking only at a[lo..hi] (which must already hold exactly the ranks lo..hi).
 */
export function selectRank(a: Float64Array, k: number, lo: number, hi: number): number {
  while (hi > lo) {
    const x = a[lo]!;
    const y = a[(lo + hi) >>> 1]!;
    const z = a[hi]!;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k]!;
  }
  return a[k]!;
}
