// The difference-in-differences of the effect page (src/server/development/effect.ts) against figures
// computed by hand, and its "data belum cukup" under the minimum sample.
import { describe, expect, it } from 'vitest';
import { didMean, didProportion, windowsAround } from '../../src/server/development/effect.ts';

describe('difference-in-differences of proportions', () => {
  // Participants 6/10 → 9/10, colleagues 5/10 → 6/10.
  // DiD = (0.9 − 0.6) − (0.6 − 0.5) = 0.2
  // Var = 0.6·0.4/10 + 0.9·0.1/10 + 0.5·0.5/10 + 0.6·0.4/10 = 0.024 + 0.009 + 0.025 + 0.024 = 0.082
  // SE = √0.082 = 0.286356…; 95%: 0.2 ± 1.959964 · 0.286356 = 0.2 ± 0.561248 → [−0.361248, 0.761248]
  const cells = {
    participantsBefore: { x: 6, n: 10 },
    participantsAfter: { x: 9, n: 10 },
    colleaguesBefore: { x: 5, n: 10 },
    colleaguesAfter: { x: 6, n: 10 },
  };

  it('matches the hand-computed estimate and interval', () => {
    const f = didProportion(cells, 10);
    expect(f.sufficient).toBe(true);
    expect(f.estimate).toBeCloseTo(0.2, 10);
    expect(f.low).toBeCloseTo(-0.361248, 5);
    expect(f.high).toBeCloseTo(0.761248, 5);
    expect(f.n).toEqual({ participantsBefore: 10, participantsAfter: 10, colleaguesBefore: 10, colleaguesAfter: 10 });
  });

  it('is "data belum cukup" when any group is under the minimum sample', () => {
    const f = didProportion({ ...cells, colleaguesAfter: { x: 5, n: 9 } }, 10);
    expect(f).toMatchObject({ sufficient: false, estimate: null, low: null, high: null });
    expect(f.n.colleaguesAfter).toBe(9);
  });
});

describe('difference-in-differences of means', () => {
  // Participants [3,4,5] (mean 4, s² 1) → [4,5,5] (mean 14/3, s² 1/3); colleagues [2,3,4] → [2,3,4] (mean 3, s² 1).
  // DiD = (14/3 − 4) − (3 − 3) = 2/3; Var = (1 + 1/3 + 1 + 1)/3 = 10/9; SE = 1.054093; half-width 2.065982.
  const cell = (v: number[]) => ({ sum: v.reduce((a, b) => a + b, 0), sumSq: v.reduce((a, b) => a + b * b, 0), n: v.length });
  it('matches the hand-computed estimate and interval', () => {
    const f = didMean(
      {
        participantsBefore: cell([3, 4, 5]),
        participantsAfter: cell([4, 5, 5]),
        colleaguesBefore: cell([2, 3, 4]),
        colleaguesAfter: cell([2, 3, 4]),
      },
      3,
    );
    expect(f.estimate).toBeCloseTo(2 / 3, 10);
    expect(f.low).toBeCloseTo(2 / 3 - 2.065982, 5);
    expect(f.high).toBeCloseTo(2 / 3 + 2.065982, 5);
  });
});

describe('windows around the end of a training', () => {
  it('takes N months before and after, clamped to the month end', () => {
    expect(windowsAround('2026-08-31', 6)).toEqual({
      before: { from: '2026-02-28', to: '2026-08-31' },
      after: { from: '2026-08-31', to: '2027-02-28' },
    });
  });
});
