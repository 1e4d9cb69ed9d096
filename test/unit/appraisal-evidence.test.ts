// Appraisal evidence formulas against hand-computed fixtures: department baseline, case-mix
// expectation, Wilson interval, suppression below the minimum sample, integrity signals, and the
// gaming scenario (fast closures without responses never come out ahead of careful work).
import { describe, expect, it } from 'vitest';
import { departmentEvidence, officerEvidence } from '../../src/server/appraisal/evidence.ts';
import { caseMixExpectation } from '../../src/server/appraisal/evidence-figures.ts';
import { isUnverifiedClosure } from '../../src/server/appraisal/integrity.ts';
import type { ComplaintFact, MetricContext } from '../../src/server/metrics/responsiveness.ts';
import { wilson } from '../../src/server/metrics/stats.ts';

const DAY = 86_400_000;
const MIN = 60_000;
const from = Date.UTC(2026, 0, 1);
const to = Date.UTC(2026, 6, 1);
// A calendar-day clock keeps the hand computation simple (working time is tested with the reports).
const ctx: MetricContext = { from, to, now: Date.UTC(2026, 7, 1), clock: { between: (a, b) => (b - a) / DAY } };

let nextId = 1;
function fact(p: Partial<ComplaintFact> & { categoryId: number }): ComplaintFact {
  const assignedAt = p.assignedAt ?? from + 10 * DAY;
  return {
    id: nextId++,
    state: 'in_progress',
    submittedAt: assignedAt - DAY,
    assignedAt,
    responseDueAt: assignedAt + 5 * DAY,
    resolutionDueAt: null,
    firstResponseAt: null,
    resolvedAt: null,
    rejectedAt: null,
    reopenedCount: 0,
    transferCount: 0,
    departmentId: 1,
    kecamatanCode: '16.71.01',
    rating: null,
    assigneeUserId: null,
    ...p,
  };
}

/** A case answered publicly `days` after assignment (response due after 5 days). */
const answered = (officer: number, category: number, days: number, extra: Partial<ComplaintFact> = {}) =>
  fact({ assigneeUserId: officer, categoryId: category, firstResponseAt: from + 10 * DAY + days * DAY, ...extra });

const close = (a: number, b: number) => expect(a).toBeCloseTo(b, 4);

describe('appraisal evidence: baseline and case mix', () => {
  // Category A (1) is hard, B (2) is easy. Officer 1 works only A; officer 2 works A and B.
  const facts = [
    ...Array.from({ length: 10 }, (_, i) => answered(1, 1, i < 8 ? 1 : 7)), // 8/10 on time in A
    ...Array.from({ length: 10 }, (_, i) => answered(2, 1, i < 4 ? 1 : 7)), // 4/10 on time in A
    ...Array.from({ length: 10 }, () => answered(2, 2, 2)), // 10/10 on time in B
  ];
  const ev = departmentEvidence(facts, ctx, { officerIds: [1, 2] });

  it('gives each officer their own share with a Wilson 95% interval', () => {
    const o1 = ev.get(1)!.responseSla.officer;
    expect([o1.numerator, o1.n]).toEqual([8, 10]);
    close(o1.value!, 0.8);
    close(o1.interval!.low, 0.4902);
    close(o1.interval!.high, 0.9433);
    expect(o1.sufficient).toBe(true);
  });

  it('compares with the department baseline: all its assigned complaints, the officer included', () => {
    const d = ev.get(1)!.responseSla.department;
    expect([d.numerator, d.n]).toEqual([22, 30]);
    close(d.value!, 22 / 30);
    expect(ev.get(2)!.responseSla.department.value).toBe(d.value);
  });

  it("computes the case-mix expectation from the department rate of each of the officer's categories", () => {
    // A: 12/20 = 0.6, B: 10/10 = 1. Officer 1: 10 × 0.6 / 10 = 0.6 — below the raw baseline (0.733),
    // so their 0.8 is above what their mix predicts. Officer 2: (10 × 0.6 + 10 × 1) / 20 = 0.8 > their 0.7.
    close(ev.get(1)!.responseSla.caseMix!, 0.6);
    close(ev.get(2)!.responseSla.caseMix!, 0.8);
    close(ev.get(2)!.responseSla.officer.value!, 0.7);
    expect(
      caseMixExpectation(
        [1, 1, 2, 3],
        new Map([
          [1, 0.5],
          [2, 1],
          [3, null],
        ]),
      ),
    ).toBeCloseTo(2 / 3, 10);
    expect(caseMixExpectation([], new Map())).toBeNull();
  });

  it('summarises durations with median and P90 beside the department and the case-mix median', () => {
    const fr = ev.get(1)!.firstResponse;
    // Officer 1 answered after 1 day eight times and after 7 days twice: median 1, P90 (rank 9) 7.
    expect([fr.officer.n, fr.officer.median, fr.officer.p90]).toEqual([10, 1, 7]);
    // Department category A median: 14 answers in 1 day, 6 in 7 → 1; officer 1 only works A.
    expect(fr.caseMixMedian).toBe(1);
    // Officer 2: ten A cases (A median 1) and ten B cases (B median 2) → (10 × 1 + 10 × 2) / 20 = 1.5.
    expect(ev.get(2)!.firstResponse.caseMixMedian).toBe(1.5);
    expect(ev.get(2)!.cases).toBe(20);
    expect(ev.get(1)!.departmentCasesPerOfficer).toBe(15);
  });
});

