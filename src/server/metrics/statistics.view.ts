// Public statistics as open data (CSV) and the per-page ETag (language and login state change the page).
import { createHash } from 'node:crypto';
import { stringify } from 'csv-stringify/sync';
import type { SessionUser } from '../auth/session.ts';
import { formulaSafe } from '../exports/formula-safe.ts';
import { dateTimeFormat, intlLocale } from '../intl.ts';
import type { Metrics } from './responsiveness.ts';
import type { PublicStatistics } from './statistics.service.ts';
import { MIN_SAMPLE } from './reports.service.ts';

export function pageEtag(dataEtag: string, locale: string, user: SessionUser | null): string {
  const who = user ? createHash('sha256').update(`${user.id}|${user.role}|${user.name}`).digest('base64url').slice(0, 10) : 'anon';
  return `${dataEtag.slice(0, -1)}-${locale}-${who}"`;
}

/**
 * A month ("2025-12") as a reader says it: "Des 2025" in Indonesian, "Dec 2025" in English. The
 * 15th at noon UTC lies in the same calendar month in every Indonesian time zone, so the deployment's
 * zone never shifts it; the zone is passed all the same so the formatter does not use the server's.
 */
export function formatMonth(month: string, locale: string, timeZone: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m) return month;
  const at = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 15, 12));
  return dateTimeFormat(intlLocale(locale), { month: 'short', year: 'numeric', timeZone }).format(at);
}

export function csvEtag(dataEtag: string): string {
  return `${dataEtag.slice(0, -1)}-csv"`;
}

const r3 = (v: number | null) => (v === null ? '' : String(Math.round(v * 1000) / 1000));

function figures(m: Metrics): string[] {
  // Small samples are published with their n but without the figure (as on the page).
  const ok = (n: number) => n >= MIN_SAMPLE;
  return [
    String(m.volume),
    ok(m.responseSla.n) ? r3(m.responseSla.value) : '',
    String(m.responseSla.n),
    ok(m.resolutionSla.n) ? r3(m.resolutionSla.value) : '',
    String(m.resolutionSla.n),
    ok(m.firstResponse.n) ? r3(m.firstResponse.median) : '',
    String(m.firstResponse.n),
    ok(m.resolution.n) ? r3(m.resolution.median) : '',
    String(m.resolution.n),
    ok(m.csat.n) ? r3(m.csat.mean) : '',
    String(m.csat.n),
  ];
}

export const OPEN_DATA_HEADER = [
  'period_start',
  'period_end',
  'month',
  'department_code',
  'department',
  'complaints',
  'response_on_time_share',
  'response_due_n',
  'resolution_on_time_share',
  'resolution_due_n',
  'median_first_response_working_days',
  'first_response_n',
  'median_resolution_working_days',
  'resolution_n',
  'satisfaction_mean_1_5',
  'ratings_n',
];

/** One row per department for the 12 months (month "all"), then one per department and month. */
export function statisticsCsv(s: PublicStatistics): string {
  const names = new Map(s.departments.map((d) => [d.code, d.name]));
  const rows: string[][] = [OPEN_DATA_HEADER];
  // Department names and codes are typed by admins: quoted like every other export's text cells.
  for (const d of s.departments)
    rows.push([s.period.startDate, s.period.endDate, 'all', formulaSafe(d.code), formulaSafe(d.name), ...figures(d.metrics)]);
  for (const m of s.byMonthAndDepartment) {
    rows.push([
      s.period.startDate,
      s.period.endDate,
      m.month,
      formulaSafe(m.departmentCode),
      formulaSafe(names.get(m.departmentCode) ?? ''),
      ...figures(m.metrics),
    ]);
  }
  return '\uFEFF' + stringify(rows);
}
