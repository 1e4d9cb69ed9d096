// Queries of support requests (departments handling a complaint together): the task as a command reads it
// inside its transaction, the compare-and-set write, and the lists the pages and the daily notice show.
import type { Kysely, Transaction, Updateable } from 'kysely';
import type { Database } from '../db/schema.ts';
import { OPEN_SUPPORT_STATES, type SupportRequestsTable } from './support.tables.ts';

type Conn = Kysely<Database>;

/** The task with the complaint facts every answer needs (privacy and current department for the policy). */
export async function findSupportForWork(db: Conn, id: number) {
  return db
    .selectFrom('support_requests as s')
    .innerJoin('complaints as c', 'c.id', 's.complaint_id')
    .select([
      's.id',
      's.complaint_id',
      's.lead_department_id',
      's.supporting_department_id',
      's.task',
      's.due_at',
      's.state',
      's.assignee_user_id',
      's.share_contact',
      's.version',
      's.requested_at',
      's.accepted_at',
      's.ended_at',
      'c.code',
      'c.state as complaint_state',
      'c.privacy',
      'c.department_id',
      'c.reporter_user_id',
      'c.rejection_reason',
    ])
    .where('s.id', '=', id)
    .executeTakeFirst();
}
export type WorkSupport = NonNullable<Awaited<ReturnType<typeof findSupportForWork>>>;

/** The write of every answer: only while the row still has the version read in this transaction. */
export async function updateSupportAtVersion(
  trx: Transaction<Database>,
  id: number,
  version: number,
  patch: Updateable<SupportRequestsTable>,
): Promise<boolean> {
  const r = await trx
    .updateTable('support_requests')
    .set((eb) => ({ ...patch, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function countOpenSupport(db: Conn, complaintId: number, departmentId?: number): Promise<number> {
  let q = db
    .selectFrom('support_requests')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('complaint_id', '=', complaintId)
    .where('state', 'in', OPEN_SUPPORT_STATES as never);
  if (departmentId !== undefined) q = q.where('supporting_department_id', '=', departmentId);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

/** Every task on a complaint, oldest first, with department and officer names (for the lead's page). */
export async function listSupportForComplaint(db: Conn, complaintId: number) {
  return db
    .selectFrom('support_requests as s')
    .innerJoin('departments as d', 'd.id', 's.supporting_department_id')
    .leftJoin('users as u', 'u.id', 's.assignee_user_id')
    .select([
      's.id',
      's.task',
      's.due_at',
      's.state',
      's.reason',
      's.note',
      's.note_visibility',
      's.share_contact',
      's.version',
      's.requested_at',
      's.accepted_at',
      's.ended_at',
      'd.short_name as department_name',
      'u.name as assignee_name',
    ])
    .where('s.complaint_id', '=', complaintId)
    .orderBy('s.requested_at')
    .orderBy('s.id')
    .execute();
}

/** A department's open tasks for other departments ("Dukungan diminta"), nearest due date first. */
export async function listOpenSupportForDepartment(db: Conn, departmentId: number) {
  return db
    .selectFrom('support_requests as s')
    .innerJoin('complaints as c', 'c.id', 's.complaint_id')
    .innerJoin('departments as d', 'd.id', 's.lead_department_id')
    .leftJoin('users as u', 'u.id', 's.assignee_user_id')
    .select(['s.id', 's.task', 's.due_at', 's.state', 's.version', 'c.code', 'd.short_name as lead_name', 'u.name as assignee_name'])
    .where('s.supporting_department_id', '=', departmentId)
    .where('s.state', 'in', OPEN_SUPPORT_STATES as never)
    .orderBy('s.due_at')
    .orderBy('s.id')
    .execute();
}

/** Open tasks past their own due time, with the supporting department, for the daily overdue notice. */
export async function listOverdueSupport(db: Conn, now: number) {
  return db
    .selectFrom('support_requests as s')
    .innerJoin('complaints as c', 'c.id', 's.complaint_id')
    .innerJoin('departments as d', 'd.id', 's.lead_department_id')
    .select(['s.id', 's.supporting_department_id', 's.due_at', 's.state', 'c.code', 'd.short_name as lead_name'])
    .where('s.state', 'in', OPEN_SUPPORT_STATES as never)
    .where('s.due_at', '<', now)
    .orderBy('s.supporting_department_id')
    .orderBy('s.due_at')
    .limit(5000)
    .execute();
}

export async function findDepartmentName(db: Conn, id: number): Promise<string | null> {
  return (await db.selectFrom('departments').select('short_name').where('id', '=', id).executeTakeFirst())?.short_name ?? null;
}
