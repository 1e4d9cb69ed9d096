// Stage attribution of the appraisal figures (issue 21) against hand-computed fixtures: each figure counts
// for the officer who acted in its stage — across a reassignment, a transfer, a resolution by a colleague,
// a dispute and the reopening after it. A calendar-day clock keeps the hand computation simple.
import { describe, expect, it } from 'vitest';
import { departmentEvidence } from '../../src/server/appraisal/evidence.ts';
import { holderAt, stageCredit, timeInHand, type StageEvent } from '../../src/server/appraisal/attribution.ts';
import type { ComplaintFact, MetricContext } from '../../src/server/metrics/responsiveness.ts';

const DAY = 86_400_000;
const from = Date.UTC(2026, 0, 1);
const to = Date.UTC(2026, 6, 1);
const ctx: MetricContext = { from, to, now: Date.UTC(2026, 7, 1), clock: { between: (a, b) => (b - a) / DAY } };
const T0 = from + 10 * DAY;
const d = (n: number) => T0 + n * DAY;
const [A, B, C, D] = [1, 2, 3, 4];

let nextId = 1;
function fact(p: Partial<ComplaintFact>): ComplaintFact {
  return {
    id: nextId++,
    state: 'closed',
    submittedAt: d(-1),
    assignedAt: T0,
    responseDueAt: d(5),
    resolutionDueAt: d(14),
    firstResponseAt: null,
    resolvedAt: null,
    rejectedAt: null,
    reopenedCount: 0,
    transferCount: 0,
    departmentId: 1,
    categoryId: 1,
    kecamatanCode: '16.71.01',
    assigneeUserId: null,
    rating: null,
    ...p,
  };
}
const ev = (at: number, action: string, actorUserId: number | null, assigneeUserId?: number): StageEvent => ({
  at,
  action,
  actorUserId,
  ...(assigneeUserId !== undefined ? { assigneeUserId } : {}),
});
function evidence(cases: { f: ComplaintFact; events: StageEvent[] }[]) {
  const stages = new Map(cases.map((x) => [x.f.id, x.events]));
  return departmentEvidence(
    cases.map((x) => x.f),
    ctx,
    { officerIds: [A, B, C, D], minSample: 1, stages },
  );
}

describe('stage attribution: reassignment', () => {
  // A answers on day 1, the manager (99) gives the complaint to B on day 2, B resolves on day 4, rated 5.
  const f = fact({ firstResponseAt: d(1), resolvedAt: d(4), assigneeUserId: B, rating: 5 });
  const events = [
    ev(T0, 'route', null),
    ev(T0, 'assign', 99, A),
    ev(d(1), 'respond', A),
    ev(d(2), 'assign', 99, B),
    ev(d(4), 'resolve', B),
    ev(d(6), 'confirm', null),
  ];
  const e = evidence([{ f, events }]);

  it('keeps the first response with the officer who gave it', () => {
    expect([e.get(A)!.responseSla.officer.numerator, e.get(A)!.responseSla.officer.n]).toEqual([1, 1]);
    expect(e.get(A)!.firstResponse.officer.median).toBe(1);
    expect(e.get(B)!.responseSla.officer.n).toBe(0);
    expect(e.get(B)!.firstResponse.officer.n).toBe(0);
  });

  it('gives resolution SLA, resolution time and the rating to the resolver', () => {
    expect([e.get(B)!.resolutionSla.officer.numerator, e.get(B)!.resolutionSla.officer.n]).toEqual([1, 1]);
    expect(e.get(B)!.resolution.officer.median).toBe(4);
    expect([e.get(B)!.csat.officer.mean, e.get(B)!.csat.officer.n]).toEqual([5, 1]);
    expect(e.get(A)!.resolutionSla.officer.n + e.get(A)!.resolution.officer.n + e.get(A)!.csat.officer.n).toBe(0);
  });

  it('counts the case for both and the time in hand for each holder', () => {
    expect([e.get(A)!.cases, e.get(B)!.cases, e.get(C)!.cases]).toEqual([1, 1, 0]);
    expect([e.get(A)!.timeInHand.total, e.get(B)!.timeInHand.total]).toEqual([2, 2]);
    const s = stageCredit(f, events);
    expect([holderAt(s, d(1.5)), holderAt(s, d(3)), holderAt(s, d(5))]).toEqual([A, B, null]);
  });
});

describe('stage attribution: a miss goes to whoever held the complaint when it fell due', () => {
  // A holds it past the response due date (day 5) without answering; B gets it on day 6 and answers on day 7.
  const f = fact({ state: 'in_progress', firstResponseAt: d(7), assigneeUserId: B });
  const e = evidence([{ f, events: [ev(T0, 'route', null), ev(T0, 'assign', 99, A), ev(d(6), 'assign', 99, B), ev(d(7), 'respond', B)] }]);

  it('charges the late response to A and credits the response time to B', () => {
    expect([e.get(A)!.responseSla.officer.numerator, e.get(A)!.responseSla.officer.n]).toEqual([0, 1]);
    expect(e.get(B)!.responseSla.officer.n).toBe(0);
    expect(e.get(B)!.firstResponse.officer.median).toBe(7);
    expect(e.get(A)!.firstResponse.officer.n).toBe(0);
  });

  it('charges an unresolved complaint past its resolution due date to whoever holds it then', () => {
    // Resolution due on day 14, still open at "now": B held it then.
    expect([e.get(B)!.resolutionSla.officer.numerator, e.get(B)!.resolutionSla.officer.n]).toEqual([0, 1]);
    expect(e.get(A)!.resolutionSla.officer.n).toBe(0);
  });
});

