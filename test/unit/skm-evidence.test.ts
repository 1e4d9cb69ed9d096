// The SKM part of the gap score against hand-computed examples (arithmetic in the comments):
// weak = NRR × 25 below 76,61 (the B interval's lower bound), shortfall = (76,61 − NIK) / 51,61.
import { describe, expect, it } from 'vitest';
import { computeGapScores, DEFAULT_WEIGHTS } from '../../src/server/development/gap-score.ts';
import {
  isWeakUnsur,
  SKM_UNSUR_COMPETENCIES,
  skmShortfall,
  weakMappedUnsur,
  WEAK_BELOW,
} from '../../src/server/development/skm-evidence.ts';
import { computeSkmIndex } from '../../src/server/surveys/skm-index.ts';
import type { ComplaintFact } from '../../src/server/metrics/responsiveness.ts';

const PELAYANAN = 1;
const KOMUNIKASI = 2;
const ids = new Map([
  ['pelayanan_publik', PELAYANAN],
  ['komunikasi', KOMUNIKASI],
]);

describe('SKM as development evidence', () => {
  it('maps only unsur 6 and 7, to catalogue codes', () => {
    expect(SKM_UNSUR_COMPETENCIES).toEqual({ U6: ['pelayanan_publik'], U7: ['komunikasi'] });
    expect(WEAK_BELOW).toBe(76.61);
  });

  it('calls an unsur weak below the B interval, with its shortfall towards 25', () => {
    expect(isWeakUnsur(76.61)).toBe(false);
    expect(skmShortfall(76.61)).toBe(0);
    expect(skmShortfall(88)).toBe(0);
    // 76,60: 0,01 / 51,61
    expect(skmShortfall(76.6)).toBeCloseTo(0.01 / 51.61, 9);
    // 65,00 (NRR 2,6, mutu C): 11,61 / 51,61 = 0,224956…
    expect(skmShortfall(65)).toBeCloseTo(0.2249564, 6);
    expect(skmShortfall(25)).toBe(1);
  });

  it('picks the weak mapped unsur of an SKM result', () => {
    // Five respondents: U6 answers 3,3,2,2,3 → NRR 2,6 → 65,00 (C); U7 all 4 → 100 (A); U1 all 1 → 25 (D, unmapped).
    const r = (u6: number) => ({ U1: 1, U2: 4, U3: 4, U4: 4, U5: 4, U6: u6, U7: 4, U8: 4, U9: 4 });
    const skm = computeSkmIndex([r(3), r(3), r(2), r(2), r(3)]);
    expect(weakMappedUnsur(skm.unsur, ids)).toEqual([{ code: 'U6', converted: 65, competencyIds: [PELAYANAN] }]);
    // A catalogue without the code: nothing to weigh.
    expect(weakMappedUnsur(skm.unsur, new Map())).toEqual([]);
  });

  it('adds 100 · w_skm · shortfall to the matching competency only', () => {
    const fact: ComplaintFact = {
      id: 1,
      categoryId: 10,
      submittedAt: 1100,
      state: 'in_progress',
      assignedAt: 1100,
      responseDueAt: null,
      resolutionDueAt: null,
      firstResponseAt: null,
      resolvedAt: null,
      rejectedAt: null,
      reopenedCount: 0,
      transferCount: 0,
      departmentId: 7,
      kecamatanCode: '16.71.01',
      assigneeUserId: null,
      rating: null,
    };
    const base = {
      from: 1000,
      to: 2000,
      now: 3000,
      complaints: [fact],
      categoryCompetencies: new Map([[10, [PELAYANAN, KOMUNIKASI]]]),
      contributions: [],
    };
    // Without SKM: e = 0,5 shared by two → each K = 100 · 0,25 / 1 = 25.
    const before = computeGapScores(base);
    expect(before.ranked.map((x) => [x.competencyId, x.score])).toEqual([
      [PELAYANAN, 25],
      [KOMUNIKASI, 25],
    ]);
    // U6 at 65,00 → Q(pelayanan_publik) = 100 · 1 · 11,61 / 51,61 = 22,4956…; U7 at 50,00 (D) → Q(komunikasi) = 100 · 26,61 / 51,61 = 51,5598…
    const after = computeGapScores({
      ...base,
      skm: [
        { code: 'U6', converted: 65, competencyIds: [PELAYANAN] },
        { code: 'U7', converted: 50, competencyIds: [KOMUNIKASI] },
      ],
    });
    const p = after.ranked.find((x) => x.competencyId === PELAYANAN)!;
    const k = after.ranked.find((x) => x.competencyId === KOMUNIKASI)!;
    expect(p.skmPart).toBeCloseTo(22.4956, 4);
    expect(p.score).toBeCloseTo(47.4956, 4);
    expect(p.skmEvidence).toEqual([{ code: 'U6', converted: 65, points: expect.closeTo(22.4956, 4) }]);
    expect(k.skmPart).toBeCloseTo(51.5598, 4);
    expect(after.ranked.map((x) => x.competencyId)).toEqual([KOMUNIKASI, PELAYANAN]);
    // The weight scales it; weight 0 takes it out.
    const half = computeGapScores({
      ...base,
      skm: [{ code: 'U6', converted: 65, competencyIds: [PELAYANAN] }],
      weights: { ...DEFAULT_WEIGHTS, skm: 0.5 },
    });
    expect(half.ranked.find((x) => x.competencyId === PELAYANAN)!.skmPart).toBeCloseTo(11.2478, 4);
    // An unsur at B or above adds nothing; an SKM-only competency is ranked too.
    const ok = computeGapScores({
      ...base,
      complaints: [],
      skm: [
        { code: 'U6', converted: 76.61, competencyIds: [PELAYANAN] },
        { code: 'U7', converted: 65, competencyIds: [KOMUNIKASI] },
      ],
    });
    expect(ok.ranked.map((x) => [x.competencyId, Math.round(x.score * 100) / 100])).toEqual([[KOMUNIKASI, 22.5]]);
  });
});
