// Trend chart of the report (12 months): volume bars and on-time shares, as an SVG image.
import type { APIRoute } from 'astro';
import { requireRole } from '../../../server/auth/guard.ts';
import { getDb } from '../../../server/db/index.ts';
import { systemClock } from '../../../server/clock.ts';
import { reportTrend } from '../../../server/metrics/report-page.ts';
import { renderChart, svgResponse } from '../../../server/metrics/charts.ts';

export const GET: APIRoute = async (ctx) => {
  const denied = await requireRole(ctx, 'manager', 'hr', 'admin');
  if (denied) return denied;
  const { locals, url } = ctx;
  const { t, locale, user } = locals;
  const points = await reportTrend(getDb(), user, url.searchParams, systemClock.now(), locale);
  if (!points) return new Response('Not found', { status: 404, headers: { 'Cache-Control': 'no-store' } });
  const svg = renderChart({
    title: t('reports.section.trend'),
    categories: points.map((p) => p.label),
    series: [
      { name: t('reports.metric.volume'), type: 'bar', data: points.map((p) => p.volume) },
      { name: t('reports.metric.responseSla'), percent: true, data: points.map((p) => p.responseSla) },
      { name: t('reports.metric.resolutionSla'), percent: true, data: points.map((p) => p.resolutionSla) },
    ],
  });
  return svgResponse(svg, 'private, no-store');
};
