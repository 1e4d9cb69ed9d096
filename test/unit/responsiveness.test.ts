// Every §4 metric against a month computed by hand (test/fixtures/report-facts.ts).
// Working days: Mon–Fri, test holiday Wed 2026-03-04; days of 24 h counted inside working days.
import { describe, expect, it } from 'vitest';
import { computeMetrics, factMatches, groupMetrics, type MetricContext } from '../../src/server/metrics/responsiveness.ts';
import { workingClock } from '../../src/server/metrics/working-time.ts';
import { workingDaysBetween } from '../../src/server/calendar/calendar.ts';
import { at, EXPECTED, factsWithHistory, NOW, PERIOD, TEST_HOLIDAYS, TEST_TZ } from '../fixtures/report-facts.ts';

const cal = { timeZone: TEST_TZ, holidays: TEST_HOLIDAYS };
const ctx: MetricContext = { ...PERIOD, now: NOW, clock: workingClock(cal, at('2025-12-01 00:00'), at('2026-09-01 00:00')) };

describe('working clock', () => {
  it('agrees with the calendar walk, weekends and holidays included', () => {
    const clock = ctx.clock;
    // Mon 15:00 → Fri 15:00 across the Wednesday holiday: 0.375 + 1 + 0 + 1 + 0.625
    expect(clock.between(at('2026-03-02 15:00'), at('2026-03-06 15:00'))).toBeCloseTo(3, 10);
    // Fri 12:00 → Mon 12:00: the weekend does not count
    expect(clock.between(at('2026-03-06 12:00'), at('2026-03-09 12:00'))).toBeCloseTo(1, 10);
    let seed = 7;
    const rnd = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (let i = 0; i < 200; i++) {
      const a = at('2026-01-01 00:00') + Math.floor(rnd() * 120 * 86_400_000);
      const b = a + Math.floor(rnd() * 40 * 86_400_000);
      expect(clock.between(a, b)).toBeCloseTo(workingDaysBetween(new Date(a), new Date(b), cal), 9);
    }
  });
});

describe('§4 metrics on the hand-computed month', () => {
  const m = computeMetrics(factsWithHistory(), ctx);

  it('volume counts complaints submitted in the period, rejected ones included', () => {
    expect(m.volume).toBe(EXPECTED.volume);
  });

  it('durations: medians and P90 in working days (weekend, holiday, reopened resolution)', () => {
    // verification: C 1/24, D 2/24, H 2/24, A 0.25, B 1.0 (Fri 12:00 → Mon 12:00)
    expect(m.verification.n).toBe(5);
    expect(m.verification.median).toBeCloseTo(EXPECTED.verification.median, 10);
    expect(m.verification.p90).toBeCloseTo(EXPECTED.verification.p90, 10);
    // first response: A 0.75, H 1.0, B 4.875
    expect(m.firstResponse).toEqual({ n: 3, median: expect.closeTo(1, 10), p90: expect.closeTo(4.875, 10) });
    // resolution: H 2.0 (holiday inside), A 3.0, B 12.0 (the last resolution, after the dispute)
    expect(m.resolution).toEqual({ n: 3, median: expect.closeTo(3, 10), p90: expect.closeTo(12, 10) });
  });

  it('response SLA: unanswered past due is a miss; not yet due and unanswered is not counted', () => {
    expect(m.responseSla).toMatchObject(EXPECTED.responseSla);
    expect(m.responseSla.value).toBe(0.5);
  });

  it('resolution SLA: a reopened complaint resolved again late is a miss, so is one reopened and unresolved', () => {
    expect(m.resolutionSla).toMatchObject(EXPECTED.resolutionSla);
    expect(m.resolutionSla.value).toBeCloseTo(0.4, 10);
  });

  it('backlog at the period end (or now) by age since submission', () => {
    expect(m.backlog).toEqual(EXPECTED.backlog);
  });

  it('reopen rate, CSAT with n and response rate, transfer rate', () => {
    expect(m.reopen).toMatchObject(EXPECTED.reopen);
    expect(m.csat.mean).toBe(3.5);
    expect(m.csat.n).toBe(2);
    expect(m.csat.responseRate).toMatchObject(EXPECTED.csat.rate);
    expect(m.transfer).toMatchObject(EXPECTED.transfer);
  });

  it('after the due time passes, the unanswered complaint D becomes a miss too', () => {
    const later = computeMetrics(factsWithHistory(), { ...ctx, now: at('2026-04-02 09:00') });
    expect(later.responseSla).toMatchObject({ numerator: 2, n: 5, pastDueOpen: 2 });
    // C's resolution was due on 31 March: now a miss as well
    expect(later.resolutionSla).toMatchObject({ numerator: 2, n: 6, pastDueOpen: 3 });
  });

  it('groups by department, and the drill-down picks the same complaints', () => {
    const byDept = groupMetrics(factsWithHistory(), (f) => f.departmentId, ctx);
    expect(byDept.get(1)!.volume).toBe(3);
    expect(byDept.get(2)!.volume).toBe(2);
    expect(byDept.get(2)!.responseSla).toMatchObject({ numerator: 0, n: 1 });
    expect(byDept.get(1)!.resolutionSla).toMatchObject({ numerator: 2, n: 3 });
    const ids = (metric: Parameters<typeof factMatches>[2], outcome?: string) =>
      factsWithHistory()
        .filter((f) => factMatches(f, ctx, metric, outcome))
        .map((f) => f.id);
    expect(ids('response_sla', 'missed')).toEqual([2, 3]);
    expect(ids('resolution_sla', 'missed')).toEqual([2, 6, 7]);
    expect(ids('backlog', '>30')).toEqual([6, 7]);
    expect(ids('reopen', 'reopened')).toEqual([2]);
    expect(ids('transfer', 'transferred')).toEqual([3]);
  });
});

