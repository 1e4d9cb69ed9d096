// Liveness and database reachability for load balancers and monitoring (DESIGN.md §7).
import type { APIRoute } from 'astro';
import { sql } from 'kysely';
import { getDbHandle } from '../server/db/index.ts';
import { allowPublic } from '../server/auth/guard.ts';

export const GET: APIRoute = async (ctx) => {
  await allowPublic(ctx);
  const { db, kind } = getDbHandle();
  try {
    await sql`select 1`.execute(db);
    return Response.json({ status: 'ok', database: kind }, { headers: { 'Cache-Control': 'no-store' } });
  } catch {
    return Response.json({ status: 'error', database: kind }, { status: 503, headers: { 'Cache-Control': 'no-store' } });
  }
};