describe('appraisal evidence: minimum sample', () => {
  const facts = Array.from({ length: 9 }, () => answered(7, 1, 1));

  it('marks a figure below the minimum sample as insufficient ("data belum cukup") and keeps its n', () => {
    const e = officerEvidence(facts, ctx, 7);
    expect(e.minSample).toBe(10);
    expect(e.responseSla.officer.sufficient).toBe(false);
    expect(e.responseSla.officer.n).toBe(9);
    expect(e.firstResponse.officer.sufficient).toBe(false);
    expect(e.csat.officer.sufficient).toBe(false);
  });

  it('follows the configured minimum', () => {
    expect(officerEvidence(facts, ctx, 7, { minSample: 9 }).responseSla.officer.sufficient).toBe(true);
    expect(officerEvidence(facts, ctx, 7, { minSample: 10 }).responseSla.officer.sufficient).toBe(false);
  });
});

describe('appraisal evidence: gaming scenario ("TL asal hijau")', () => {
  const t0 = from + 10 * DAY;
  // Officer 10 closes 30 complaints three minutes after assignment, with a template reply a minute before.
  const gamer = Array.from({ length: 30 }, (_, i) =>
    fact({
      assigneeUserId: 10,
      categoryId: 1,
      assignedAt: t0 + i * DAY,
      firstResponseAt: t0 + i * DAY + 2 * MIN,
      resolvedAt: t0 + i * DAY + 3 * MIN,
      state: 'resolved',
      responseDueAt: t0 + i * DAY + 5 * DAY,
      resolutionDueAt: t0 + i * DAY + 14 * DAY,
      rating: i < 5 ? 1 : null,
      history: [
        { action: 'resolve', at: t0 + i * DAY + 3 * MIN },
        ...(i < 6 ? [{ action: 'dispute' as const, at: t0 + i * DAY + DAY }] : []),
      ],
      reopenedCount: i < 6 ? 1 : 0,
    }),
  );
  // Officer 11 answers after a day and resolves after four, 20 times, every one on time.
  const careful = Array.from({ length: 20 }, (_, i) =>
    fact({
      assigneeUserId: 11,
      categoryId: 1,
      assignedAt: t0 + i * DAY,
      firstResponseAt: t0 + i * DAY + DAY,
      resolvedAt: t0 + i * DAY + 4 * DAY,
      state: 'closed',
      responseDueAt: t0 + i * DAY + 5 * DAY,
      resolutionDueAt: t0 + i * DAY + 14 * DAY,
      rating: i % 2 ? 5 : 4,
      history: [{ action: 'resolve', at: t0 + i * DAY + 4 * DAY }],
    }),
  );
  const ev = departmentEvidence([...gamer, ...careful], ctx, { officerIds: [10, 11] });
  const g = ev.get(10)!;
  const c = ev.get(11)!;

  it('recognises the unverified closures', () => {
    expect(gamer.every(isUnverifiedClosure)).toBe(true);
    expect(careful.some(isUnverifiedClosure)).toBe(false);
  });

  it('the fast closer does not come out ahead on any figure a closure count could improve', () => {
    expect(g.cases).toBe(0);
    expect(c.cases).toBe(20);
    expect(g.resolutionSla.officer.sufficient).toBe(false);
    expect(c.resolutionSla.officer.value).toBe(1);
    expect(g.responseSla.officer.n).toBe(0);
    expect(c.responseSla.officer.value).toBe(1);
    expect(g.resolution.officer.n).toBe(0);
    // …and is not spared the figures it can only worsen.
    expect(g.reopen.officer.numerator).toBe(6);
    expect(g.disputes).toBe(6);
    expect(g.csat.officer.n).toBe(5);
  });

  it('flags the fast closer, and not the careful officer', () => {
    const s = g.signals;
    expect([s.fast.count, s.fast.n, s.fast.flagged]).toEqual([30, 30, true]);
    expect([s.withoutResponse.count, s.withoutResponse.flagged]).toEqual([30, true]);
    expect([s.unverified.count, s.unverified.flagged]).toEqual([30, true]);
    expect([s.disputedOrReopened.count, s.disputedOrReopened.flagged]).toEqual([6, true]);
    expect(s.fast.rest).toBe(0);
    for (const k of ['fast', 'withoutResponse', 'unverified', 'disputedOrReopened', 'ratingClustering'] as const)
      expect(c.signals[k].flagged, k).toBe(false);
  });
});

