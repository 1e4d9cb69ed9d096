// Working-day arithmetic: weekends, the Idul Fitri 2026 block, year end, WIB vs WITA.
import { describe, expect, it } from 'vitest';
import { addWorkingDays, isWorkingDate, localDate, workingDaysBetween, type WorkingCalendar } from '../../src/server/calendar/calendar.ts';

// The 2026 holidays around the cases below (db/reference/palembang/holidays.csv).
const holidays = new Set([
  '2026-03-18',
  '2026-03-19',
  '2026-03-20',
  '2026-03-21',
  '2026-03-22',
  '2026-03-23',
  '2026-03-24',
  '2026-12-24',
  '2026-12-25',
  '2027-01-01',
]);
const WIB: WorkingCalendar = { timeZone: 'Asia/Jakarta', holidays };
const WITA: WorkingCalendar = { timeZone: 'Asia/Makassar', holidays };
const WIT: WorkingCalendar = { timeZone: 'Asia/Jayapura', holidays };

/** An instant written as local WIB time. */
const wib = (s: string) => new Date(`${s}+07:00`);
const wita = (s: string) => new Date(`${s}+08:00`);

describe('addWorkingDays (due at the end of the Nth working day after the start day)', () => {
  it('counts Monday to Thursday for 3 days, whatever the hour', () => {
    expect(addWorkingDays(wib('2026-11-23T08:00:00'), 3, WIB)).toEqual(wib('2026-11-26T23:59:59.999'));
    expect(addWorkingDays(wib('2026-11-23T23:30:00'), 3, WIB)).toEqual(wib('2026-11-26T23:59:59.999'));
  });

  it('skips the weekend', () => {
    // Friday + 3 → Wednesday; Saturday and Sunday + 1 → Monday.
    expect(addWorkingDays(wib('2026-11-27T10:00:00'), 3, WIB)).toEqual(wib('2026-12-02T23:59:59.999'));
    expect(addWorkingDays(wib('2026-11-28T10:00:00'), 1, WIB)).toEqual(wib('2026-11-30T23:59:59.999'));
    expect(addWorkingDays(wib('2026-11-29T10:00:00'), 1, WIB)).toEqual(wib('2026-11-30T23:59:59.999'));
  });

  it('skips the Nyepi and Idul Fitri 2026 holidays (18–24 March)', () => {
    // Tuesday 17 March + 1 → Wednesday 25 March.
    expect(addWorkingDays(wib('2026-03-17T09:00:00'), 1, WIB)).toEqual(wib('2026-03-25T23:59:59.999'));
    // Monday 16 March + 3 → 17, 25, 26 March.
    expect(addWorkingDays(wib('2026-03-16T09:00:00'), 3, WIB)).toEqual(wib('2026-03-26T23:59:59.999'));
  });

  it('crosses the year end with Christmas and New Year', () => {
    // Wednesday 23 Dec 2026 + 3: 24, 25 holidays, 26–27 weekend → 28, 29, 30 Dec.
    expect(addWorkingDays(wib('2026-12-23T15:00:00'), 3, WIB)).toEqual(wib('2026-12-30T23:59:59.999'));
    // Thursday 31 Dec + 1: 1 Jan holiday, 2–3 Jan weekend → Monday 4 Jan 2027.
    expect(addWorkingDays(wib('2026-12-31T12:00:00'), 1, WIB)).toEqual(wib('2027-01-04T23:59:59.999'));
  });

  it('decides the start day in the deployment zone: WIB vs WITA', () => {
    // 16:30 UTC on Friday = 23:30 Friday WIB but 00:30 Saturday WITA.
    const t = new Date('2026-11-27T16:30:00Z');
    expect(localDate(t, WIB.timeZone)).toBe('2026-11-27');
    expect(localDate(t, WITA.timeZone)).toBe('2026-11-28');
    expect(addWorkingDays(t, 1, WIB)).toEqual(wib('2026-11-30T23:59:59.999'));
    expect(addWorkingDays(t, 1, WITA)).toEqual(wita('2026-11-30T23:59:59.999'));
    // The end of the day differs by the zone offset: one hour between WIB and WITA.
    expect(addWorkingDays(t, 1, WIB).getTime() - addWorkingDays(t, 1, WITA).getTime()).toBe(60 * 60 * 1000);
    expect(addWorkingDays(t, 1, WIT)).toEqual(new Date('2026-11-30T23:59:59.999+09:00'));
  });

  it('refuses a non-positive or fractional number of days', () => {
    expect(() => addWorkingDays(wib('2026-11-23T08:00:00'), 0, WIB)).toThrow(RangeError);
    expect(() => addWorkingDays(wib('2026-11-23T08:00:00'), 1.5, WIB)).toThrow(RangeError);
  });
});

