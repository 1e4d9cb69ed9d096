// The bar chart of one question's answers (the /reports SVG charts); suppressed counts draw as gaps.
import type { APIRoute } from 'astro';
import { requireRole } from '../../../../server/auth/guard.ts';
import { getDb } from '../../../../server/db/index.ts';
import { renderChart, svgResponse } from '../../../../server/metrics/charts.ts';
import { surveyResults } from '../../../../server/surveys/results.ts';
import { resultsFilter } from '../../../../server/surveys/results-query.ts';

export const GET: APIRoute = async (ctx) => {
  const denied = await requireRole(ctx, 'manager', 'hr', 'admin');
  if (denied) return denied;
  const { locals, url, params } = ctx;
  const gone = () => new Response('Not found', { status: 404, headers: { 'Cache-Control': 'no-store' } });
  if (!/^\d{1,9}$/.test(params.id ?? '')) return gone();
  const r = await surveyResults(getDb(), locals.user, Number(params.id), resultsFilter(url.searchParams));
  const q = r?.questions.find((x) => String(x.question.id) === url.searchParams.get('q'));
  if (!r || !q || q.choices.length === 0) return gone();
  const svg = renderChart({
    title: q.question.label.slice(0, 80),
    categories: q.choices.map((c) => c.value.slice(0, 24)),
    series: [{ name: locals.t('surveys.results.count'), type: 'bar', data: q.choices.map((c) => c.count) }],
  });
  return svgResponse(svg, 'private, no-store');
};
