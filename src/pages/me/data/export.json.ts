// My data as a JSON file: everything the portal holds about the logged-in user (an access request, logged).
import type { APIRoute } from 'astro';
import { requireCapability } from '../../../server/auth/guard.ts';
import { getDb } from '../../../server/db/index.ts';
import { config } from '../../../server/config.ts';
import { systemClock } from '../../../server/clock.ts';
import { downloadMyData } from '../../../server/dataprotection/dataprotection.service.ts';

export const GET: APIRoute = async (ctx) => {
  const denied = await requireCapability(ctx, 'account.own');
  if (denied) return denied;
  const user = ctx.locals.user!;
  const now = systemClock.now();
  const data = await downloadMyData(getDb(), user, 'json', { now, requestId: ctx.locals.requestId, siteUrl: config().siteUrl });
  return new Response(JSON.stringify(data, null, 2), {
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Disposition': `attachment; filename="data-saya-${now.toISOString().slice(0, 10)}.json"`,
      'Cache-Control': 'private, no-store',
    },
  });
};
