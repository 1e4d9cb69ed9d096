// Working-time arithmetic fast enough for a year of complaints: the calendar of
// src/server/calendar/calendar.ts (Mon–Fri minus holidays, deployment time zone) turned into a
// prefix sum of working days, so a working duration is two look-ups instead of a walk over days.
// Indonesian zones keep no daylight saving, so one offset serves the whole range; a test checks this
// agrees with workingDaysBetween.
import { isWorkingDate, zoneOffsetMs, type WorkingCalendar } from '../calendar/calendar.ts';

const DAY_MS = 86_400_000;

export interface WorkingClock {
  /** Working time from a to b in working days (fractional, negative when b is before a). */
  between(a: number, b: number): number;
}

export function workingClock(cal: WorkingCalendar, fromMs: number, toMs: number): WorkingClock {
  const offset = zoneOffsetMs(new Date(fromMs), cal.timeZone);
  const firstDay = Math.floor((fromMs + offset) / DAY_MS) - 1;
  const lastDay = Math.floor((toMs + offset) / DAY_MS) + 1;
  const days = lastDay - firstDay + 1;
  // cumulative[i] = working days strictly before local day firstDay + i
  const cumulative = new Float64Array(days + 1);
  const working = new Uint8Array(days);
  for (let i = 0; i < days; i++) {
    const date = new Date((firstDay + i) * DAY_MS).toISOString().slice(0, 10);
    working[i] = isWorkingDate(date, cal) ? 1 : 0;
    cumulative[i + 1] = cumulative[i]! + working[i]!;
  }
  // Whole working days before the instant's local day, and the working milliseconds inside that day.
  const index = (t: number): number => {
    const i = Math.floor((t + offset) / DAY_MS) - firstDay;
    if (i < 0 || i >= days) throw new RangeError(`time ${new Date(t).toISOString()} outside the working clock's range`);
    return i;
  };
  const msInDay = (t: number, i: number): number => (working[i] ? t + offset - (firstDay + i) * DAY_MS : 0);
  // Integers and milliseconds are subtracted separately, so the result does not depend on the
  // clock's origin (the same duration gives the same float in every report).
  return {
    between(a, b) {
      const ia = index(a);
      const ib = index(b);
      return cumulative[ib]! - cumulative[ia]! + (msInDay(b, ib) - msInDay(a, ia)) / DAY_MS;
    },
  };
}
