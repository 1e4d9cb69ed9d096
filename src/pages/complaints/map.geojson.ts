// GeoJSON of public complaints with a point, for the public map: no personal data, no confidential
// complaint, no spam; filtered by category, state and kecamatan like the list.
import type { APIRoute } from 'astro';
import { allowPublic } from '../../server/auth/guard.ts';
import { getDb } from '../../server/db/index.ts';
import { config } from '../../server/config.ts';
import { parsePublicListQuery } from '../../server/complaints/public-list.ts';
import { publicComplaintPoints, toGeoJson } from '../../server/geo/complaint-map.ts';

export const GET: APIRoute = async (ctx) => {
  await allowPublic(ctx);
  const { t, locale } = ctx.locals;
  const { items, truncated } = await publicComplaintPoints(getDb(), parsePublicListQuery(ctx.url.searchParams), locale);
  const body = { ...toGeoJson(items, config().siteUrl, (s) => t(`complaints.states.${s}`)), truncated };
  return new Response(JSON.stringify(body), {
    headers: { 'Content-Type': 'application/geo+json; charset=utf-8', 'Cache-Control': 'public, max-age=60', Vary: 'Cookie' },
  });
};
