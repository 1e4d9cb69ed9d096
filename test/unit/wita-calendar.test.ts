// A WITA deployment (REGION=palu, no TZ_REGION): due times and working time around midnight WITA,
// with Palu's own holidays (db/reference/palu/holidays.csv), against hand-computed cases. Each case
// is chosen so that the WIB answer differs: a Palu portal that ran on WIB would get them wrong.
import { describe, expect, it } from 'vitest';
import { addWorkingDays, workingDaysBetween, type WorkingCalendar } from '../../src/server/calendar/calendar.ts';
import { parseConfig } from '../../src/server/config.ts';
import { readReference } from '../../src/server/reference/reference.loader.ts';

const palu = parseConfig({ REGION: 'palu' });
const cal: WorkingCalendar = { timeZone: palu.timeZone, holidays: new Set(readReference('palu').holidays.map((h) => h.date)) };
const wita = (s: string) => new Date(`${s}+08:00`);
const HOUR = 3_600_000;

describe('Palu (WITA) working days around midnight', () => {
  it('runs on WITA and keeps the 2026 holidays', () => {
    expect(cal.timeZone).toBe('Asia/Makassar');
    expect(['2026-03-18', '2026-03-24', '2026-08-17', '2026-12-24', '2026-12-25'].every((d) => cal.holidays.has(d))).toBe(true);
  });

  it('00:30 Friday WITA (still Thursday in WIB) is a Friday filing: 1 working day → Monday 23:59:59.999 WITA', () => {
    expect(addWorkingDays(wita('2026-11-27T00:30:00'), 1, cal)).toEqual(wita('2026-11-30T23:59:59.999'));
  });

  it('00:15 Tuesday 17 March WITA, the eve of Nyepi and Idul Fitri: 1 working day → Wednesday 25 March', () => {
    // 18–24 March 2026 are holidays and cuti bersama; in WIB this instant is Monday 16 March 23:15.
    expect(addWorkingDays(wita('2026-03-17T00:15:00'), 1, cal)).toEqual(wita('2026-03-25T23:59:59.999'));
  });

  it('23:59 Sunday 16 August WITA: 1 working day skips Independence Day → Tuesday 18 August', () => {
    expect(addWorkingDays(wita('2026-08-16T23:59:00'), 1, cal)).toEqual(wita('2026-08-18T23:59:59.999'));
    expect(addWorkingDays(wita('2026-08-17T00:01:00'), 1, cal)).toEqual(wita('2026-08-18T23:59:59.999'));
  });

  it('verification (3 working days) filed 23:50 Wednesday 23 December WITA → Wednesday 30 December', () => {
    // 24 Dec cuti bersama, 25 Dec Christmas, 26–27 weekend → 28, 29, 30 December.
    expect(addWorkingDays(wita('2026-12-23T23:50:00'), 3, cal)).toEqual(wita('2026-12-30T23:59:59.999'));
  });

  it('counts working time by WITA days: Sunday 23:00 → Tuesday 01:00 around a Monday holiday is one hour', () => {
    expect(workingDaysBetween(wita('2026-08-16T23:00:00'), wita('2026-08-18T01:00:00'), cal) * 24 * HOUR).toBeCloseTo(HOUR, 3);
    // Friday 23:00 → Monday 01:00 WITA: the last hour of Friday and the first of Monday.
    expect(workingDaysBetween(wita('2026-11-27T23:00:00'), wita('2026-11-30T01:00:00'), cal) * 24).toBeCloseTo(2, 6);
  });
});
