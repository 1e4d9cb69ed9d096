// Data subject requests under UU PDP 27/2022 (access, erasure, correction): when each was received,
// when it is due (3 × 24 hours later) and when it was completed. Ids only, never contact data.
import type { Kysely } from 'kysely';
import { checkIn, time, withId } from '../migration-kit.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('data_requests'))
    .addColumn('kind', 'varchar(12)', (c) => c.notNull().check(checkIn('kind', ['access', 'erasure', 'correction'])))
    // 'user' (an account) or 'complaint' (a reporter without an account, proven by the access key).
    .addColumn('subject_type', 'varchar(12)', (c) => c.notNull().check(checkIn('subject_type', ['user', 'complaint'])))
    .addColumn('subject_id', 'varchar(40)', (c) => c.notNull())
    .addColumn('channel', 'varchar(12)', (c) => c.notNull().defaultTo('self').check(checkIn('channel', ['self', 'operator'])))
    .addColumn('state', 'varchar(12)', (c) => c.notNull().check(checkIn('state', ['received', 'completed', 'refused'])))
    .addColumn('received_at', time, (c) => c.notNull())
    .addColumn('due_at', time, (c) => c.notNull())
    .addColumn('completed_at', time)
    .addColumn('details', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();
  await db.schema.createIndex('data_requests_received_idx').on('data_requests').column('received_at').execute();
  await db.schema.createIndex('data_requests_subject_idx').on('data_requests').columns(['subject_type', 'subject_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('data_requests').execute();
}
