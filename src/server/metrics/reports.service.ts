// Builds the managers' report: the §4 metrics overall and per department, category, kecamatan and
// officer for a period, within the viewer's scope; trends by month; the overdue list; drill-downs.
import type { Db } from '../db/index.ts';
import type { WorkingCalendar } from '../calendar/calendar.ts';
import {
  computeMetrics,
  contributions,
  factMatches,
  groupMetrics,
  metricsOf,
  type ComplaintFact,
  type MetricKey,
  type Metrics,
} from './responsiveness.ts';
import { workingClock, type WorkingClock } from './working-time.ts';
import { loadFacts, type ReportFilters } from './metrics.repository.ts';
import type { ReportScope } from './reports.policy.ts';

/** Cases below which a figure is shown as "data belum cukup" and not ranked. */
export const MIN_SAMPLE = 10;

export interface ReportRequest {
  period: { from: Date; to: Date };
  filters: ReportFilters;
  scope: ReportScope;
  now: Date;
  calendar: WorkingCalendar;
}

export interface Report {
  overall: Metrics;
  byDepartment: Map<number, Metrics>;
  byCategory: Map<number, Metrics>;
  byKecamatan: Map<string, Metrics>;
  byOfficer: Map<number, Metrics>;
  /** Facts behind the figures, for drill-downs. */
  facts: ComplaintFact[];
}

export function scopedFilters(filters: ReportFilters, scope: ReportScope): ReportFilters {
  return scope.departmentIds ? { ...filters, departmentIds: scope.departmentIds } : filters;
}

export function clockFor(
  facts: readonly ComplaintFact[],
  r: { period: { from: Date; to: Date }; now: Date; calendar: WorkingCalendar },
): WorkingClock {
  let min = r.period.from.getTime();
  for (const f of facts) if (f.submittedAt < min) min = f.submittedAt;
  const max = Math.max(r.period.to.getTime(), r.now.getTime());
  return workingClock(r.calendar, min, max);
}

export async function loadReportFacts(
  db: Db,
  r: ReportRequest,
): Promise<{ facts: ComplaintFact[]; ctx: Parameters<typeof computeMetrics>[1] }> {
  const range = { from: r.period.from.getTime(), to: r.period.to.getTime(), now: r.now.getTime() };
  const facts = await loadFacts(db, range, scopedFilters(r.filters, r.scope));
  return { facts, ctx: { ...range, clock: clockFor(facts, r) } };
}

export async function buildReport(db: Db, r: ReportRequest): Promise<Report> {
  const { facts, ctx } = await loadReportFacts(db, r);
  const items = contributions(facts, ctx);
  return {
    overall: metricsOf(items),
    byDepartment: groupMetrics(items, (f) => f.departmentId, ctx),
    byCategory: groupMetrics(items, (f) => f.categoryId, ctx),
    byKecamatan: groupMetrics(items, (f) => f.kecamatanCode, ctx),
    byOfficer: groupMetrics(items, (f) => f.assigneeUserId, ctx),
    facts,
  };
}

/** Ids of the complaints behind one figure (same cohort rules as the figure). */
export async function drillDownIds(db: Db, r: ReportRequest, metric: MetricKey, outcome?: string): Promise<number[]> {
  const { facts, ctx } = await loadReportFacts(db, r);
  return facts.filter((f) => factMatches(f, ctx, metric, outcome)).map((f) => f.id);
}

export interface TrendPoint {
  label: string;
  volume: number;
  responseSla: number | null;
  resolutionSla: number | null;
  medianResolution: number | null;
  backlog: number;
}

/**
 * One point per period (e.g. the last 12 months), from one read of the whole span: every monthly
 * cohort lies inside it, and complaints open at a month's end are either still open, or were resolved
 * or rejected later (both read by the span's query).
 */
export interface LeagueRow {
  departmentId: number;
  metrics: Metrics;
  /** Enough cases (≥ MIN_SAMPLE due for the SLA figures) to be ranked. */
  ranked: boolean;
  rank: number | null;
}

/** Departments ranked by resolution SLA %, then response SLA %; small samples listed unranked. */
export function leagueTable(byDepartment: Map<number, Metrics>): LeagueRow[] {
  const rows = [...byDepartment].map(([departmentId, metrics]) => ({
    departmentId,
    metrics,
    ranked: metrics.responseSla.n >= MIN_SAMPLE && metrics.resolutionSla.n >= MIN_SAMPLE,
    rank: null as number | null,
  }));
  const ranked = rows
    .filter((r) => r.ranked)
    .sort(
      (a, b) =>
        b.metrics.resolutionSla.value! - a.metrics.resolutionSla.value! || b.metrics.responseSla.value! - a.metrics.responseSla.value!,
    );
  ranked.forEach((r, i) => (r.rank = i + 1));
  return [...ranked, ...rows.filter((r) => !r.ranked)];
}
