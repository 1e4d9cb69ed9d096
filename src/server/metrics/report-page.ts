// Everything the /reports page and its exports show, assembled once: period, scoped filters, the
// §4 metrics per group as rows with drill-down queries, league table, backlog and overdue list.
import type { Db } from '../db/index.ts';
import type { SessionUser } from '../auth/session.ts';
import { loadCalendar } from '../calendar/calendar.repository.ts';
import { BACKLOG_BUCKETS } from './stats.ts';
import { categoryNames, departmentNames, kecamatanNames, officerNames } from './metrics.repository.ts';
import { countOverdue } from './overdue.repository.ts';
import { canonicalQuery, parseReportQuery, periodOf, resolveFilters, type ReportQuery, type ResolvedFilters } from './report-query.ts';
import { reportScope, type ReportScope } from './reports.policy.ts';
import { leagueTable, loadReportFacts, scopedFilters } from './reports.service.ts';
import { contributions as factContributions, groupMetrics } from './responsiveness.ts';
import { listUnits } from '../reference/units.service.ts';
import { listAreas } from '../reference/reference.repository.ts';
import { kotaLevel } from '../complaints/form-options.ts';
import { buildReportSummary, type ReportSummary } from './report-summary.ts';
import type { Period } from './period.ts';
import type { ReportRow } from './report-view.ts';
import { dataVersion } from './metrics.repository.ts';
import { lastMonths, previousPeriod } from './period.ts';
import { headline, type HeadlineItem } from './headline.ts';
import { trend } from './trend.ts';
import type { TrendPoint } from './reports.service.ts';
import { groupConsultationMetrics, type ConsultationMetrics } from './consultation-metrics.ts';
import { loadCommitmentFacts, loadContributionFacts } from './metrics.repository.ts';
import { workingClock } from './working-time.ts';
import { channelMetrics, type ChannelMetrics } from './channel-metrics.ts';

export interface ReportPageData {
  query: ReportQuery;
  base: Partial<ReportQuery>;
  period: Period;
  scope: ReportScope;
  resolved: ResolvedFilters;
  /** The figures (report-summary.ts: the same as buildReport's, read per cohort). */
  report: ReportSummary;
  tables: { department: ReportRow[]; category: ReportRow[]; kecamatan: ReportRow[]; league: ReportRow[]; unit: ReportRow[] };
  /** Volume and time limits per channel (channel-metrics.ts), within the same filters and scope. */
  channels: ChannelMetrics[];
  /**
   * The officers of the scope who appear in the period's figures, without their figures: per-officer
   * figures are shown only on the appraisal evidence page, with DESIGN.md §5's safeguards.
   */
  officers: { id: number; name: string; nip: string | null }[];
  backlog: { bucket: string; count: number }[];
  /** Consultation responsiveness per department (DESIGN.md §4, last item). */
  consultations: { name: string; metrics: ConsultationMetrics }[];
  /** The headline figures with the previous period's (headline.ts). */
  headline: HeadlineItem[];
  previousPeriod: Period;
  /** How many open complaints of the scope and filters are past a due time now (the list: overdue.ts). */
  overdueTotal: number;
  options: {
    departments: { code: string; name: string }[];
    categories: { code: string; name: string }[];
    kecamatan: { code: string; name: string }[];
    officers: { id: number; name: string }[];
    units: { code: string; name: string }[];
    /** The kota level (empty for a city region). */
    kota: { code: string; name: string }[];
  };
  scopeDepartmentName?: string;
}

export type ReportPageResult = { ok: true; data: ReportPageData } | { ok: false; status: 404 };

