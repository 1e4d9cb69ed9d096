// Report durations summarised by selection (samples.ts) give exactly summarizeDurations' median and
// nearest-rank P90 (stats.ts, which sorts), whatever mix of cell arrays and single values, sizes,
// duplicates and order: including the small sizes where the two P90 conventions people use differ.
import { describe, expect, it } from 'vitest';
import { Samples, selectRank } from '../../src/server/metrics/samples.ts';
import { summarizeDurations } from '../../src/server/metrics/stats.ts';

let seed = 11;
const rnd = () => (seed = (seed * 48271) % 2147483647) / 2147483647;

describe('duration samples', () => {
  it('match summarizeDurations for every size up to 60 and larger random sets', () => {
    const sizes = [...Array.from({ length: 61 }, (_, i) => i), 97, 1000, 4099];
    for (const n of sizes) {
      for (const duplicates of [false, true]) {
        const values = Array.from({ length: n }, () => (duplicates ? Math.floor(rnd() * 5) : rnd() * 40));
        const s = new Samples();
        // Part as sorted cell arrays (as the stored cells give them), part one by one.
        const cut = Math.floor(n / 3);
        s.add(Float64Array.from(values.slice(0, cut)).sort());
        s.add(Float64Array.from(values.slice(cut, 2 * cut)).sort());
        for (const v of values.slice(2 * cut)) s.push(v);
        expect(s.summary(), `n=${n} duplicates=${duplicates}`).toEqual(summarizeDurations(values));
      }
    }
  });

  it('nearest-rank P90 of two values is the larger one', () => {
    const s = new Samples();
    s.add(Float64Array.of(1, 2));
    expect(s.summary()).toEqual({ n: 2, median: 1.5, p90: 2 });
  });

  it('selectRank leaves the rank in place with nothing larger before it and nothing smaller after it', () => {
    const a = Float64Array.from({ length: 501 }, () => Math.floor(rnd() * 50));
    const sorted = Float64Array.from(a).sort();
    for (const k of [0, 1, 250, 449, 500]) {
      const b = Float64Array.from(a);
      expect(selectRank(b, k, 0, b.length - 1)).toBe(sorted[k]);
      for (let i = 0; i < k; i++) expect(b[i]).toBeLessThanOrEqual(b[k]!);
      for (let i = k + 1; i < b.length; i++) expect(b[i]).toBeGreaterThanOrEqual(b[k]!);
    }
  });
});
