// Public statistics (DESIGN.md §4 figures per department for the last 12 full months): no personal
// data, no per-officer figures. Computed once and kept in memory until the data changes: each
// request asks the database only for a fingerprint (max updated_at / ids, from indexes), so the page
// is served from memory under load and goes stale the moment a complaint or rating changes.
import { createHash } from 'node:crypto';
import { config } from '../config.ts';
import { loadCalendar } from '../calendar/calendar.repository.ts';
import type { Db } from '../db/index.ts';
import { localDate, type WorkingCalendar } from '../calendar/calendar.ts';
import type { Metrics } from './responsiveness.ts';
import { dataVersion, departmentNames } from './metrics.repository.ts';
import { lastMonths, makePeriod, periodContaining, previousPeriod, type Period } from './period.ts';
import { buildReportSummary } from './report-summary.ts';
import { channelMetrics, type ChannelMetrics } from './channel-metrics.ts';

export interface PublicDepartmentRow {
  departmentId: number;
  code: string;
  name: string;
  metrics: Metrics;
}

export interface PublicMonth {
  month: string;
  departmentCode: string;
  metrics: Metrics;
}

export interface PublicStatistics {
  period: Period;
  departments: PublicDepartmentRow[];
  overall: Metrics;
  months: { month: string; overall: Metrics }[];
  /** Volume and time limits per channel over the same twelve months. */
  channels: ChannelMetrics[];
  byMonthAndDepartment: PublicMonth[];
  etag: string;
  version: string;
}

interface CacheEntry {
  key: string;
  value: PublicStatistics;
  checkedAt: number;
}

/**
 * How long a computed page is served without asking the database whether the data changed
 * (STATS_FRESHNESS_MS, default 1000 ms): under load the fingerprint query runs once a second, not
 * once a request. 0 checks on every request.
 */
const freshnessMs = () => config().statsFreshnessMs;

const caches = new WeakMap<Db, CacheEntry>();

export async function publicStatistics(db: Db, now: Date, timeZone: string = config().timeZone): Promise<PublicStatistics> {
  const recent = caches.get(db);
  const checked = Date.now();
  if (recent && freshnessMs() > 0 && checked - recent.checkedAt < freshnessMs()) return recent.value;
  const version = await dataVersion(db);
  const thisMonth = periodContaining('month', localDate(now, timeZone), timeZone);
  const lastFull = previousPeriod(thisMonth, timeZone);
  const key = `${version}|${lastFull.startDate}`;
  const hit = caches.get(db);
  if (hit && hit.key === key) {
    hit.checkedAt = checked;
    return hit.value;
  }
  // One computation at a time per data version: at a million complaints it takes a while, and every
  // request arriving meanwhile waits for the same result instead of starting its own.
  const pending = computing.get(db);
  if (pending && pending.key === key) return pending.value;
  const value = (async () => {
    const calendar = await loadCalendar(db, timeZone);
    return computePublic(db, now, calendar, lastFull, version);
  })();
  computing.set(db, { key, value });
  try {
    const v = await value;
    caches.set(db, { key, value: v, checkedAt: checked });
    return v;
  } finally {
    if (computing.get(db)?.value === value) computing.delete(db);
  }
}

const computing = new WeakMap<Db, { key: string; value: Promise<PublicStatistics> }>();

/** The period the public page covers at `now`: the 12 full months before the current one. */
export function publicPeriod(now: Date, timeZone: string = config().timeZone): { period: Period; months: Period[] } {
  const lastFull = previousPeriod(periodContaining('month', localDate(now, timeZone), timeZone), timeZone);
  const months = lastMonths(12, lastFull.startDate, timeZone);
  return { period: makePeriod('custom', months[0]!.startDate, lastFull.endDate, timeZone), months };
}

/** The data ETag of the public figures for a data fingerprint and period (the page and CSV ETags derive from it). */
export function statisticsEtag(version: string, period: Pick<Period, 'startDate' | 'endDate'>): string {
  return `"st-${createHash('sha256').update(`${version}|${period.startDate}|${period.endDate}`).digest('base64url').slice(0, 22)}"`;
}

const etagChecks = new WeakMap<Db, { etag: string; checkedAt: number }>();

/**
 * The data ETag publicStatistics would carry now, from the fingerprint alone (no figures computed),
 * re-read at most every STATS_FRESHNESS_MS: what the HTTP fast path compares its cached bytes with.
 */
export async function currentStatisticsEtag(db: Db, now: Date, timeZone: string = config().timeZone): Promise<string> {
  const recent = etagChecks.get(db);
  const checked = Date.now();
  // Within the freshness window even the period is not recomputed (time-zone formatting is slow).
  if (recent && freshnessMs() > 0 && checked - recent.checkedAt < freshnessMs()) return recent.etag;
  const { period } = publicPeriod(now, timeZone);
  const etag = statisticsEtag(await dataVersion(db), period);
  etagChecks.set(db, { etag, checkedAt: checked });
  return etag;
}

/**
 * The twelve months and each month through the report summary (report-summary.ts): whole months,
 * so the month rollup and the stored cells answer, a few seconds at a million complaints instead of
 * one fact row per complaint of the year. The figures are the fact view's (a test compares them).
 */
async function computePublic(db: Db, now: Date, calendar: WorkingCalendar, lastFull: Period, version: string): Promise<PublicStatistics> {
  const months = lastMonths(12, lastFull.startDate, calendar.timeZone);
  const period = makePeriod('custom', months[0]!.startDate, lastFull.endDate, calendar.timeZone);
  const depts = await departmentNames(db);
  const summary = (p: Period) => buildReportSummary(db, { period: p, filters: {}, scope: {}, now, calendar });
  const year = await summary(period);
  const departments = depts
    .filter((d) => year.byDepartment.has(d.id))
    .map((d) => ({ departmentId: d.id, code: d.code, name: d.name, metrics: year.byDepartment.get(d.id)! }));
  const monthly: { month: string; overall: Metrics }[] = [];
  const byMonthAndDepartment: PublicMonth[] = [];
  for (const m of months) {
    const one = await summary(m);
    monthly.push({ month: m.startDate.slice(0, 7), overall: one.overall });
    for (const d of depts) {
      const metrics = one.byDepartment.get(d.id);
      if (metrics) byMonthAndDepartment.push({ month: m.startDate.slice(0, 7), departmentCode: d.code, metrics });
    }
  }
  const channels = await channelMetrics(db, { from: period.from.getTime(), to: period.to.getTime(), now: now.getTime() });
  const etag = statisticsEtag(version, period);
  return { period, departments, overall: year.overall, months: monthly, channels, byMonthAndDepartment, etag, version };
}

/** Whether the request's If-None-Match already names this version. */
export function notModified(request: Request, etag: string): boolean {
  const inm = request.headers.get('if-none-match');
  if (!inm) return false;
  return inm.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
}