describe('appraisal evidence: rating clustering', () => {
  const resolved = (officer: number, rating: number) =>
    fact({
      assigneeUserId: officer,
      categoryId: 1,
      firstResponseAt: from + 11 * DAY,
      resolvedAt: from + 13 * DAY,
      state: 'closed',
      rating,
    });

  it('flags an officer whose ratings are all one score when the rest of the department rates differently', () => {
    const facts = [
      ...Array.from({ length: 12 }, () => resolved(20, 5)),
      ...Array.from({ length: 20 }, (_, i) => resolved(21, 1 + (i % 4))),
    ];
    const s = officerEvidence(facts, ctx, 20).signals.ratingClustering;
    expect([s.score, s.count, s.n]).toEqual([5, 12, 12]);
    expect(s.rest).toBe(0);
    expect(s.interval!.low).toBeCloseTo(wilson(12, 12)!.low, 10);
    expect(s.flagged).toBe(true);
  });

  it('does not flag when the department rates the same way, nor below the minimum sample', () => {
    const same = [...Array.from({ length: 12 }, () => resolved(20, 5)), ...Array.from({ length: 20 }, () => resolved(21, 5))];
    expect(officerEvidence(same, ctx, 20).signals.ratingClustering.flagged).toBe(false);
    const few = [...Array.from({ length: 9 }, () => resolved(20, 5)), ...Array.from({ length: 20 }, () => resolved(21, 2))];
    expect(officerEvidence(few, ctx, 20).signals.ratingClustering.flagged).toBe(false);
  });
});

describe('appraisal periods and the predikat matrix', () => {
  it('maps period keys to semesters and years in the deployment zone, and steps back', async () => {
    const { periodOfKey, previousPeriodKey, periodKeySchema } = await import('../../src/server/appraisal/appraisal.schema.ts');
    const s2 = periodOfKey('2026-S2', 'Asia/Jakarta');
    expect([s2.startDate, s2.endDate, s2.from.toISOString()]).toEqual(['2026-07-01', '2026-12-31', '2026-06-30T17:00:00.000Z']);
    expect(periodOfKey('2026', 'Asia/Jakarta').endDate).toBe('2026-12-31');
    expect([previousPeriodKey('2026-S1'), previousPeriodKey('2026-S2'), previousPeriodKey('2026')]).toEqual(['2025-S2', '2026-S1', '2025']);
    expect(periodKeySchema.safeParse('2026-S3').success).toBe(false);
  });

  it('shows the quadrant of the PermenPANRB 6/2022 Annex (rows hasil kerja, columns perilaku kerja)', async () => {
    const { PREDIKAT_MATRIX } = await import('../../src/server/appraisal/appraisal.view.ts');
    expect(PREDIKAT_MATRIX).toEqual({
      above: { below: 'kurang', meets: 'baik', above: 'sangatBaik' },
      meets: { below: 'kurang', meets: 'baik', above: 'baik' },
      below: { below: 'sangatKurang', meets: 'butuhPerbaikan', above: 'butuhPerbaikan' },
    });
  });
});
