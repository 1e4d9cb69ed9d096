// Two indexes for the report summary at a million complaints (src/server/metrics/summary.repository.ts):
// the open backlog walked in group order (state, reopened_count, the four group keys, then the times
// its age buckets and open-at-t test need), so each group's buckets are summed without sorting the
// year's open complaints; reopened_count, so the few complaints ever reopened are found directly; and
// the events of a complaint with their action, so a reopened complaint's resolve/dispute history is
// read from the index alone.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('complaints_open_cells_idx')
    .on('complaints')
    .columns(['state', 'reopened_count', 'department_id', 'category_id', 'kecamatan_code', 'assignee_user_id', 'submitted_at', 'resolved_at', 'rejected_at'])
    .execute();
  await db.schema.createIndex('complaints_reopened_idx').on('complaints').column('reopened_count').execute();
  await db.schema.createIndex('complaint_events_history_idx').on('complaint_events').columns(['complaint_id', 'action', 'at']).execute();
  await sql`analyze`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('complaint_events_history_idx').execute();
  await db.schema.dropIndex('complaints_reopened_idx').execute();
  await db.schema.dropIndex('complaints_open_cells_idx').execute();
}
