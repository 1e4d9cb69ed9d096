// Departments handling a complaint together (issue 26): the lead department (the one holding the complaint)
// asks another department for help with a task. One row per request:
//   requested → accepted → done
//   requested | accepted → declined (supporting department, with reason) | closed_by_lead (lead manager, reason)
// `due_at` is the task's own working-day due time (never after the complaint's resolution due time);
// `share_contact` = 1 when the lead shared the reporter's contact for this task (audited). `version` is the
// compare-and-set token of every answer (two managers answering at once: one wins). Each change is also a
// complaint_events row and an audit row (src/server/collaboration/support.service.ts).
import type { Kysely } from 'kysely';
import { addFlag, checkIn, time, withId } from '../migration-kit.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await addFlag(withId(db, db.schema.createTable('support_requests')), 'share_contact', 0)
    .addColumn('complaint_id', 'integer', (c) => c.notNull().references('complaints.id'))
    .addColumn('lead_department_id', 'integer', (c) => c.notNull().references('departments.id'))
    .addColumn('supporting_department_id', 'integer', (c) => c.notNull().references('departments.id'))
    .addColumn('task', 'text', (c) => c.notNull())
    .addColumn('due_at', time, (c) => c.notNull())
    .addColumn('state', 'varchar(16)', (c) => c.notNull().check(checkIn('state', ['requested', 'accepted', 'done', 'declined', 'closed_by_lead'])))
    .addColumn('assignee_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('reason', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('note_visibility', 'varchar(10)', (c) => c.check(checkIn('note_visibility', ['public', 'internal'])))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('requested_at', time, (c) => c.notNull())
    .addColumn('requested_by_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('accepted_at', time)
    .addColumn('accepted_by_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('ended_at', time)
    .addColumn('ended_by_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('updated_at', time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('support_requests_complaint_idx').on('support_requests').columns(['complaint_id', 'state']).execute();
  await db.schema.createIndex('support_requests_supporting_idx').on('support_requests').columns(['supporting_department_id', 'state']).execute();
  await db.schema.createIndex('support_requests_lead_idx').on('support_requests').columns(['lead_department_id', 'requested_at']).execute();
  await db.schema.createIndex('support_requests_assignee_idx').on('support_requests').column('assignee_user_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('support_requests').execute();
}