export async function reportPageData(
  db: Db,
  user: SessionUser | null,
  params: URLSearchParams,
  now: Date,
  locale: string,
): Promise<ReportPageResult> {
  const scope = reportScope(user);
  if (!scope) return { ok: false, status: 404 };
  const calendar = await loadCalendar(db);
  const query = parseReportQuery(params);
  const period = periodOf(query, now, calendar.timeZone);
  const resolved = await resolveFilters(db, query, scope, locale);
  if (!resolved) return { ok: false, status: 404 };
  const base = canonicalQuery(query, period);
  const report = await buildReportSummary(db, { period, filters: resolved.filters, scope, now, calendar });
  const [depts, cats, kecs, officers] = await Promise.all([
    departmentNames(db),
    categoryNames(db),
    kecamatanNames(db),
    officerNames(db, scope.departmentIds),
  ]);
  const visibleDepts = depts.filter((d) => !scope.departmentIds || scope.departmentIds.includes(d.id));
  const catName = (c: (typeof cats)[number]) => (locale === 'en' ? c.name_en : c.name_id);
  const department: ReportRow[] = visibleDepts
    .filter((d) => report.byDepartment.has(d.id))
    .map((d) => ({ name: d.name, query: { department: d.code }, metrics: report.byDepartment.get(d.id)! }));
  const category: ReportRow[] = cats
    .filter((c) => report.byCategory.has(c.id))
    .map((c) => ({ name: catName(c), query: { category: c.code }, metrics: report.byCategory.get(c.id)! }));
  const kecamatan: ReportRow[] = kecs
    .filter((k) => report.byKecamatan.has(k.code))
    .map((k) => ({ name: k.name, query: { kecamatan: k.code }, metrics: report.byKecamatan.get(k.code)! }));
  // Officers: only those of the viewer's scope (a manager never sees another department's officers).
  const officerList = officers.filter((o) => report.byOfficer.has(o.id)).map((o) => ({ id: o.id, name: o.name, nip: o.nip }));
  const byId = new Map(depts.map((d) => [d.id, d]));
  const league: ReportRow[] = leagueTable(
    new Map(visibleDepts.filter((d) => report.byDepartment.has(d.id)).map((d) => [d.id, report.byDepartment.get(d.id)!])),
  ).map((l) => ({
    name: byId.get(l.departmentId)!.name,
    query: { department: byId.get(l.departmentId)!.code },
    metrics: l.metrics,
    rank: l.rank,
    ranked: l.ranked,
  }));
  // Units (units inside departments): each department that has units, its total first, then each unit
  // and what the department holds without a unit; the unit rows add up to the department row.
  const scopeUnits = (await listUnits(db)).filter((u) => visibleDepts.some((d) => d.id === u.departmentId));
  const unit: ReportRow[] = [];
  if (scopeUnits.length) {
    const { facts, ctx } = await loadReportFacts(db, { period, filters: resolved.filters, scope, now, calendar });
    const items = factContributions(facts, ctx);
    const byDept = groupMetrics(items, (f) => f.departmentId, ctx);
    const byUnit = groupMetrics(items, (f) => f.unitId ?? null, ctx);
    const heldByDept = groupMetrics(items, (f) => (f.unitId == null ? f.departmentId : null), ctx);
    for (const d of visibleDepts) {
      const own = scopeUnits.filter((u) => u.departmentId === d.id);
      if (!own.length || !byDept.has(d.id)) continue;
      unit.push({ name: d.name, query: { department: d.code }, metrics: byDept.get(d.id)! });
      for (const u of own)
        if (byUnit.has(u.id)) unit.push({ name: u.name, query: { department: d.code, unit: u.code }, metrics: byUnit.get(u.id)! });
      if (heldByDept.has(d.id)) unit.push({ name: d.name, query: { department: d.code, unit: 'none' }, metrics: heldByDept.get(d.id)! });
    }
  }
  const overdueTotal = await countOverdue(db, scopedFilters(resolved.filters, scope), now.getTime());
  const range = { from: period.from.getTime(), to: period.to.getTime() };
  const channels = await channelMetrics(db, { ...range, now: now.getTime() }, scopedFilters(resolved.filters, scope));
  const [contributions, commitments] = await Promise.all([
    loadContributionFacts(db, range, scope.departmentIds),
    loadCommitmentFacts(db, range, scope.departmentIds),
  ]);
  const consultationClock = workingClock(calendar, range.from, Math.max(range.to, now.getTime()));
  const byDeptConsult = groupConsultationMetrics(contributions, commitments, { ...range, clock: consultationClock });
  const consultations = visibleDepts
    .filter((d) => byDeptConsult.has(d.id))
    .map((d) => ({ name: d.name, metrics: byDeptConsult.get(d.id)! }));
  // The headline compares with the period before, of the same kind and length, read the same way.
  const prev = previousPeriod(period, calendar.timeZone);
  const before = await buildReportSummary(db, { period: prev, filters: resolved.filters, scope, now, calendar });
  const prevRange = { from: prev.from.getTime(), to: prev.to.getTime() };
  const [prevContributions, prevCommitments] = await Promise.all([
    loadContributionFacts(db, prevRange, scope.departmentIds),
    loadCommitmentFacts(db, prevRange, scope.departmentIds),
  ]);
  const prevConsult = groupConsultationMetrics(prevContributions, prevCommitments, {
    ...prevRange,
    clock: workingClock(calendar, prevRange.from, Math.max(prevRange.to, now.getTime())),
  });
  const head = headline(report.overall, before.overall, {
    now: consultations,
    before: [...prevConsult.values()].map((metrics) => ({ metrics })),
  });
  return {
    ok: true,
    data: {
      consultations,
      headline: head,
      previousPeriod: prev,
      query,
      base,
      period,
      scope,
      resolved,
      report,
      tables: { department, category, kecamatan, league, unit },
      channels,
      officers: officerList,
      backlog: BACKLOG_BUCKETS.map((b) => ({ bucket: b.key, count: report.overall.backlog.buckets[b.key] })),
      overdueTotal,
      options: {
        departments: visibleDepts.map((d) => ({ code: d.code, name: d.name })),
        categories: cats.map((c) => ({ code: c.code, name: catName(c) })),
        kecamatan: kecs,
        officers: officers.map((o) => ({ id: o.id, name: o.name })),
        units: scopeUnits.map((u) => ({ code: u.code, name: u.name })),
        kota: kotaLevel(await listAreas(db)),
      },
      scopeDepartmentName: scope.departmentIds ? byId.get(scope.departmentIds[0]!)?.name : undefined,
    },
  };
}

const trendCache = new Map<string, TrendPoint[]>();

/** The 12 months ending with the period's last month, within the viewer's scope (cached per data version). */
export async function reportTrend(
  db: Db,
  user: SessionUser | null,
  params: URLSearchParams,
  now: Date,
  locale: string,
): Promise<TrendPoint[] | null> {
  const scope = reportScope(user);
  if (!scope) return null;
  const calendar = await loadCalendar(db);
  const query = parseReportQuery(params);
  const period = periodOf(query, now, calendar.timeZone);
  const resolved = await resolveFilters(db, query, scope, locale);
  if (!resolved) return null;
  const months = lastMonths(12, period.endDate, calendar.timeZone);
  const key = JSON.stringify([
    await dataVersion(db),
    scope,
    resolved.filters,
    period.endDate,
    calendar.holidays.size,
    Math.floor(now.getTime() / 3_600_000),
  ]);
  const hit = trendCache.get(key);
  if (hit) return hit;
  const points = await trend(db, months, { filters: resolved.filters, scope, now, calendar });
  if (trendCache.size > 100) trendCache.clear();
  trendCache.set(key, points);
  return points;
}
