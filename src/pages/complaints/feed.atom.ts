// Atom feeds of new and resolved complaints, per kecamatan, kelurahan and category; no personal data.
import type { APIRoute } from 'astro';
import { allowPublic } from '../../server/auth/guard.ts';
import { getDb } from '../../server/db/index.ts';
import { config } from '../../server/config.ts';
import { siteInfo } from '../../server/site.ts';
import { complaintFeed, parseFeedQuery } from '../../server/feeds/atom.ts';
import { notModified } from '../../server/metrics/statistics.service.ts';

export const GET: APIRoute = async (ctx) => {
  await allowPublic(ctx);
  const feed = await complaintFeed(getDb(), parseFeedQuery(ctx.url.searchParams), {
    siteUrl: config().siteUrl,
    portalName: (await siteInfo()).portalName,
    locale: ctx.locals.locale,
  });
  const headers = { ETag: feed.etag, 'Last-Modified': feed.updated.toUTCString(), 'Cache-Control': 'public, no-cache', Vary: 'Cookie' };
  if (notModified(ctx.request, feed.etag)) return new Response(null, { status: 304, headers });
  return new Response(feed.xml, { headers: { ...headers, 'Content-Type': 'application/atom+xml; charset=utf-8' } });
};
