// Complaints (DESIGN.md §2): the complaint with every stage's timestamp and due date, its events,
// its photos, and routing rules (category + kecamatan → another department).
import type { Kysely } from 'kysely';
import { addFlag, checkIn, time, withId } from '../migration-kit.ts';

const STATES = ['submitted', 'assigned', 'in_progress', 'resolved', 'closed', 'reopened', 'rejected'];

export async function up(db: Kysely<any>): Promise<void> {
  await addFlag(
    withId(db, db.schema.createTable('complaints'))
      .addColumn('code', 'varchar(20)', (c) => c.notNull().unique())
      .addColumn('access_key_hash', 'varchar(64)', (c) => c.notNull())
      .addColumn('category_id', 'integer', (c) => c.notNull().references('categories.id'))
      .addColumn('title', 'varchar(160)', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('kecamatan_code', 'varchar(20)', (c) => c.notNull().references('areas.code'))
      .addColumn('kelurahan_code', 'varchar(20)', (c) => c.references('areas.code'))
      .addColumn('address', 'varchar(300)', (c) => c.notNull().defaultTo(''))
      .addColumn('latitude', 'double precision')
      .addColumn('longitude', 'double precision')
      .addColumn('privacy', 'varchar(12)', (c) => c.notNull().check(checkIn('privacy', ['public', 'anonymous', 'confidential'])))
      .addColumn('reporter_user_id', 'integer', (c) => c.references('users.id'))
      .addColumn('reporter_name', 'varchar(120)')
      .addColumn('reporter_email', 'varchar(254)')
      .addColumn('reporter_phone', 'varchar(20)')
      .addColumn('department_id', 'integer', (c) => c.references('departments.id'))
      .addColumn('assignee_user_id', 'integer', (c) => c.references('users.id'))
      .addColumn('priority', 'varchar(10)', (c) => c.notNull().defaultTo('normal').check(checkIn('priority', ['low', 'normal', 'high', 'urgent'])))
      .addColumn('state', 'varchar(12)', (c) => c.notNull().check(checkIn('state', STATES)))
      .addColumn('rejection_reason', 'varchar(20)', (c) => c.check(checkIn('rejection_reason', ['spam', 'duplicate', 'out_of_scope'])))
      .addColumn('duplicate_of_id', 'integer', (c) => c.references('complaints.id'))
      .addColumn('submitted_at', time, (c) => c.notNull())
      .addColumn('verification_due_at', time, (c) => c.notNull())
      .addColumn('assigned_at', time)
      .addColumn('response_due_at', time)
      .addColumn('resolution_due_at', time)
      .addColumn('first_response_at', time)
      .addColumn('resolved_at', time)
      .addColumn('closed_at', time)
      .addColumn('rejected_at', time)
      .addColumn('reopened_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('transfer_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('updated_at', time, (c) => c.notNull()),
    // The reporter chose to show their name publicly (privacy 'public' only).
    'show_name',
    0,
  ).execute();
  await db.schema.createIndex('complaints_state_idx').on('complaints').columns(['state', 'submitted_at']).execute();
  await db.schema.createIndex('complaints_department_idx').on('complaints').columns(['department_id', 'state']).execute();
  await db.schema.createIndex('complaints_reporter_idx').on('complaints').column('reporter_user_id').execute();
  await db.schema.createIndex('complaints_submitted_idx').on('complaints').column('submitted_at').execute();

  await withId(db, db.schema.createTable('complaint_events'))
    .addColumn('complaint_id', 'integer', (c) => c.notNull().references('complaints.id'))
    .addColumn('at', time, (c) => c.notNull())
    .addColumn('actor_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('actor_kind', 'varchar(12)', (c) => c.notNull().check(checkIn('actor_kind', ['system', 'verifier', 'department', 'reporter'])))
    .addColumn('action', 'varchar(24)', (c) => c.notNull())
    .addColumn('from_state', 'varchar(12)', (c) => c.check(checkIn('from_state', STATES)))
    .addColumn('to_state', 'varchar(12)', (c) => c.notNull().check(checkIn('to_state', STATES)))
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('visibility', 'varchar(10)', (c) => c.notNull().check(checkIn('visibility', ['public', 'internal'])))
    .addColumn('department_id', 'integer', (c) => c.references('departments.id'))
    .addColumn('details', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();
  await db.schema.createIndex('complaint_events_complaint_idx').on('complaint_events').columns(['complaint_id', 'at']).execute();

  await withId(db, db.schema.createTable('complaint_photos'))
    .addColumn('complaint_id', 'integer', (c) => c.notNull().references('complaints.id'))
    .addColumn('file_name', 'varchar(80)', (c) => c.notNull().unique())
    .addColumn('content_type', 'varchar(40)', (c) => c.notNull().check(checkIn('content_type', ['image/jpeg', 'image/png', 'image/webp'])))
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    .addColumn('bytes', 'integer', (c) => c.notNull())
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('complaint_photos_complaint_idx').on('complaint_photos').column('complaint_id').execute();

  await withId(db, db.schema.createTable('routing_rules'))
    .addColumn('category_id', 'integer', (c) => c.notNull().references('categories.id'))
    .addColumn('kecamatan_code', 'varchar(20)', (c) => c.notNull().references('areas.code'))
    .addColumn('department_id', 'integer', (c) => c.notNull().references('departments.id'))
    .addColumn('created_at', time, (c) => c.notNull())
    .addUniqueConstraint('routing_rules_category_area_uq', ['category_id', 'kecamatan_code'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['routing_rules', 'complaint_photos', 'complaint_events', 'complaints']) {
    await db.schema.dropTable(t).execute();
  }
}
