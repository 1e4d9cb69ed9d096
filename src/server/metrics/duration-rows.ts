// The stored durations' rows of a complaint, pure: its verification, first response and resolution
// time, its month-end backlog ages and its reopen rows, with the local month and the group cell they
// count in. durations.service.ts stores them; the arithmetic is the fact view's (responsiveness.ts).
import { createHash } from 'node:crypto';
import type { Database } from '../db/index.ts';
import type { WorkingCalendar } from '../calendar/calendar.ts';
import { workingClock, type WorkingClock } from './working-time.ts';
import { backlogAge, type ComplaintFact } from './responsiveness.ts';
import { OPEN_STATES, type ComplaintState } from '../complaints/complaint-states.ts';
import { cellOf } from './group-keys.ts';
import type { DisputeHistory } from './complaint-history.ts';

/** The complaint columns the rows are computed from. */
export const COLUMNS = [
  'id',
  'state',
  'submitted_at',
  'assigned_at',
  'first_response_at',
  'resolved_at',
  'transfer_count',
  'department_id',
  'category_id',
  'kecamatan_code',
  'assignee_user_id',
  'reopened_count',
  'rejected_at',
] as const;

/** What the stored durations depend on besides the complaints: zone, month offset and holidays. */
export function calendarFingerprint(cal: WorkingCalendar, offsetMs: number): string {
  const holidays = [...cal.holidays].sort().join(',');
  return `${cal.timeZone}|${offsetMs}|${createHash('sha256').update(holidays).digest('hex')}`;
}

export const monthOf = (t: number, offsetMs: number) => {
  const d = new Date(t + offsetMs);
  return d.getUTCFullYear() * 100 + d.getUTCMonth() + 1;
};

/** The first instant of the local month after the one containing t. */
export function nextMonthStart(t: number, offsetMs: number): number {
  const d = new Date(t + offsetMs);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) - offsetMs;
}

/** The first instant of the local month containing t: the last month end at or before t. */
export function monthStart(t: number, offsetMs: number): number {
  const d = new Date(t + offsetMs);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) - offsetMs;
}

export type ComplaintRow = { [K in (typeof COLUMNS)[number]]: unknown };
export type DurationRow = Database['report_durations'];

export const everDisputed = (c: ComplaintRow) => Number(c.reopened_count) > 0 || c.state === 'reopened';

/**
 * The rows of some complaints (`histories`: the resolve/dispute history of those ever disputed), timed
 * with one clock from their earliest time to their latest or the horizon.
 */
