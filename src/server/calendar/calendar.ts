// Working-day arithmetic in the deployment's time zone: Monday–Friday minus the holidays table.
//
// Conventions (used by every due date and duration in the portal):
// - A due time "N working days after t" is the END of the Nth working day that starts after the
//   local day of t (23:59:59.999 local time). The day of t itself never counts, whatever the hour:
//   filed on Monday 09:00 with N = 3 → due Thursday 23:59:59.999; filed on Saturday → due Wednesday.
// - A working duration between two instants counts the time that falls inside working days,
//   in days of 24 hours (fractional): Friday 12:00 → Monday 12:00 is 1.0 working day.
// Indonesian zones (WIB/WITA/WIT) keep no daylight saving, but offsets are read through Intl anyway.

export interface WorkingCalendar {
  /** IANA zone, e.g. Asia/Jakarta (WIB), Asia/Makassar (WITA), Asia/Jayapura (WIT). */
  timeZone: string;
  /** Holidays as local calendar dates 'YYYY-MM-DD'. */
  holidays: ReadonlySet<string>;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The zone's offset from UTC at an instant, in ms (WIB → +7 h). */
export function zoneOffsetMs(instant: Date, timeZone: string): number {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  const asUtc = Date.UTC(+parts.year!, +parts.month! - 1, +parts.day!, +parts.hour!, +parts.minute!, +parts.second!);
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

/** The local calendar date of an instant, 'YYYY-MM-DD'. */
export function localDate(instant: Date, timeZone: string): string {
  const local = new Date(instant.getTime() + zoneOffsetMs(instant, timeZone));
  return local.toISOString().slice(0, 10);
}

/** The instant local midnight begins on a calendar date. */
export function startOfLocalDay(date: string, timeZone: string): Date {
  const utcMidnight = Date.parse(`${date}T00:00:00Z`);
  // Offset at (approximately) that moment; exact for zones without DST.
  const offset = zoneOffsetMs(new Date(utcMidnight), timeZone);
  return new Date(utcMidnight - offset);
}

export function nextDate(date: string, days = 1): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export function isWorkingDate(date: string, cal: WorkingCalendar): boolean {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !cal.holidays.has(date);
}

/** The due time N working days after an instant (end of the Nth working day after its local day). */
export function addWorkingDays(start: Date, days: number, cal: WorkingCalendar): Date {
  if (!Number.isInteger(days) || days < 1) throw new RangeError(`working days must be a positive integer: ${days}`);
  let date = localDate(start, cal.timeZone);
  let counted = 0;
  while (counted < days) {
    date = nextDate(date);
    if (isWorkingDate(date, cal)) counted += 1;
  }
  return new Date(startOfLocalDay(nextDate(date), cal.timeZone).getTime() - 1);
}

/** Working time between two instants, in working days (fractional); negative when end is before start. */
export function workingDaysBetween(start: Date, end: Date, cal: WorkingCalendar): number {
  if (end.getTime() < start.getTime()) return -workingDaysBetween(end, start, cal);
  let ms = 0;
  let date = localDate(start, cal.timeZone);
  const last = localDate(end, cal.timeZone);
  for (;;) {
    if (isWorkingDate(date, cal)) {
      const from = Math.max(startOfLocalDay(date, cal.timeZone).getTime(), start.getTime());
      const to = Math.min(startOfLocalDay(nextDate(date), cal.timeZone).getTime(), end.getTime());
      if (to > from) ms += to - from;
    }
    if (date >= last) break;
    date = nextDate(date);
  }
  return ms / DAY_MS;
}
