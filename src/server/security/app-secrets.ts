// Secrets the application makes for itself: generated on first use, stored in the database so every
// app server signs and checks with the same key, and never written in code or config files.
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

// Per database handle: tests open several databases in one process.
const caches = new WeakMap<object, Map<string, Buffer>>();

/** The named 256-bit secret; the first server to ask creates it, the others read the same row. */
export async function appSecret(db: Kysely<Database>, name: string): Promise<Buffer> {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  const known = cache.get(name);
  if (known) return known;
  // Insert-if-absent then read: two servers starting at once agree on whichever insert won.
  await db
    .insertInto('app_secrets')
    .values({ name, value: randomBytes(32).toString('base64url'), created_at: Date.now() })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const row = await db.selectFrom('app_secrets').select('value').where('name', '=', name).executeTakeFirstOrThrow();
  const secret = Buffer.from(row.value, 'base64url');
  cache.set(name, secret);
  return secret;
}
