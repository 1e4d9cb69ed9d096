// Input of the appraisal pages: period keys (2026-S1, 2026-S2, 2026) and the response, note and lock forms.
import { z } from 'zod';
import { localDate } from '../calendar/calendar.ts';
import { makePeriod, type Period } from '../metrics/period.ts';

export const PERIOD_KEY = /^(\d{4})(?:-S([12]))?$/;

export const periodKeySchema = z
  .string()
  .trim()
  .regex(PERIOD_KEY)
  .refine((k) => +k.slice(0, 4) >= 2000 && +k.slice(0, 4) <= 2100);

/** The semester (or year) a period key names, as [from, to) instants of the deployment's zone. */
export function periodOfKey(key: string, timeZone: string): Period {
  const m = PERIOD_KEY.exec(key);
  if (!m) throw new RangeError(`not an appraisal period: ${key}`);
  const year = m[1]!;
  if (!m[2]) return makePeriod('year', `${year}-01-01`, `${year}-12-31`, timeZone);
  return m[2] === '1'
    ? makePeriod('semester', `${year}-01-01`, `${year}-06-30`, timeZone)
    : makePeriod('semester', `${year}-07-01`, `${year}-12-31`, timeZone);
}

/** The semester containing a moment. */
export function currentPeriodKey(now: Date, timeZone: string): string {
  const d = localDate(now, timeZone);
  return `${d.slice(0, 4)}-S${+d.slice(5, 7) <= 6 ? 1 : 2}`;
}

/** The semester before, or the year before for a year. */
export function previousPeriodKey(key: string): string {
  const m = PERIOD_KEY.exec(key)!;
  const year = +m[1]!;
  if (!m[2]) return String(year - 1);
  return m[2] === '2' ? `${year}-S1` : `${year - 1}-S2`;
}

/** Choices for the period selector: the last four semesters and the last two years, newest first. */
export function periodChoices(now: Date, timeZone: string): string[] {
  const out: string[] = [];
  let k = currentPeriodKey(now, timeZone);
  for (let i = 0; i < 4; i++, k = previousPeriodKey(k)) out.push(k);
  const year = +localDate(now, timeZone).slice(0, 4);
  return [...out, String(year), String(year - 1)];
}

/** Parses ?period=…, falling back to the current semester. */
export function parsePeriodParam(value: string | null, now: Date, timeZone: string): string {
  const p = periodKeySchema.safeParse(value ?? '');
  return p.success ? p.data : currentPeriodKey(now, timeZone);
}

const text = (max: number) =>
  z
    .string({ error: 'appraisal.errors.textRequired' })
    .trim()
    .min(1, { error: 'appraisal.errors.textRequired' })
    .max(max, { error: 'appraisal.errors.textTooLong' });

export const officerResponseSchema = z.object({ period: periodKeySchema, response: text(4000) });
export const managerNoteSchema = z.object({ period: periodKeySchema, note: text(4000) });
export const lockSchema = z.object({ period: periodKeySchema, confirm: z.literal('1', { error: 'appraisal.errors.confirmLock' }) });

export const NIP = /^[0-9]{18}$/;
