// Who a complaint came through, beyond the channel (DESIGN.md §10, issue 23):
// - complaints.filed_by_user_id: the counter clerk (petugas loket) who filed it on a resident's behalf at
//   the counter or on the telephone. Staff-only; public and resident views never show it as the reporter.
// - complaints.api_key_id: the Open311 key that filed it, so that key can still read the status of its own
//   request once it is confidential or rejected as spam (GeoReport clients poll requests/{id}).
// - users.counter_name: set by an admin, it makes an officer a counter clerk and names the counter on the
//   printed receipt (e.g. the kelurahan office's front desk). Verifiers are clerks without it.
// - imported_complaints: one row per source record imported from SP4N-LAPOR! or a spreadsheet, unique on
//   (source, source_id), so a re-run of the same file creates nothing twice.
// The rollup triggers fire on columns these are not among; none of them changes after filing.
import type { Kysely } from 'kysely';
import { time } from '../migration-kit.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('complaints').addColumn('filed_by_user_id', 'integer', (c) => c.references('users.id').onDelete('set null')).execute();
  await db.schema.alterTable('complaints').addColumn('api_key_id', 'integer', (c) => c.references('api_keys.id').onDelete('set null')).execute();
  await db.schema.createIndex('complaints_api_key_idx').on('complaints').column('api_key_id').execute();
  await db.schema.alterTable('users').addColumn('counter_name', 'varchar(120)').execute();
  await db.schema
    .createTable('imported_complaints')
    .addColumn('source', 'varchar(20)', (c) => c.notNull())
    .addColumn('source_id', 'varchar(100)', (c) => c.notNull())
    .addColumn('complaint_id', 'integer', (c) => c.notNull().references('complaints.id').onDelete('cascade'))
    .addColumn('imported_at', time, (c) => c.notNull())
    .addColumn('imported_by_user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addPrimaryKeyConstraint('imported_complaints_pk', ['source', 'source_id'])
    .execute();
  await db.schema.createIndex('imported_complaints_complaint_idx').on('imported_complaints').column('complaint_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('imported_complaints').execute();
  await db.schema.alterTable('users').dropColumn('counter_name').execute();
  await db.schema.dropIndex('complaints_api_key_idx').execute();
  await db.schema.alterTable('complaints').dropColumn('api_key_id').execute();
  await db.schema.alterTable('complaints').dropColumn('filed_by_user_id').execute();
}