export function timedRows(
  complaints: readonly ComplaintRow[],
  histories: ReadonlyMap<number, DisputeHistory>,
  cal: WorkingCalendar,
  offsetMs: number,
  horizon: number,
): DurationRow[] {
  if (!complaints.length) return [];
  let lo = Infinity;
  let hi = horizon;
  for (const c of complaints) {
    for (const k of ['submitted_at', 'assigned_at', 'first_response_at', 'resolved_at'] as const) {
      if (c[k] === null) continue;
      const v = Number(c[k]);
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  const clock = workingClock(cal, lo, hi);
  return complaints.flatMap((c) => durationRows(c, clock, offsetMs, horizon, histories.get(Number(c.id))));
}

/**
 * A complaint's cohort rows, timed with the same clock arithmetic as the fact view (responsiveness.ts).
 * A complaint ever disputed also gets a 'reopen' row per month with a resolve event in its history,
 * flagged when a dispute followed that month's first resolve (reopenOutcome for that month).
 */
export function durationRows(
  c: ComplaintRow,
  clock: WorkingClock,
  offsetMs: number,
  horizon: number,
  history: DisputeHistory = [],
): DurationRow[] {
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  const [submitted, assigned, responded, resolved] = [
    num(c.submitted_at)!,
    num(c.assigned_at),
    num(c.first_response_at),
    num(c.resolved_at),
  ];
  const cell = { complaint_id: Number(c.id), ...cellOf(c) };
  const out: DurationRow[] = [];
  if (assigned !== null) {
    out.push({
      ...cell,
      cohort: 'verification',
      month: monthOf(assigned, offsetMs),
      duration: clock.between(submitted, assigned),
      flagged: Number(c.transfer_count) > 0 ? 1 : 0,
    });
  }
  if (responded !== null) {
    out.push({
      ...cell,
      cohort: 'first_response',
      month: monthOf(responded, offsetMs),
      duration: assigned === null ? null : clock.between(assigned, responded),
      flagged: 0,
    });
  }
  // The resolution cohort: last resolved, still resolved, assigned.
  if (resolved !== null && assigned !== null && (c.state === 'resolved' || c.state === 'closed')) {
    out.push({
      ...cell,
      cohort: 'resolution',
      month: monthOf(resolved, offsetMs),
      duration: clock.between(assigned, resolved),
      flagged: 0,
    });
  }
  out.push(...backlogRows(c, clock, offsetMs, submitted, horizon, history));
  if (everDisputed(c)) {
    const firstResolve = new Map<number, number>();
    for (const e of history) {
      if (e.action !== 'resolve') continue;
      const m = monthOf(e.at, offsetMs);
      if (!(firstResolve.get(m)! <= e.at)) firstResolve.set(m, e.at);
    }
    for (const [month, at] of firstResolve) {
      const disputed = history.some((e) => e.action === 'dispute' && e.at > at);
      out.push({ ...cell, cohort: 'reopen', month, duration: null, flagged: disputed ? 1 : 0 });
    }
  }
  return out;
}

/**
 * A complaint's 'backlog' rows: each month end after `from` up to the horizon it was open at, with its
 * age then, by responsiveness.ts's own backlogAge (a disputed complaint's state then follows its history).
 */
export function backlogRows(
  c: ComplaintRow,
  clock: WorkingClock,
  offsetMs: number,
  from: number,
  horizon: number,
  history: DisputeHistory = [],
): DurationRow[] {
  const fact = {
    submittedAt: Number(c.submitted_at),
    resolvedAt: c.resolved_at === null ? null : Number(c.resolved_at),
    rejectedAt: c.rejected_at === null ? null : Number(c.rejected_at),
    reopenedCount: Number(c.reopened_count),
    history,
  } as unknown as ComplaintFact;
  const disputed = everDisputed(c);
  const out: DurationRow[] = [];
  for (let end = nextMonthStart(from, offsetMs); end <= horizon; end = nextMonthStart(end, offsetMs)) {
    const age = backlogAge(fact, { from: end, to: end, now: end, clock });
    if (age === null) {
      // Closed for good once resolved or rejected, unless a dispute can reopen it.
      if (!disputed) break;
      continue;
    }
    out.push({ ...cellOf(c), complaint_id: Number(c.id), cohort: 'backlog', month: monthOf(end - 1, offsetMs), duration: age, flagged: 0 });
  }
  return out;
}

/** Float64 arrays as stored in the cells (little-endian, as every platform the portal runs on). */
export const toBlob = (values: Float64Array) => Buffer.from(values.buffer, values.byteOffset, values.byteLength);

/** Open now and never reopened: the backlog the open cells hold (clean) or report_open_odd (with a resolution or rejection time). */
export const isOpenNew = (c: ComplaintRow) => OPEN_STATES.includes(c.state as ComplaintState) && Number(c.reopened_count) === 0;
export const isOpenClean = (c: ComplaintRow) => isOpenNew(c) && c.resolved_at === null && c.rejected_at === null;
export const oddRow = (c: ComplaintRow) => ({
  ...cellOf(c),
  complaint_id: Number(c.id),
  submitted_at: Number(c.submitted_at),
  resolved_at: c.resolved_at === null ? null : Number(c.resolved_at),
  rejected_at: c.rejected_at === null ? null : Number(c.rejected_at),
});
