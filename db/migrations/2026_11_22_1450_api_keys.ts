// API keys for Open311 clients: only a hash is stored; each key has its own rate limit.
import type { Kysely } from 'kysely';
import { time, withId } from '../migration-kit.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('api_keys'))
    .addColumn('label', 'varchar(120)', (c) => c.notNull())
    .addColumn('key_prefix', 'varchar(16)', (c) => c.notNull())
    .addColumn('key_hash', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('requests_per_minute', 'integer', (c) => c.notNull().defaultTo(60))
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('last_used_at', time)
    .addColumn('revoked_at', time)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('api_keys').execute();
}
