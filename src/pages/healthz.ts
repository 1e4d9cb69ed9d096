// Liveness and database reachability for load balancers and monitoring (DESIGN.md §7): 503 within
// DB_HEALTH_TIMEOUT_MS when the database does not answer, whatever the network is doing.
import type { APIRoute } from 'astro';
import { config } from '../server/config.ts';
import { databaseAnswers, getDbHandle } from '../server/db/index.ts';
import { allowPublic } from '../server/auth/guard.ts';

export const GET: APIRoute = async (ctx) => {
  await allowPublic(ctx);
  const { db, kind } = getDbHandle();
  const headers = { 'Cache-Control': 'no-store' };
  if (await databaseAnswers(db, config().dbLimits.healthTimeoutMs)) return Response.json({ status: 'ok', database: kind }, { headers });
  return Response.json({ status: 'error', database: kind }, { status: 503, headers: { ...headers, 'Retry-After': '5' } });
};
