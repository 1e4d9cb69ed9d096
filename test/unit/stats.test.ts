import { describe, expect, it } from 'vitest';
import { backlogBucket, median, percentile, share, summarizeDurations, suppressBelow, wilson } from '../../src/server/metrics/stats.ts';

describe('percentiles and medians', () => {
  it('nearest-rank P90 picks a value that occurred', () => {
    const ten = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(percentile(ten, 90)).toBe(9);
    expect(percentile(ten, 100)).toBe(10);
    expect(percentile([4], 90)).toBe(4);
    expect(percentile([5, 1, 3], 50)).toBe(3);
    expect(percentile([], 90)).toBeNull();
    expect(() => percentile(ten, 0)).toThrow(RangeError);
  });

  it('median of odd and even samples, order-free', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });

  it('summarizes durations with n, median and P90', () => {
    expect(summarizeDurations([0.5, 2, 1, 10, 3])).toEqual({ n: 5, median: 2, p90: 10 });
  });
});

describe('Wilson 95% interval', () => {
  it('matches hand-computed values', () => {
    // 8 of 10: p=0.8, z=1.96 → centre 0.7168, half 0.2268 → [0.490, 0.943]
    const w = wilson(8, 10)!;
    expect(w.low).toBeCloseTo(0.4902, 3);
    expect(w.high).toBeCloseTo(0.9433, 3);
    // 0 of 5 → [0, 0.4345]; 5 of 5 → [0.5655, 1]
    expect(wilson(0, 5)!.low).toBe(0);
    expect(wilson(0, 5)!.high).toBeCloseTo(0.4345, 3);
    expect(wilson(5, 5)!.low).toBeCloseTo(0.5655, 3);
    expect(wilson(5, 5)!.high).toBe(1);
  });

  it('is wider for small samples and undefined for none', () => {
    const small = wilson(4, 5)!;
    const large = wilson(400, 500)!;
    expect(small.high - small.low).toBeGreaterThan(large.high - large.low);
    expect(wilson(0, 0)).toBeNull();
    expect(() => wilson(6, 5)).toThrow(RangeError);
  });

  it('shares carry numerator, n and interval', () => {
    expect(share(3, 4)).toMatchObject({ numerator: 3, n: 4, value: 0.75 });
    expect(share(0, 0)).toEqual({ numerator: 0, n: 0, value: null, interval: null });
  });
});

describe('suppression and backlog buckets', () => {
  it('hides figures below the minimum sample', () => {
    expect(suppressBelow(0.9, 9, 10)).toEqual({ sufficient: false, n: 9 });
    expect(suppressBelow(0.9, 10, 10)).toEqual({ sufficient: true, value: 0.9, n: 10 });
  });

  it.each([
    [0, '0-5'],
    [5, '0-5'],
    [5.9, '0-5'],
    [6, '6-14'],
    [14.5, '6-14'],
    [15, '15-30'],
    [30, '15-30'],
    [31, '>30'],
    [200, '>30'],
  ])('%s working days → %s', (age, bucket) => expect(backlogBucket(age)).toBe(bucket));
});