describe('consultation responsiveness (hand-computed)', () => {
  it('share answered, working time to the first official response, commitments delivered / made', async () => {
    const { computeConsultationMetrics } = await import('../../src/server/metrics/consultation-metrics.ts');
    const contributions = [
      // Mon 09:00 → Tue 09:00: 1.0; Tue 12:00 → Thu 12:00 across the Wednesday test holiday: 1.0; Fri 12:00 → Mon 12:00: 1.0
      { id: 1, departmentId: 1, createdAt: at('2026-03-02 09:00'), firstResponseAt: at('2026-03-03 09:00') },
      { id: 2, departmentId: 1, createdAt: at('2026-03-03 12:00'), firstResponseAt: at('2026-03-05 12:00') },
      { id: 3, departmentId: 1, createdAt: at('2026-03-06 12:00'), firstResponseAt: at('2026-03-16 12:00') },
      { id: 4, departmentId: 1, createdAt: at('2026-03-20 09:00'), firstResponseAt: null },
      { id: 5, departmentId: 1, createdAt: at('2026-02-20 09:00'), firstResponseAt: at('2026-03-02 09:00') }, // made in February: not counted
    ];
    const commitments = [
      { id: 1, departmentId: 1, createdAt: at('2026-03-10 09:00'), status: 'selesai' as const },
      { id: 2, departmentId: 1, createdAt: at('2026-03-10 09:00'), status: 'berjalan' as const },
      { id: 3, departmentId: 1, createdAt: at('2026-03-10 09:00'), status: 'dibatalkan' as const },
      { id: 4, departmentId: 1, createdAt: at('2026-01-10 09:00'), status: 'selesai' as const },
    ];
    const m = computeConsultationMetrics(contributions, commitments, ctx);
    expect(m.responded).toMatchObject({ numerator: 3, n: 4 });
    // 3: Fri 12:00 → Mon 16 12:00 = 0.5 + 5 (9–13 March) + 0.5 = 6.0; sorted 1, 1, 6
    expect(m.timeToResponse).toEqual({ n: 3, median: expect.closeTo(1, 10), p90: expect.closeTo(6, 10) });
    expect(m.delivered).toMatchObject({ numerator: 1, n: 3 });
  });
});
