// The gap score and the 20 JP check against hand-computed fixtures (the arithmetic is in the comments).
import { describe, expect, it } from 'vitest';
import { computeGapScores, DEFAULT_WEIGHTS } from '../../src/server/development/gap-score.ts';
import { checkPlanJp, splitJp, suggestTraining } from '../../src/server/development/jp-entitlement.ts';
import type { ComplaintFact } from '../../src/server/metrics/responsiveness.ts';

const A = 1;
const B = 2;
const fact = (f: Partial<ComplaintFact> & { id: number; categoryId: number; submittedAt: number }): ComplaintFact => ({
  state: 'in_progress',
  assignedAt: f.submittedAt,
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
  ...f,
});

// Period [1000, 2000), report made at 3000. Category 10 → {A, B}; 20 → {B}; 30 → nothing.
const complaints: ComplaintFact[] = [
  // submitted in P (0.5) + response answered late (1) = 1.5, shared: A 0.75, B 0.75
  fact({ id: 1, categoryId: 10, submittedAt: 1100, responseDueAt: 1200, firstResponseAt: 1300, resolutionDueAt: 5000 }),
  // submitted (0.5) + on-time response and resolution (0) + rating 1 for a resolution in P (1) = 1.5 → B
  fact({
    id: 2,
    categoryId: 20,
    submittedAt: 1100,
    responseDueAt: 1200,
    firstResponseAt: 1150,
    resolutionDueAt: 1500,
    resolvedAt: 1400,
    state: 'closed',
    rating: 1,
  }),
  // submitted before P (0) + one dispute in P (2) + unresolved past its due time in P (1) = 3 → B
  fact({
    id: 3,
    categoryId: 20,
    submittedAt: 500,
    responseDueAt: 900,
    firstResponseAt: 600,
    resolutionDueAt: 1800,
    reopenedCount: 1,
    history: [
      { action: 'resolve', at: 1200 },
      { action: 'dispute', at: 1300 },
    ],
  }),
  // submitted (0.5), category maps to nothing → unmapped
  fact({ id: 4, categoryId: 30, submittedAt: 1500 }),
  // after P, nothing due in P → weight 0
  fact({ id: 5, categoryId: 10, submittedAt: 2500 }),
];
const categoryCompetencies = new Map([
  [10, [A, B]],
  [20, [B]],
  [30, []],
]);
// v = 1 + endorsements: x1 → A 4; x2 → A 1, B 1; x3 untagged 1. Voice Σv = 7.
const contributions = [
  { id: 11, consultationId: 1, endorsements: 3, competencyIds: [A] },
  { id: 12, consultationId: 1, endorsements: 1, competencyIds: [A, B] },
  { id: 13, consultationId: 1, endorsements: 0, competencyIds: [] },
];

