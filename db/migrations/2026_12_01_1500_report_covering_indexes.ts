// Covering indexes for the report summary (src/server/metrics/summary.repository.ts): each §4
// cohort's range column first, then the few columns its figure needs and the four grouping keys, so
// a month of a million-complaint year is read from the index alone instead of one random table row
// per complaint. Each replaces the narrower index with the same leading column, which still serves
// every query the narrower one did.
import { sql, type Kysely } from 'kysely';

const KEYS = ['department_id', 'category_id', 'kecamatan_code', 'assignee_user_id'];

const COVERING: [name: string, replaces: string, old: string[], columns: string[]][] = [
  ['complaints_submitted_cover_idx', 'complaints_submitted_idx', ['submitted_at'], ['submitted_at', ...KEYS]],
  ['complaints_assigned_cover_idx', 'complaints_assigned_at_idx', ['assigned_at'], ['assigned_at', 'submitted_at', 'transfer_count', ...KEYS]],
  ['complaints_first_response_cover_idx', 'complaints_first_response_at_idx', ['first_response_at'], ['first_response_at', 'assigned_at', ...KEYS]],
  ['complaints_resolved_cover_idx', 'complaints_resolved_at_idx', ['resolved_at'], ['resolved_at', 'assigned_at', 'state', 'submitted_at', 'reopened_count', 'rejected_at', ...KEYS]],
  ['complaints_response_due_cover_idx', 'complaints_response_due_at_idx', ['response_due_at'], ['response_due_at', 'first_response_at', ...KEYS]],
  ['complaints_resolution_due_cover_idx', 'complaints_resolution_due_at_idx', ['resolution_due_at'], ['resolution_due_at', 'resolved_at', 'state', ...KEYS]],
  ['complaints_state_cover_idx', 'complaints_state_idx', ['state', 'submitted_at'], ['state', 'submitted_at', 'reopened_count', 'resolved_at', 'rejected_at', ...KEYS]],
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const [name, replaces, , columns] of COVERING) {
    await db.schema.createIndex(name).on('complaints').columns(columns).execute();
    await db.schema.dropIndex(replaces).execute();
  }
  // Fresh statistics, so the planner prefers the covering indexes from the start.
  await sql`analyze`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [name, replaces, old] of COVERING) {
    await db.schema.createIndex(replaces).on('complaints').columns(old).execute();
    await db.schema.dropIndex(name).execute();
  }
}
