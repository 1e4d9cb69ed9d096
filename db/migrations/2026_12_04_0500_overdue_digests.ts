// Overdue notices become one daily digest per manager. `overdue_breaches` is the per-breach history (one
// row per complaint, stage and due time, when the job first saw it past due) that used to be one email
// each; `overdue_digests` is one row per manager and local day, its primary key making a second digest
// on the same day impossible even with two workers, and `created_at` the start of the next digest's window.
import type { Kysely } from 'kysely';
import { checkIn, time, withId } from '../migration-kit.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('overdue_breaches'))
    .addColumn('complaint_id', 'integer', (c) => c.notNull().references('complaints.id').onDelete('cascade'))
    .addColumn('department_id', 'integer', (c) => c.notNull().references('departments.id'))
    .addColumn('stage', 'varchar(12)', (c) => c.notNull().check(checkIn('stage', ['response', 'resolution'])))
    .addColumn('due_at', time, (c) => c.notNull())
    .addColumn('noticed_at', time, (c) => c.notNull())
    .addUniqueConstraint('overdue_breaches_unique', ['complaint_id', 'stage', 'due_at'])
    .execute();
  await db.schema.createIndex('overdue_breaches_department_idx').on('overdue_breaches').columns(['department_id', 'noticed_at']).execute();
  await db.schema
    .createTable('overdue_digests')
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('day', 'varchar(10)', (c) => c.notNull())
    .addColumn('breaches', 'integer', (c) => c.notNull())
    .addColumn('created_at', time, (c) => c.notNull())
    .addPrimaryKeyConstraint('overdue_digests_pk', ['user_id', 'day'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('overdue_digests').execute();
  await db.schema.dropTable('overdue_breaches').execute();
}
