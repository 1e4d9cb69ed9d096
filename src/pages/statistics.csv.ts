// Open data: the public statistics as CSV (same figures as /statistics), cacheable with an ETag.
import type { APIRoute } from 'astro';
import { allowPublic } from '../server/auth/guard.ts';
import { getDb } from '../server/db/index.ts';
import { systemClock } from '../server/clock.ts';
import { notModified, publicStatistics } from '../server/metrics/statistics.service.ts';
import { csvEtag, statisticsCsv } from '../server/metrics/statistics.view.ts';

export const GET: APIRoute = async (ctx) => {
  await allowPublic(ctx);
  const { request } = ctx;
  const stats = await publicStatistics(getDb(), systemClock.now());
  const etag = csvEtag(stats.etag);
  const headers = { ETag: etag, 'Cache-Control': 'public, no-cache' };
  if (notModified(request, etag)) return new Response(null, { status: 304, headers });
  return new Response(statisticsCsv(stats), {
    headers: {
      ...headers,
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="statistik-${stats.period.startDate}-${stats.period.endDate}.csv"`,
    },
  });
};
