// Notification outbox: messages written in the same transaction as the event that causes them,
// delivered later by a worker with leases (several app servers) and retries.
import type { Kysely } from 'kysely';
import { checkIn, time, withId } from '../migration-kit.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('outbox'))
    .addColumn('channel', 'varchar(10)', (c) => c.notNull().defaultTo('email').check(checkIn('channel', ['email'])))
    .addColumn('recipient', 'varchar(254)', (c) => c.notNull())
    .addColumn('locale', 'varchar(5)', (c) => c.notNull().defaultTo('id'))
    .addColumn('subject', 'varchar(300)', (c) => c.notNull())
    .addColumn('body_text', 'text', (c) => c.notNull())
    // What caused it (e.g. complaint.responded:PLG-26-…), for dedupe and for the admin view.
    .addColumn('topic', 'varchar(120)', (c) => c.notNull())
    .addColumn('dedupe_key', 'varchar(200)', (c) => c.unique())
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('available_at', time, (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'varchar(500)')
    .addColumn('lease_owner', 'varchar(64)')
    .addColumn('lease_until', time)
    .addColumn('sent_at', time)
    .addColumn('failed_at', time)
    .execute();
  await db.schema.createIndex('outbox_pending_idx').on('outbox').columns(['sent_at', 'available_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('outbox').execute();
}
