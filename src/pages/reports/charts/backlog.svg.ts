// Backlog ageing chart of the report: open complaints at the period end by age bucket.
import type { APIRoute } from 'astro';
import { requireRole } from '../../../server/auth/guard.ts';
import { getDb } from '../../../server/db/index.ts';
import { systemClock } from '../../../server/clock.ts';
import { reportPageData } from '../../../server/metrics/report-page.ts';
import { renderChart, svgResponse } from '../../../server/metrics/charts.ts';

export const GET: APIRoute = async (ctx) => {
  const denied = await requireRole(ctx, 'manager', 'hr', 'admin');
  if (denied) return denied;
  const { locals, url } = ctx;
  const { t, locale, user } = locals;
  const result = await reportPageData(getDb(), user, url.searchParams, systemClock.now(), locale);
  if (!result.ok) return new Response('Not found', { status: 404, headers: { 'Cache-Control': 'no-store' } });
  const svg = renderChart({
    title: t('reports.section.backlog'),
    locale,
    categories: result.data.backlog.map((b) => b.bucket),
    series: [{ name: t('reports.column.count'), type: 'bar', data: result.data.backlog.map((b) => b.count) }],
  });
  return svgResponse(svg, 'private, no-store');
};
