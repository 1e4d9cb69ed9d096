// Rate limits counted in the database, so every app server sees the same counts.
// One atomic upsert per hit: a new window resets the count, an open one increments it.
import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

export interface Limit {
  /** Allowed hits per window. */
  points: number;
  windowMs: number;
}

export interface RateLimitResult {
  allowed: boolean;
  remaining: number;
  retryAfterMs: number;
  /** The window this hit was counted in, so a refund can give it back to that window only. */
  windowStart: number;
}

/** Keys may contain addresses or emails; store only a hash of them. */
export function rateLimitKey(scope: string, subject: string): string {
  return `${scope}:${createHash('sha256').update(subject.toLowerCase()).digest('hex').slice(0, 40)}`;
}

/** Counts one hit against key and says whether it is within the limit. */
export async function consume(db: Kysely<Database>, key: string, limit: Limit, now: Date = new Date(), cost = 1): Promise<RateLimitResult> {
  const t = now.getTime();
  const cutoff = t - limit.windowMs;
  const row = await db
    .insertInto('rate_limits')
    .values({ key, window_start: t, points: cost })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        points: sql<number>`case when rate_limits.window_start <= ${cutoff} then ${cost} else rate_limits.points + ${cost} end`,
        window_start: sql<number>`case when rate_limits.window_start <= ${cutoff} then ${t} else rate_limits.window_start end`,
      }),
    )
    .returning(['points', 'window_start'])
    .executeTakeFirstOrThrow();
  const points = Number(row.points);
  const retryAfterMs = Math.max(0, Number(row.window_start) + limit.windowMs - t);
  return {
    allowed: points <= limit.points,
    remaining: Math.max(0, limit.points - points),
    retryAfterMs,
    windowStart: Number(row.window_start),
  };
}

/**
 * Gives back a hit counted by consume() in the window it was counted in; a window that has since
 * restarted is left alone (compare-and-set on window_start), and the count never goes below zero.
 */
export async function refund(db: Kysely<Database>, key: string, windowStart: number, cost = 1): Promise<boolean> {
  const r = await db
    .updateTable('rate_limits')
    .set({ points: sql<number>`points - ${cost}` })
    .where('key', '=', key)
    .where('window_start', '=', windowStart)
    .where('points', '>=', cost)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** How many hits the key has in its current window, without counting one. */
export async function peek(db: Kysely<Database>, key: string, limit: Limit, now: Date = new Date()): Promise<number> {
  const row = await db.selectFrom('rate_limits').select(['points', 'window_start']).where('key', '=', key).executeTakeFirst();
  if (!row || Number(row.window_start) <= now.getTime() - limit.windowMs) return 0;
  return Number(row.points);
}

/** Clears a key, e.g. after a successful login. */
export async function reset(db: Kysely<Database>, key: string): Promise<void> {
  await db.deleteFrom('rate_limits').where('key', '=', key).execute();
}

/**
 * How long a counter is kept after its window started. A row whose window has ended counts as no
 * row (consume restarts it, peek reads 0), so pruning changes nothing while this exceeds the longest
 * window any limit uses (one hour today).
 */
export const RATE_LIMIT_KEEP_MS = 24 * 60 * 60_000;

/** Removes windows that ended long ago; safe to run from any server at any time. */
export async function pruneRateLimits(db: Kysely<Database>, olderThan: Date): Promise<number> {
  const r = await db.deleteFrom('rate_limits').where('window_start', '<', olderThan.getTime()).executeTakeFirst();
  return Number(r.numDeletedRows);
}
