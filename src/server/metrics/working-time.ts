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
  const position = (t: number): number => {
    const local = t + offset;
    const day = Math.floor(local / DAY_MS);
    const i = day - firstDay;
    if (i < 0 || i >= days) throw new RangeError(`time ${new Date(t).toISOString()} outside the working clock's range`);
    return cumulative[i]! + (working[i] ? (local - day * DAY_MS) / DAY_MS : 0);
  };
  return { between: (a, b) => position(b) - position(a) };
}
