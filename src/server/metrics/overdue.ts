// The overdue list of the reports: every open complaint past a due time within the viewer's scope and
// filters, paged in SQL ("N dari M"), with assignee, breached stage, due time and working days late;
// the export reads every page, so the file always holds the whole list.
import type { Db } from '../db/index.ts';
import type { SessionUser } from '../auth/session.ts';
import { canSeeContent } from '../complaints/complaints.policy.ts';
import { scopedFilters } from './reports.service.ts';
import { countOverdue, pageOverdue, type OverdueRow } from './overdue.repository.ts';
import { departmentNames } from './metrics.repository.ts';
import { workingClock } from './working-time.ts';
import { PAGE_SIZE, reportContext, type ReportContext } from './report-context.ts';

export interface OverdueItem {
  code: string;
  /** Null where the viewer may not read the content (complaints.policy.ts): the code only. */
  title: string | null;
  departmentName: string;
  assigneeName: string | null;
  kind: OverdueRow['kind'];
  dueAt: Date;
  /** Working days from the due time to now (the holiday calendar's working clock). */
  workingDaysLate: number;
}

export interface OverdueList {
  ctx: ReportContext;
  total: number;
  page: number;
  pages: number;
  /** 0-based position of the first item in the whole list. */
  offset: number;
  items: OverdueItem[];
}

async function toItems(db: Db, user: SessionUser | null, ctx: ReportContext, rows: OverdueRow[], now: Date): Promise<OverdueItem[]> {
  if (rows.length === 0) return [];
  const depts = new Map((await departmentNames(db)).map((d) => [d.id, d.short_name]));
  const minDue = Math.min(...rows.map((r) => r.due_at));
  const clock = workingClock(ctx.calendar, Math.min(minDue, now.getTime()), now.getTime());
  return rows.map((r) => ({
    code: r.code,
    title: canSeeContent(user, r, false) ? r.title : null,
    departmentName: r.department_id === null ? '' : (depts.get(r.department_id) ?? ''),
    assigneeName: r.assignee_name,
    kind: r.kind,
    dueAt: new Date(r.due_at),
    workingDaysLate: Math.max(0, clock.between(r.due_at, now.getTime())),
  }));
}

export async function overdueList(
  db: Db,
  user: SessionUser | null,
  params: URLSearchParams,
  now: Date,
  locale: string,
  page: number,
): Promise<OverdueList | null> {
  const ctx = await reportContext(db, user, params, now, locale);
  if (!ctx) return null;
  const filters = scopedFilters(ctx.resolved.filters, ctx.scope);
  const total = await countOverdue(db, filters, now.getTime());
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const p = Math.min(page, pages);
  const offset = (p - 1) * PAGE_SIZE;
  const rows = await pageOverdue(db, filters, now.getTime(), { offset, limit: PAGE_SIZE });
  return { ctx, total, page: p, pages, offset, items: await toItems(db, user, ctx, rows, now) };
}

/** Every overdue complaint of the scope and filters (read 1,000 at a time), for the exports. */
export async function allOverdue(db: Db, user: SessionUser | null, ctx: ReportContext, now: Date): Promise<OverdueItem[]> {
  const filters = scopedFilters(ctx.resolved.filters, ctx.scope);
  const out: OverdueItem[] = [];
  for (let offset = 0; ; offset += 1000) {
    const rows = await pageOverdue(db, filters, now.getTime(), { offset, limit: 1000 });
    out.push(...(await toItems(db, user, ctx, rows, now)));
    if (rows.length < 1000) return out;
  }
}
