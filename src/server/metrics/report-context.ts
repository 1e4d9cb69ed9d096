// The parts every report view (page, overdue list, drill-down, export) starts from: the viewer's scope,
// the calendar, the parsed period and filters, and a readable statement of that scope for file headers.
import type { Db } from '../db/index.ts';
import type { SessionUser } from '../auth/session.ts';
import type { WorkingCalendar } from '../calendar/calendar.ts';
import { loadCalendar } from '../calendar/calendar.repository.ts';
import { canonicalQuery, parseReportQuery, periodOf, resolveFilters, type ReportQuery, type ResolvedFilters } from './report-query.ts';
import { reportScope, type ReportScope } from './reports.policy.ts';
import type { Period } from './period.ts';

export interface ReportContext {
  scope: ReportScope;
  calendar: WorkingCalendar;
  query: ReportQuery;
  period: Period;
  resolved: ResolvedFilters;
  base: Partial<ReportQuery>;
  /** The department a manager's scope is limited to (null for HR and admin: every department). */
  scopeDepartmentName: string | null;
}

export async function reportContext(
  db: Db,
  user: SessionUser | null,
  params: URLSearchParams,
  now: Date,
  locale: string,
): Promise<ReportContext | null> {
  const scope = reportScope(user);
  if (!scope) return null;
  const calendar = await loadCalendar(db);
  const query = parseReportQuery(params);
  const period = periodOf(query, now, calendar.timeZone);
  const resolved = await resolveFilters(db, query, scope, locale);
  if (!resolved) return null;
  let scopeDepartmentName: string | null = null;
  if (scope.departmentIds) {
    const d = await db.selectFrom('departments').select('name').where('id', '=', scope.departmentIds[0]!).executeTakeFirst();
    scopeDepartmentName = d?.name ?? null;
  }
  return { scope, calendar, query, period, resolved, base: canonicalQuery(query, period), scopeDepartmentName };
}

/** A 1-based page number from the query string (anything else is page 1). */
export function pageParam(params: URLSearchParams): number {
  const raw = params.get('page');
  const n = raw !== null && /^[0-9]{1,6}$/.test(raw) ? Number(raw) : 1;
  return Math.max(1, n);
}

export const PAGE_SIZE = 50;