describe('stage attribution: resolved by a colleague', () => {
  // Assigned to A, who answers; C (same department) resolves it while it is still A's.
  const f = fact({ firstResponseAt: d(1), resolvedAt: d(3), assigneeUserId: A, rating: 2 });
  const e = evidence([{ f, events: [ev(T0, 'route', null), ev(T0, 'assign', 99, A), ev(d(1), 'respond', A), ev(d(3), 'resolve', C)] }]);

  it('credits the resolution (and its rating) to C, not to the assignee', () => {
    expect(e.get(C)!.resolutionSla.officer.n).toBe(1);
    expect(e.get(C)!.csat.officer.mean).toBe(2);
    expect(e.get(A)!.resolutionSla.officer.n).toBe(0);
    expect(e.get(A)!.csat.officer.n).toBe(0);
    expect(e.get(A)!.responseSla.officer.n).toBe(1);
  });
});

describe('stage attribution: dispute and reopen', () => {
  // A resolves on day 3; the resident disputes on day 5; B is given it and resolves again on day 8.
  const f = fact({
    firstResponseAt: d(1),
    resolvedAt: d(8),
    assigneeUserId: B,
    reopenedCount: 1,
    rating: 4,
    history: [
      { action: 'resolve', at: d(3) },
      { action: 'dispute', at: d(5) },
      { action: 'resolve', at: d(8) },
    ],
  });
  const events = [
    ev(T0, 'route', null),
    ev(T0, 'assign', 99, A),
    ev(d(1), 'respond', A),
    ev(d(3), 'resolve', A),
    ev(d(5), 'dispute', null),
    ev(d(5), 'assign', 99, B),
    ev(d(8), 'resolve', B),
  ];
  const e = evidence([{ f, events }]);

  it('counts the dispute and the reopen against A, whose resolution was disputed', () => {
    expect([e.get(A)!.reopen.officer.numerator, e.get(A)!.reopen.officer.n]).toEqual([1, 1]);
    expect(e.get(A)!.disputes).toBe(1);
    expect([e.get(B)!.reopen.officer.numerator, e.get(B)!.reopen.officer.n]).toEqual([0, 1]);
    expect(e.get(B)!.disputes).toBe(0);
  });

  it('gives the final resolution and its rating to B; A held it until the dispute reassigned it', () => {
    expect(e.get(B)!.resolution.officer.median).toBe(8);
    expect(e.get(B)!.csat.officer.mean).toBe(4);
    // A: day 0–3 (open), not while resolved; B: day 5–8.
    expect([e.get(A)!.timeInHand.total, e.get(B)!.timeInHand.total]).toEqual([3, 3]);
  });
});

describe('stage attribution: transfer', () => {
  // A of department 1 answers on day 1 and the complaint is transferred on day 2 (new due dates: response
  // day 7, resolution day 16); D of department 2 resolves it on day 6. The fact now belongs to department 2.
  const f = fact({
    departmentId: 2,
    firstResponseAt: d(1),
    resolvedAt: d(6),
    responseDueAt: d(7),
    resolutionDueAt: d(16),
    transferCount: 1,
    assigneeUserId: D,
  });
  const events = [
    ev(T0, 'route', null),
    ev(T0, 'assign', 99, A),
    ev(d(1), 'respond', A),
    ev(d(2), 'transfer', A),
    ev(d(3), 'assign', D, D),
    ev(d(6), 'resolve', D),
  ];
  const e = evidence([{ f, events }]);

  it('keeps the first response with A in the old department, the resolution with D', () => {
    expect([e.get(A)!.responseSla.officer.numerator, e.get(A)!.responseSla.officer.n]).toEqual([1, 1]);
    expect(e.get(D)!.responseSla.officer.n).toBe(0);
    expect(e.get(D)!.resolutionSla.officer.n).toBe(1);
    expect(e.get(A)!.resolutionSla.officer.n).toBe(0);
  });

  it('leaves the unassigned day after the transfer with nobody', () => {
    const s = stageCredit(f, events);
    expect(holderAt(s, d(2.5))).toBeNull();
    expect([...timeInHand(s, from, to, ctx.clock.between)]).toEqual([
      [A, 2],
      [D, 3],
    ]);
  });
});

describe('stage attribution: complaints without stage events', () => {
  it('counts every stage for the current assignee (rows written without events)', () => {
    const f = fact({ firstResponseAt: d(1), resolvedAt: d(4), assigneeUserId: B });
    const e = evidence([{ f, events: [] }]);
    expect([e.get(B)!.responseSla.officer.n, e.get(B)!.resolutionSla.officer.n, e.get(A)!.responseSla.officer.n]).toEqual([1, 1, 0]);
  });
});