describe('workingDaysBetween (fractional working days)', () => {
  it('measures within one working day', () => {
    expect(workingDaysBetween(wib('2026-11-23T06:00:00'), wib('2026-11-23T18:00:00'), WIB)).toBeCloseTo(0.5, 10);
  });

  it('does not count the weekend', () => {
    expect(workingDaysBetween(wib('2026-11-27T12:00:00'), wib('2026-11-30T12:00:00'), WIB)).toBeCloseTo(1, 10);
    // Entirely inside a weekend: zero.
    expect(workingDaysBetween(wib('2026-11-28T08:00:00'), wib('2026-11-29T20:00:00'), WIB)).toBe(0);
  });

  it('does not count holidays', () => {
    // Tuesday 17 March 12:00 → Wednesday 25 March 12:00: half of 17th + half of 25th.
    expect(workingDaysBetween(wib('2026-03-17T12:00:00'), wib('2026-03-25T12:00:00'), WIB)).toBeCloseTo(1, 10);
  });

  it('crosses the year end', () => {
    // 23 Dec 00:00 → 4 Jan 2027 00:00: 23, 28, 29, 30, 31 Dec.
    expect(workingDaysBetween(wib('2026-12-23T00:00:00'), wib('2027-01-04T00:00:00'), WIB)).toBeCloseTo(5, 10);
  });

  it('splits days at the local midnight of the deployment zone', () => {
    // Friday 20:00 UTC → Saturday 20:00 UTC. In WIB that is Sat 03:00 → Sun 03:00: no working time.
    // In WIT (UTC+9) it is Sat 05:00 → Sun 05:00: none either; in UTC terms Friday would have counted.
    const a = new Date('2026-11-27T20:00:00Z');
    const b = new Date('2026-11-28T20:00:00Z');
    expect(workingDaysBetween(a, b, WIB)).toBe(0);
    // Friday 12:00 UTC → 20:00 UTC: WIB Fri 19:00 → Sat 03:00 = 5 h; WITA Fri 20:00 → Sat 04:00 = 4 h.
    const c = new Date('2026-11-27T12:00:00Z');
    expect(workingDaysBetween(c, a, WIB)).toBeCloseTo(5 / 24, 10);
    expect(workingDaysBetween(c, a, WITA)).toBeCloseTo(4 / 24, 10);
  });

  it('is the inverse of addWorkingDays for whole days from a midnight start', () => {
    const start = wib('2026-03-16T00:00:00');
    const due = addWorkingDays(start, 5, WIB);
    // 16 March is counted by the duration but not by the due rule (start day excluded): 6 days.
    expect(workingDaysBetween(start, new Date(due.getTime() + 1), WIB)).toBeCloseTo(6, 10);
  });

  it('is negative when the end precedes the start', () => {
    expect(workingDaysBetween(wib('2026-11-30T12:00:00'), wib('2026-11-27T12:00:00'), WIB)).toBeCloseTo(-1, 10);
  });

  it('knows weekdays and holidays', () => {
    expect(isWorkingDate('2026-03-25', WIB)).toBe(true);
    expect(isWorkingDate('2026-03-23', WIB)).toBe(false);
    expect(isWorkingDate('2026-11-28', WIB)).toBe(false);
  });
});
