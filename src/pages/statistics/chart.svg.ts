// Public chart: complaints and on-time shares by month, all departments (SVG image).
import type { APIRoute } from 'astro';
import { allowPublic } from '../../server/auth/guard.ts';
import { getDb } from '../../server/db/index.ts';
import { systemClock } from '../../server/clock.ts';
import { publicStatistics } from '../../server/metrics/statistics.service.ts';
import { renderChart, svgResponse } from '../../server/metrics/charts.ts';
import { formatMonth } from '../../server/metrics/statistics.view.ts';
import { config } from '../../server/config.ts';

export const GET: APIRoute = async (ctx) => {
  await allowPublic(ctx);
  const { locals } = ctx;
  const { t } = locals;
  const stats = await publicStatistics(getDb(), systemClock.now());
  const svg = renderChart({
    title: t('reports.public.byMonth'),
    categories: stats.months.map((m) => formatMonth(m.month, locals.locale, config().timeZone)),
    series: [
      { name: t('reports.metric.volume'), type: 'bar', data: stats.months.map((m) => m.overall.volume) },
      { name: t('reports.metric.responseSla'), percent: true, data: stats.months.map((m) => m.overall.responseSla.value) },
      { name: t('reports.metric.resolutionSla'), percent: true, data: stats.months.map((m) => m.overall.resolutionSla.value) },
    ],
  });
  return svgResponse(svg, 'public, max-age=300');
};
