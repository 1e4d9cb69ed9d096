// Appraisal evidence reviews (DESIGN.md §5): per department, officer and period (2026-S1, 2026-S2,
// 2026) the officer's written response (umpan balik), the manager's note, and the lock with a frozen
// snapshot of the evidence figures that the HR export reads. No resident data is stored here.
import type { Kysely } from 'kysely';
import { time, withId } from '../migration-kit.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('appraisal_reviews'))
    .addColumn('department_id', 'integer', (c) => c.notNull().references('departments.id'))
    .addColumn('officer_user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('period', 'varchar(7)', (c) => c.notNull())
    .addColumn('officer_response', 'text')
    .addColumn('officer_responded_at', time)
    .addColumn('manager_note', 'text')
    .addColumn('manager_noted_at', time)
    .addColumn('manager_noted_by', 'integer', (c) => c.references('users.id'))
    .addColumn('locked_at', time)
    .addColumn('locked_by', 'integer', (c) => c.references('users.id'))
    // JSON of the evidence figures and integrity signals at the moment of locking.
    .addColumn('snapshot', 'text')
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('updated_at', time, (c) => c.notNull())
    .addUniqueConstraint('appraisal_reviews_key', ['department_id', 'officer_user_id', 'period'])
    .execute();
  await db.schema.createIndex('appraisal_reviews_period_idx').on('appraisal_reviews').columns(['period', 'department_id']).execute();
  // Official consultation responses per author (consultation responses in the evidence).
  await db.schema.createIndex('official_responses_author_idx').on('official_responses').columns(['author_user_id', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('official_responses_author_idx').execute();
  await db.schema.dropTable('appraisal_reviews').execute();
}
