// Responsiveness reports (DESIGN.md §4): indexes for each cohort the metrics read (every metric is a
// range over one stage's timestamp or due date). Ratings come from the workflow's complaint_ratings.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  for (const column of ['assigned_at', 'first_response_at', 'resolved_at', 'rejected_at', 'response_due_at', 'resolution_due_at', 'updated_at']) {
    await db.schema.createIndex(`complaints_${column}_idx`).on('complaints').column(column).execute();
  }
  await db.schema.createIndex('complaint_events_action_idx').on('complaint_events').columns(['action', 'at']).execute();
  await db.schema.createIndex('complaint_ratings_rated_idx').on('complaint_ratings').column('rated_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('complaint_ratings_rated_idx').execute();
  await db.schema.dropIndex('complaint_events_action_idx').execute();
  for (const column of ['assigned_at', 'first_response_at', 'resolved_at', 'rejected_at', 'response_due_at', 'resolution_due_at', 'updated_at']) {
    await db.schema.dropIndex(`complaints_${column}_idx`).execute();
  }
}
