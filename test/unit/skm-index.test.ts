// The SKM index against hand-computed examples (PermenPANRB 14/2017, Lampiran "Pengolahan Data"):
// NRR per unsur, weight 1/9, conversion ×25, the mutu pelayanan at its interval edges, the lowest
// unsur, and the Krejcie–Morgan minimum sample against rows of the published table.
import { describe, expect, it } from 'vitest';
import { computeSkmIndex, isRepresentative, minimumSample, mutuOf } from '../../src/server/surveys/skm-index.ts';
import type { UnsurCode } from '../../src/server/surveys/skm-reference.ts';

const CODES: UnsurCode[] = ['U1', 'U2', 'U3', 'U4', 'U5', 'U6', 'U7', 'U8', 'U9'];
const response = (values: number[]) => Object.fromEntries(CODES.map((c, i) => [c, values[i]!])) as Record<UnsurCode, number>;

describe('SKM index', () => {
  it('nine unsur at 4 give 100,00 (A); at 1 give 25,00 (D)', () => {
    const top = computeSkmIndex([response([4, 4, 4, 4, 4, 4, 4, 4, 4])]);
    expect(top).toMatchObject({ converted: 100, mutu: 'A' });
    expect(top.index).toBeCloseTo(4, 12);
    expect(computeSkmIndex([response([1, 1, 1, 1, 1, 1, 1, 1, 1])])).toMatchObject({ converted: 25, mutu: 'D' });
  });

  it('a hand-computed example of four respondents', () => {
    // U1: (4+3+3+2)/4 = 3      U2: (3+3+3+3)/4 = 3     U3: (2+2+3+1)/4 = 2
    // U4: (4+4+4+4)/4 = 4      U5: (3+4+3+4)/4 = 3,5   U6: (3+3+4+4)/4 = 3,5
    // U7: (4+4+4+3)/4 = 3,75   U8: (2+3+2+3)/4 = 2,5   U9: (3+3+3+3)/4 = 3
    // Σ NRR = 28,25; index = 28,25/9 = 3,13888…; ×25 = 78,4722… → 78,47 (B, 76,61–88,30)
    const r = computeSkmIndex([
      response([4, 3, 2, 4, 3, 3, 4, 2, 3]),
      response([3, 3, 2, 4, 4, 3, 4, 3, 3]),
      response([3, 3, 3, 4, 3, 4, 4, 2, 3]),
      response([2, 3, 1, 4, 4, 4, 3, 3, 3]),
    ]);
    expect(r.n).toBe(4);
    expect(r.unsur.map((u) => u.nrr)).toEqual([3, 3, 2, 4, 3.5, 3.5, 3.75, 2.5, 3]);
    expect(r.index).toBeCloseTo(28.25 / 9, 10);
    expect(r.converted).toBe(78.47);
    expect(r.mutu).toBe('B');
    expect(r.unsur.find((u) => u.code === 'U3')).toMatchObject({ converted: 50, mutu: 'D' });
    // Lowest three: U3 (2), U8 (2,5), then U1, U2 and U9 tie at 3 and are all kept.
    expect(r.priorities).toEqual(['U3', 'U8', 'U1', 'U2', 'U9']);
  });

  it('divides each unsur by its own answers; an unsur nobody answered leaves the index empty', () => {
    const r = computeSkmIndex([response([4, 4, 4, 4, 4, 4, 4, 4, 4]), { U1: 2 }]);
    expect(r.unsur[0]).toMatchObject({ n: 2, nrr: 3 });
    expect(r.unsur[1]).toMatchObject({ n: 1, nrr: 4 });
    expect(computeSkmIndex([{ U1: 3 }]).index).toBeNull();
    expect(() => computeSkmIndex([{ U1: 5 }])).toThrow(RangeError);
  });

  it('mutu pelayanan at the edges of the Lampiran intervals', () => {
    expect(mutuOf(100)).toBe('A');
    expect(mutuOf(88.31)).toBe('A');
    expect(mutuOf(88.3)).toBe('B');
    expect(mutuOf(76.61)).toBe('B');
    expect(mutuOf(76.6)).toBe('C');
    expect(mutuOf(65)).toBe('C');
    expect(mutuOf(64.99)).toBe('D');
    expect(mutuOf(25)).toBe('D');
  });

  it('the category follows the two-decimal converted value', () => {
    // Index 3,5324 (the Lampiran's lower A bound on 1–4) → 88,31 → A; 3,532 → 88,30 → B.
    expect(mutuOf(3.5324 * 25)).toBe('A');
    expect(mutuOf(3.532 * 25)).toBe('B');
    expect(mutuOf(3.0644 * 25)).toBe('B');
    expect(mutuOf(3.064 * 25)).toBe('C');
    expect(mutuOf(2.6 * 25)).toBe('C');
    expect(mutuOf(2.5996 * 25)).toBe('D');
  });
});

describe('Krejcie–Morgan minimum sample', () => {
  it('matches rows of the published table', () => {
    const rows: [number, number][] = [
      [10, 10],
      [15, 14],
      [20, 19],
      [50, 44],
      [100, 80],
      [110, 86],
      [220, 140],
      [250, 152],
      [300, 169],
      [340, 181],
      [500, 217],
      [1200, 291],
      [1500, 306],
      [2000, 322],
      [2200, 327],
      [2800, 338],
      [9000, 368],
    ];
    for (const [N, s] of rows) expect([N, minimumSample(N)]).toEqual([N, s]);
  });

  it('labels a result below the minimum as not representative', () => {
    expect(isRepresentative(79, 100)).toBe(false);
    expect(isRepresentative(80, 100)).toBe(true);
    expect(isRepresentative(3, null)).toBeNull();
    expect(() => minimumSample(0)).toThrow(RangeError);
  });
});
