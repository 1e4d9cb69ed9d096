// Responsiveness reports (DESIGN.md §4): indexes for each cohort the metrics read (every metric is a
// range over one stage's timestamp or due date), and residents' satisfaction ratings, which the
// workflow branch had not added yet (one rating per complaint, 1–5, with the time it was given).
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { time, withId } from '../migration-kit.ts';

export async function up(db: Kysely<any>): Promise<void> {
  for (const column of ['assigned_at', 'first_response_at', 'resolved_at', 'response_due_at', 'resolution_due_at', 'updated_at']) {
    await db.schema.createIndex(`complaints_${column}_idx`).on('complaints').column(column).execute();
  }
  await db.schema.createIndex('complaint_events_action_idx').on('complaint_events').columns(['action', 'at']).execute();
  await withId(db, db.schema.createTable('complaint_ratings'))
    .addColumn('complaint_id', 'integer', (c) => c.notNull().unique().references('complaints.id'))
    .addColumn('rating', 'integer', (c) => c.notNull().check(sql`rating between 1 and 5`))
    .addColumn('rated_at', time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('complaint_ratings_rated_idx').on('complaint_ratings').column('rated_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('complaint_ratings').execute();
  await db.schema.dropIndex('complaint_events_action_idx').execute();
  for (const column of ['assigned_at', 'first_response_at', 'resolved_at', 'response_due_at', 'resolution_due_at', 'updated_at']) {
    await db.schema.dropIndex(`complaints_${column}_idx`).execute();
  }
}
