// Collaboration figures, pure: per department the support it asked for and gave, the share done
// on time, median (and P90) working time to accept and to complete; per officer the supporting tasks done
// for other departments and their timeliness; per pair of departments the declined and late tasks.
//
// Definitions (DESIGN.md §4 style, durations in working days of the calendar):
// - requested: tasks the department asked of others, requested in the period; askedOf: asked of it.
// - given: of the tasks asked of it in the period, those done.
// - onTime: of its tasks DUE in the period and due by now, the share done by the due time. A task still open
//   past due counts as a miss (counting only finished ones flatters); one declined or closed by the lead
//   BEFORE its due time is no miss of the supporter and leaves the denominator; declined or closed after it, a miss.
// - timeToAccept / timeToComplete: request → accept and request → done, tasks requested in the period.
// A supporter's task is not a complaint, so it never enters the lead's resolution figures; the lead's report
// lists its complaints' late supporting tasks by name instead (lateForLead).
import { share, summarizeDurations, suppressBelow, type DurationSummary, type Share, type Suppressed } from '../metrics/stats.ts';
import type { SupportState } from './support.tables.ts';

export interface SupportFact {
  id: number;
  code: string;
  leadDepartmentId: number;
  supportingDepartmentId: number;
  state: SupportState;
  assigneeUserId: number | null;
  dueAt: number;
  requestedAt: number;
  acceptedAt: number | null;
  endedAt: number | null;
}

export interface Range {
  from: number;
  to: number;
  now: number;
  /** Working days between two instants (src/server/metrics/working-time.ts). */
  between(a: number, b: number): number;
}

export interface DepartmentSupport {
  requested: number;
  askedOf: number;
  given: number;
  declined: number;
  onTime: Share;
  timeToAccept: DurationSummary;
  timeToComplete: DurationSummary;
}

const inPeriod = (t: number, r: Range) => t >= r.from && t < r.to;

/** Whether a task counts for "done on time", and whether it was: null when it is no one's miss. */
export function timeliness(f: SupportFact, now: number): boolean | null {
  if (f.state === 'done') return f.endedAt! <= f.dueAt;
  if ((f.state === 'declined' || f.state === 'closed_by_lead') && f.endedAt! <= f.dueAt) return null;
  if (f.state === 'declined' || f.state === 'closed_by_lead') return false;
  return f.dueAt < now ? false : null;
}

export function departmentSupport(facts: readonly SupportFact[], r: Range): Map<number, DepartmentSupport> {
  const acc = new Map<
    number,
    { requested: number; askedOf: number; given: number; declined: number; hits: number; due: number; accept: number[]; complete: number[] }
  >();
  const of = (id: number) => {
    let a = acc.get(id);
    if (!a) acc.set(id, (a = { requested: 0, askedOf: 0, given: 0, declined: 0, hits: 0, due: 0, accept: [], complete: [] }));
    return a;
  };
  for (const f of facts) {
    if (inPeriod(f.requestedAt, r)) {
      of(f.leadDepartmentId).requested += 1;
      const s = of(f.supportingDepartmentId);
      s.askedOf += 1;
      if (f.state === 'done') s.given += 1;
      if (f.state === 'declined') s.declined += 1;
      if (f.acceptedAt !== null) s.accept.push(r.between(f.requestedAt, f.acceptedAt));
      if (f.state === 'done') s.complete.push(r.between(f.requestedAt, f.endedAt!));
    }
    if (inPeriod(f.dueAt, r) && f.dueAt <= r.now) {
      const ok = timeliness(f, r.now);
      if (ok !== null) {
        const s = of(f.supportingDepartmentId);
        s.due += 1;
        if (ok) s.hits += 1;
      }
    }
  }
  const out = new Map<number, DepartmentSupport>();
  for (const [id, a] of acc) {
    out.set(id, {
      requested: a.requested,
      askedOf: a.askedOf,
      given: a.given,
      declined: a.declined,
      onTime: share(a.hits, a.due),
      timeToAccept: summarizeDurations(a.accept),
      timeToComplete: summarizeDurations(a.complete),
    });
  }
  return out;
}

/** The supporting tasks on a lead department's complaints that were late (done late, or open past due). */
export function lateForLead(facts: readonly SupportFact[], r: Range): SupportFact[] {
  return facts.filter((f) => inPeriod(f.dueAt, r) && f.dueAt <= r.now && timeliness(f, r.now) === false);
}

export interface OfficerSupport {
  /** Tasks done in the period for another department. */
  done: number;
  /** Done by the due time; "data belum cukup" below the minimum sample, with a Wilson 95% interval. */
  onTime: Suppressed<Share>;
}

/** Per officer (the task's assignee): supporting tasks completed in the period and their timeliness. */
export function officerSupport(facts: readonly SupportFact[], r: Range, minSample: number): Map<number, OfficerSupport> {
  const acc = new Map<number, { done: number; hits: number }>();
  for (const f of facts) {
    if (f.state !== 'done' || f.assigneeUserId === null || !inPeriod(f.endedAt!, r)) continue;
    let a = acc.get(f.assigneeUserId);
    if (!a) acc.set(f.assigneeUserId, (a = { done: 0, hits: 0 }));
    a.done += 1;
    if (f.endedAt! <= f.dueAt) a.hits += 1;
  }
  return new Map([...acc].map(([id, a]) => [id, { done: a.done, onTime: suppressBelow(share(a.hits, a.done), a.done, minSample) }]));
}

export interface PairFriction {
  leadDepartmentId: number;
  supportingDepartmentId: number;
  declined: number;
  late: number;
  total: number;
}

/**
 * Pairs of departments whose supporting tasks were repeatedly declined or late (at least `minimum` such
 * tasks requested in the period): evidence for coordination competencies in both departments.
 */
export function pairFriction(facts: readonly SupportFact[], r: Range, minimum = 2): PairFriction[] {
  const acc = new Map<string, PairFriction>();
  for (const f of facts) {
    if (!inPeriod(f.requestedAt, r)) continue;
    const key = `${f.leadDepartmentId}:${f.supportingDepartmentId}`;
    let p = acc.get(key);
    if (!p)
      acc.set(
        key,
        (p = { leadDepartmentId: f.leadDepartmentId, supportingDepartmentId: f.supportingDepartmentId, declined: 0, late: 0, total: 0 }),
      );
    p.total += 1;
    if (f.state === 'declined') p.declined += 1;
    else if (timeliness(f, r.now) === false) p.late += 1;
  }
  return [...acc.values()]
    .filter((p) => p.declined + p.late >= minimum)
    .sort((a, b) => b.declined + b.late - (a.declined + a.late) || a.leadDepartmentId - b.leadDepartmentId);
}
