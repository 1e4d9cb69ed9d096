// The complaints behind one figure of the report (same scope and cohort rules as the figure), newest
// first, paged: the cohort is decided on the fact rows (responsiveness.ts), then only the page's rows
// are read with their assignee, the stage's due time and its lateness. The export reads every page.
import type { Db } from '../db/index.ts';
import type { SessionUser } from '../auth/session.ts';
import { canSeeContent } from '../complaints/complaints.policy.ts';
import { factMatches, METRIC_KEYS, type ComplaintFact, type MetricKey } from './responsiveness.ts';
import { loadReportFacts } from './reports.service.ts';
import { drillRows } from './overdue.repository.ts';
import { workingClock } from './working-time.ts';
import { PAGE_SIZE, reportContext, type ReportContext } from './report-context.ts';

export interface DrillItem {
  code: string;
  title: string | null;
  state: string;
  submittedAt: Date;
  assigneeName: string | null;
  /** The due time of the figure's stage (response for the response figures, else resolution). */
  dueAt: Date | null;
  /** Working days past that due time when the stage was done, or now if not yet done; 0 when on time. */
  workingDaysLate: number | null;
}

export interface DrillDown {
  ctx: ReportContext;
  metric: MetricKey;
  outcome?: string;
  total: number;
  page: number;
  pages: number;
  offset: number;
  items: DrillItem[];
}

const RESPONSE_METRICS: readonly MetricKey[] = ['response_sla', 'first_response'];

interface Cohort {
  ctx: ReportContext;
  metric: MetricKey;
  outcome?: string;
  /** Ids newest first (submission time, then id: a stable order, so pages never overlap). */
  ids: number[];
}

async function cohort(db: Db, user: SessionUser | null, params: URLSearchParams, now: Date, locale: string): Promise<Cohort | null> {
  const metric = params.get('metric') as MetricKey;
  if (!METRIC_KEYS.includes(metric)) return null;
  const outcome = params.get('outcome') ?? undefined;
  if (outcome !== undefined && !/^[a-z_>0-9-]{1,20}$/.test(outcome)) return null;
  const ctx = await reportContext(db, user, params, now, locale);
  if (!ctx) return null;
  const { facts, ctx: mctx } = await loadReportFacts(db, {
    period: ctx.period,
    filters: ctx.resolved.filters,
    scope: ctx.scope,
    now,
    calendar: ctx.calendar,
  });
  const matched: ComplaintFact[] = facts.filter((f) => factMatches(f, mctx, metric, outcome));
  matched.sort((a, b) => b.submittedAt - a.submittedAt || b.id - a.id);
  return { ctx, metric, outcome, ids: matched.map((f) => f.id) };
}

async function items(db: Db, user: SessionUser | null, c: Cohort, ids: number[], now: Date): Promise<DrillItem[]> {
  const rows = await drillRows(db, ids);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const response = RESPONSE_METRICS.includes(c.metric);
  const dues = rows.map((r) => (response ? r.response_due_at : r.resolution_due_at)).filter((x): x is number => x !== null);
  const clock = dues.length ? workingClock(c.ctx.calendar, Math.min(...dues, now.getTime()), Math.max(...dues, now.getTime())) : null;
  return ids.flatMap((id) => {
    const r = byId.get(id);
    if (!r) return [];
    const due = response ? r.response_due_at : r.resolution_due_at;
    const done = response ? r.first_response_at : r.resolved_at;
    const until = Math.min(done ?? now.getTime(), now.getTime());
    return [
      {
        code: r.code,
        title: canSeeContent(user, r, false) ? r.title : null,
        state: r.state,
        submittedAt: new Date(r.submitted_at),
        assigneeName: r.assignee_name,
        dueAt: due === null ? null : new Date(due),
        workingDaysLate: due === null || clock === null ? null : Math.max(0, clock.between(due, Math.max(until, due))),
      },
    ];
  });
}

export async function reportDrillDown(
  db: Db,
  user: SessionUser | null,
  params: URLSearchParams,
  now: Date,
  locale: string,
  page = 1,
): Promise<DrillDown | null> {
  const c = await cohort(db, user, params, now, locale);
  if (!c) return null;
  const total = c.ids.length;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const p = Math.min(Math.max(1, page), pages);
  const offset = (p - 1) * PAGE_SIZE;
  return {
    ctx: c.ctx,
    metric: c.metric,
    outcome: c.outcome,
    total,
    page: p,
    pages,
    offset,
    items: await items(db, user, c, c.ids.slice(offset, offset + PAGE_SIZE), now),
  };
}

/** Every complaint behind the figure, for the CSV/XLSX export of the list. */
export async function allDrillDown(
  db: Db,
  user: SessionUser | null,
  params: URLSearchParams,
  now: Date,
  locale: string,
): Promise<Omit<DrillDown, 'page' | 'pages' | 'offset'> | null> {
  const c = await cohort(db, user, params, now, locale);
  if (!c) return null;
  const out: DrillItem[] = [];
  for (let i = 0; i < c.ids.length; i += 900) out.push(...(await items(db, user, c, c.ids.slice(i, i + 900), now)));
  return { ctx: c.ctx, metric: c.metric, outcome: c.outcome, total: c.ids.length, items: out };
}
