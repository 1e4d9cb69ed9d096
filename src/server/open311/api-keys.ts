// Open311 API keys: generated with 256 bits of randomness, shown once, stored as SHA-256.
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { appendAudit } from '../audit/audit.repository.ts';

function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export interface NewApiKey {
  id: number;
  key: string;
  prefix: string;
}

/** Creates a key; the plain key is returned once and never stored. */
export async function createApiKey(
  db: Kysely<Database>,
  opts: { label: string; requestsPerMinute?: number; createdBy?: { id: number; role: string } | null; now?: Date; requestId?: string },
): Promise<NewApiKey> {
  const label = opts.label.trim();
  if (!label || label.length > 120) throw new Error('label must be 1–120 characters');
  const key = `sw_${randomBytes(32).toString('base64url')}`;
  const prefix = key.slice(0, 10);
  const now = (opts.now ?? new Date()).getTime();
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('api_keys')
      .values({
        label,
        key_prefix: prefix,
        key_hash: hashKey(key),
        requests_per_minute: opts.requestsPerMinute ?? 60,
        created_by: opts.createdBy?.id ?? null,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await appendAudit(trx, {
      actor: opts.createdBy ?? null,
      action: 'api_key.create',
      objectType: 'api_key',
      objectId: row.id,
      requestId: opts.requestId,
      details: { label, prefix },
    });
    return { id: row.id, key, prefix };
  });
}

/** The active key a client presented, or undefined. Marks it used (at most once a minute). */
export async function findActiveApiKey(db: Kysely<Database>, key: string, now: Date = new Date()) {
  if (!/^sw_[A-Za-z0-9_-]{20,100}$/.test(key)) return undefined;
  const row = await db
    .selectFrom('api_keys')
    .select(['id', 'label', 'requests_per_minute', 'last_used_at'])
    .where('key_hash', '=', hashKey(key))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (row && (row.last_used_at === null || now.getTime() - Number(row.last_used_at) > 60_000)) {
    await db.updateTable('api_keys').set({ last_used_at: now.getTime() }).where('id', '=', row.id).execute();
  }
  return row;
}

export async function revokeApiKey(
  db: Kysely<Database>,
  id: number,
  actor: { id: number; role: string } | null,
  now = new Date(),
  requestId?: string,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const r = await trx
      .updateTable('api_keys')
      .set({ revoked_at: now.getTime() })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    const changed = Number(r.numUpdatedRows) > 0;
    if (changed) await appendAudit(trx, { actor, action: 'api_key.revoke', objectType: 'api_key', objectId: id, requestId });
    return changed;
  });
}

export async function listApiKeys(db: Kysely<Database>) {
  return db
    .selectFrom('api_keys')
    .select(['id', 'label', 'key_prefix', 'requests_per_minute', 'created_at', 'last_used_at', 'revoked_at'])
    .orderBy('id', 'desc')
    .execute();
}