describe('gap score (DESIGN.md §6)', () => {
  const r = computeGapScores({ from: 1000, to: 2000, now: 3000, complaints, categoryCompetencies, contributions });

  it('normalises complaint weight by the department volume and the voice by its total', () => {
    expect(r.volume).toBe(3); // complaints 1, 2, 4 submitted in P
    expect(r.voice).toBe(7);
    expect(r.unmappedComplaints).toBe(1);
    expect(r.untaggedContributions).toBe(1);
    const b = r.ranked.find((x) => x.competencyId === B)!;
    const a = r.ranked.find((x) => x.competencyId === A)!;
    // B: K = 100 · (0.75 + 1.5 + 3) / 3 = 175; S = 100 · 1 / 7 = 14.2857…; G = 189.2857…
    expect(b.complaintPart).toBeCloseTo(175, 6);
    expect(b.consultationPart).toBeCloseTo(100 / 7, 6);
    expect(b.score).toBeCloseTo(175 + 100 / 7, 6);
    // A: K = 100 · 0.75 / 3 = 25; S = 100 · 5 / 7 = 71.4285…; G = 96.4285…
    expect(a.complaintPart).toBeCloseTo(25, 6);
    expect(a.consultationPart).toBeCloseTo(500 / 7, 6);
    expect(a.score).toBeCloseTo(25 + 500 / 7, 6);
  });

  it('ranks highest first and lists the evidence behind each rank', () => {
    expect(r.ranked.map((x) => [x.competencyId, x.rank])).toEqual([
      [B, 1],
      [A, 2],
    ]);
    const [b, a] = r.ranked;
    expect(b!.complaintEvidence).toEqual({ complaints: 3, volume: 2, responseMisses: 1, resolutionMisses: 1, reopens: 1, lowRatings: 1 });
    expect(b!.complaintIds.sort()).toEqual([1, 2, 3]);
    expect(b!.consultationEvidence).toEqual({ contributions: 1, endorsements: 1 });
    expect(b!.contributionIds).toEqual([12]);
    expect(a!.complaintEvidence).toEqual({ complaints: 1, volume: 1, responseMisses: 1, resolutionMisses: 0, reopens: 0, lowRatings: 0 });
    expect(a!.contributionIds.sort()).toEqual([11, 12]);
    expect(a!.consultationEvidence).toEqual({ contributions: 2, endorsements: 4 });
  });

  it('follows the weights: without consultation weight A drops to 25', () => {
    const r2 = computeGapScores({
      from: 1000,
      to: 2000,
      now: 3000,
      complaints,
      categoryCompetencies,
      contributions,
      weights: { ...DEFAULT_WEIGHTS, consultation: 0 },
    });
    expect(r2.ranked.find((x) => x.competencyId === A)!.score).toBeCloseTo(25, 6);
    // reopen weight 0: B loses 2 of its 5.25 → 100 · 3.25 / 3
    const r3 = computeGapScores({
      from: 1000,
      to: 2000,
      now: 3000,
      complaints,
      categoryCompetencies,
      contributions: [],
      weights: { ...DEFAULT_WEIGHTS, reopen: 0 },
    });
    expect(r3.ranked.find((x) => x.competencyId === B)!.score).toBeCloseTo(325 / 3, 6);
  });

  it('gives an empty ranking without evidence', () => {
    const e = computeGapScores({ from: 1000, to: 2000, now: 3000, complaints: [], categoryCompetencies, contributions: [] });
    expect(e.ranked).toEqual([]);
    expect(e.volume).toBe(0);
  });
});

describe('20 JP per officer per year', () => {
  it('splits 20 JP over the top scores with whole numbers', () => {
    // 18 spare JP: 18 · 189.29/285.71 = 11.93 → 1 + 11, 18 · 96.43/285.71 = 6.07 → 1 + 6; the remaining 1 to the larger remainder
    expect(splitJp([175 + 100 / 7, 25 + 500 / 7])).toEqual([13, 7]);
    expect(splitJp([1, 1, 1])).toEqual([7, 7, 6]);
    expect(splitJp([5])).toEqual([20]);
  });

  it('checks the plan per PNS against the 20 JP (the per-PNS cases are in jp-entitlement.test.ts)', () => {
    const all = (jp: number) => ({ jp, groupId: null, nips: [] });
    expect(checkPlanJp([all(13), all(7)], [], 10)).toMatchObject({ totalJp: 200, pnsBelow: 0, status: 'meets' });
    // 8 JP for everyone and 6 JP for a group of 5: no one reaches 20 (formerly an average of 11 JP per officer).
    const g = checkPlanJp([all(8), { jp: 6, groupId: 1, nips: [] }], [{ id: 1, name: 'Loket', headCount: 5 }], 10);
    expect(g).toMatchObject({ totalJp: 110, pnsBelow: 10, status: 'below' });
    expect(g.below.map((r) => [r.groupName, r.headCount, r.jpPerPns, r.shortfall])).toEqual([
      [null, 5, 8, 12],
      ['Loket', 5, 14, 6],
    ]);
    expect(checkPlanJp([all(30)], [], 4).status).toBe('meets');
    expect(checkPlanJp([all(30)], [], 0).status).toBe('unknown');
  });

  it('suggests training for the top competencies only, by kind', () => {
    const kinds = new Map([
      [A, 'manajerial' as const],
      [B, 'teknis' as const],
    ]);
    const s = suggestTraining(
      [
        { competencyId: B, score: 189.29 },
        { competencyId: A, score: 96.43 },
        { competencyId: 9, score: 0 },
      ],
      kinds,
    );
    expect(s).toEqual([
      { competencyId: B, kind: 'teknis', jalur: 'klasikal', bentuk: 'bimbingan_teknis', jp: 13, score: 189.29 },
      { competencyId: A, kind: 'manajerial', jalur: 'nonklasikal', bentuk: 'coaching', jp: 7, score: 96.43 },
    ]);
  });
});
