// Report periods (month, quarter, semester, year, custom) as local calendar dates and the instants
// they span in the deployment's time zone: [from, to).
import { nextDate, startOfLocalDay } from '../calendar/calendar.ts';
import { isIsoDate } from '../db/values.ts';

export const PERIOD_KINDS = ['month', 'quarter', 'semester', 'year', 'custom'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

export interface Period {
  kind: PeriodKind;
  /** First local date, inclusive. */
  startDate: string;
  /** Last local date, inclusive. */
  endDate: string;
  from: Date;
  /** Exclusive end: local midnight after endDate. */
  to: Date;
}

const pad = (n: number) => String(n).padStart(2, '0');

function lastDayOfMonth(year: number, month: number): string {
  const d = new Date(Date.UTC(year, month, 0));
  return `${year}-${pad(month)}-${pad(d.getUTCDate())}`;
}

export function makePeriod(kind: PeriodKind, startDate: string, endDate: string, timeZone: string): Period {
  return { kind, startDate, endDate, from: startOfLocalDay(startDate, timeZone), to: startOfLocalDay(nextDate(endDate), timeZone) };
}

/** The period of a kind that contains a local date (custom needs start and end). */
export function periodContaining(kind: Exclude<PeriodKind, 'custom'>, date: string, timeZone: string): Period {
  const year = +date.slice(0, 4);
  const month = +date.slice(5, 7);
  const span = kind === 'month' ? 1 : kind === 'quarter' ? 3 : kind === 'semester' ? 6 : 12;
  const firstMonth = Math.floor((month - 1) / span) * span + 1;
  const lastMonth = firstMonth + span - 1;
  return makePeriod(kind, `${year}-${pad(firstMonth)}-01`, lastDayOfMonth(year, lastMonth), timeZone);
}

/** The period before (same kind and length for calendar kinds). */
export function previousPeriod(p: Period, timeZone: string): Period {
  if (p.kind === 'custom') {
    const len = Math.round((Date.parse(p.endDate) - Date.parse(p.startDate)) / 86_400_000);
    const end = nextDate(p.startDate, -1);
    return makePeriod('custom', nextDate(end, -len), end, timeZone);
  }
  return periodContaining(p.kind, nextDate(p.startDate, -1), timeZone);
}

/** The last n calendar months ending with the month containing a date, oldest first. */
export function lastMonths(n: number, date: string, timeZone: string): Period[] {
  const out: Period[] = [];
  let p = periodContaining('month', date, timeZone);
  for (let i = 0; i < n; i++) {
    out.unshift(p);
    p = previousPeriod(p, timeZone);
  }
  return out;
}

export function validCustomRange(start: string, end: string): boolean {
  if (!isIsoDate(start) || !isIsoDate(end) || end < start) return false;
  return Date.parse(end) - Date.parse(start) <= 3 * 366 * 86_400_000;
}
