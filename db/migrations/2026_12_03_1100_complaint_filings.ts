// One row per filed complaint form (keyed by the form token's random id), so a second POST of the
// same form returns the first receipt and two concurrent POSTs store one complaint; the flag marks a
// submission the verifier should look at as a possible bot. Plus a small table for secrets the
// application generates itself on first start (the form token signing key).
import type { Kysely } from 'kysely';
import { time } from '../migration-kit.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('complaint_filings')
    .addColumn('form_id', 'varchar(40)', (c) => c.primaryKey())
    .addColumn('complaint_id', 'integer', (c) => c.notNull().references('complaints.id').onDelete('cascade'))
    .addColumn('suspect', 'varchar(20)')
    .addColumn('created_at', time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('complaint_filings_complaint_idx').on('complaint_filings').column('complaint_id').execute();
  await db.schema
    .createTable('app_secrets')
    .addColumn('name', 'varchar(60)', (c) => c.primaryKey())
    .addColumn('value', 'varchar(200)', (c) => c.notNull())
    .addColumn('created_at', time, (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('app_secrets').execute();
  await db.schema.dropTable('complaint_filings').execute();
}
