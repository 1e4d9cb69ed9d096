// Collaboration figures against hand-computed fixtures (issue 26): per department requested / asked of /
// given / declined, the on-time share (open past due is a miss; declined or withdrawn before due is no
// one's miss), medians of working time to accept and complete, per officer with the minimum sample, pairs.
import { describe, expect, it } from 'vitest';
import { workingDaysBetween } from '../../src/server/calendar/calendar.ts';
import {
  departmentSupport,
  lateForLead,
  officerSupport,
  pairFriction,
  timeliness,
  type Range,
  type SupportFact,
} from '../../src/server/collaboration/support-metrics.ts';

const cal = { timeZone: 'Asia/Jakarta', holidays: new Set<string>() };
// Monday 2026-11-02 00:00 WIB; d(n) = n calendar days later.
const t0 = Date.parse('2026-11-02T00:00:00+07:00');
const d = (n: number) => t0 + n * 86_400_000;
const range: Range = { from: d(0), to: d(30), now: d(20), between: (a, b) => workingDaysBetween(new Date(a), new Date(b), cal) };
const LEAD = 1;
const KES = 2;
const PU = 3;
let next = 0;
const fact = (over: Partial<SupportFact>): SupportFact => ({
  id: ++next,
  code: `PLG-26-T${next}`,
  leadDepartmentId: LEAD,
  supportingDepartmentId: KES,
  state: 'requested',
  assigneeUserId: null,
  dueAt: d(4),
  requestedAt: d(0),
  acceptedAt: null,
  endedAt: null,
  ...over,
});

// Requested Monday 00:00, due Friday 00:00 (d4).
const facts: SupportFact[] = [
  // 1: accepted after 1 working day (Tue), done Wednesday (2 working days): on time.
  fact({ state: 'done', assigneeUserId: 7, acceptedAt: d(1), endedAt: d(2) }),
  // 2: accepted after 2 days, done Monday next week (d7 = 5 working days: Mon..Fri): late.
  fact({ state: 'done', assigneeUserId: 7, acceptedAt: d(2), endedAt: d(7) }),
  // 3: declined before due: no one's miss.
  fact({ state: 'declined', endedAt: d(1) }),
  // 4: declined after due: a miss.
  fact({ state: 'declined', endedAt: d(5) }),
  // 5: still open past due: a miss.
  fact({ state: 'accepted', assigneeUserId: 8, acceptedAt: d(3) }),
  // 6: closed by the lead before due: excluded.
  fact({ state: 'closed_by_lead', endedAt: d(1) }),
  // 7: PUPR helps, due after now (d25): not counted for on time yet.
  fact({ supportingDepartmentId: PU, dueAt: d(25), requestedAt: d(18) }),
];

describe('collaboration figures', () => {
  it('timeliness per task', () => {
    expect(facts.map((f) => timeliness(f, range.now))).toEqual([true, false, null, false, false, null, null]);
  });

  it('per department: counts, on-time share with its n, medians in working days', () => {
    const m = departmentSupport(facts, range);
    expect(m.get(LEAD)).toMatchObject({ requested: 7, askedOf: 0, given: 0 });
    const kes = m.get(KES)!;
    expect(kes).toMatchObject({ requested: 0, askedOf: 6, given: 2, declined: 2 });
    // Due in the period and by now, not excused: tasks 1, 2, 4, 5 → one on time.
    expect(kes.onTime).toMatchObject({ numerator: 1, n: 4, value: 0.25 });
    expect(kes.onTime.interval!.low).toBeGreaterThan(0);
    // Accept: 1, 2, 3 working days → median 2; complete: 2 and 5 → median 3.5.
    expect(kes.timeToAccept).toMatchObject({ n: 3, median: 2 });
    expect(kes.timeToComplete).toMatchObject({ n: 2, median: 3.5 });
    expect(m.get(PU)).toMatchObject({ askedOf: 1, given: 0, onTime: { n: 0, value: null } });
  });

  it('the lead sees which supporting tasks were late', () => {
    expect(lateForLead(facts, range).map((f) => f.id)).toEqual([facts[1]!.id, facts[3]!.id, facts[4]!.id]);
  });

  it('per officer: done tasks, on time suppressed below the minimum sample', () => {
    const few = officerSupport(facts, range, 10).get(7)!;
    expect(few).toEqual({ done: 2, onTime: { sufficient: false, n: 2 } });
    const enough = officerSupport(facts, range, 2).get(7)!;
    expect(enough.onTime).toMatchObject({ sufficient: true, n: 2, value: { numerator: 1, n: 2, value: 0.5 } });
    expect(officerSupport(facts, range, 1).has(8)).toBe(false);
  });

  it('pairs with repeated declined or late tasks', () => {
    // LEAD→KES: declined 2 (3 and 4), late 2 (2 and 5); LEAD→PU: nothing.
    expect(pairFriction(facts, range)).toEqual([{ leadDepartmentId: LEAD, supportingDepartmentId: KES, declined: 2, late: 2, total: 6 }]);
    expect(pairFriction(facts, range, 5)).toEqual([]);
  });
});
