// Trend chart of the report (12 months; 6 on a phone, `size=small`): volume bars and on-time shares, as
// an SVG image, months and numbers in the reader's locale, the running month marked as partial.
import type { APIRoute } from 'astro';
import { requireRole } from '../../../server/auth/guard.ts';
import { getDb } from '../../../server/db/index.ts';
import { systemClock } from '../../../server/clock.ts';
import { config } from '../../../server/config.ts';
import { localDate } from '../../../server/calendar/calendar.ts';
import { reportTrend } from '../../../server/metrics/report-page.ts';
import { monthLabel, renderChart, svgResponse } from '../../../server/metrics/charts.ts';

export const GET: APIRoute = async (ctx) => {
  const denied = await requireRole(ctx, 'manager', 'hr', 'admin');
  if (denied) return denied;
  const { locals, url } = ctx;
  const { t, locale, user } = locals;
  const now = systemClock.now();
  const all = await reportTrend(getDb(), user, url.searchParams, now, locale);
  if (!all) return new Response('Not found', { status: 404, headers: { 'Cache-Control': 'no-store' } });
  const small = url.searchParams.get('size') === 'small';
  const points = small ? all.slice(-6) : all;
  const running = localDate(now, config().timeZone).slice(0, 7);
  const partialIndex = points.findIndex((p) => p.label === running);
  const svg = renderChart({
    title: t('reports.section.trend'),
    locale,
    partialIndex,
    width: small ? 360 : 720,
    height: small ? 300 : 320,
    categories: points.map((p, i) => `${monthLabel(p.label, locale)}${i === partialIndex ? '*' : ''}`),
    series: [
      { name: t('reports.metric.volume'), type: 'bar', data: points.map((p) => p.volume) },
      ...(small ? [] : [{ name: t('reports.metric.responseSla'), percent: true, data: points.map((p) => p.responseSla) }]),
      { name: t('reports.metric.resolutionSla'), percent: true, dashed: true, data: points.map((p) => p.resolutionSla) },
    ],
  });
  return svgResponse(svg, 'private, no-store');
};
