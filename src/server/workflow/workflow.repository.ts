// Queries of the department workflow: the complaint row as the handling department sees it, staff of a
// department, ratings, templates, resolution photos, and the rows the periodic jobs visit.
import type { Kysely, Transaction } from 'kysely';
import type { Insertable } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { ComplaintEventsTable } from '../complaints/complaints.tables.ts';
import { SUPPORT_ACTIONS } from '../collaboration/support.tables.ts';

type Conn = Kysely<Database>;

/** The facts every workflow command needs, read inside its transaction. */
export async function findComplaintForWork(db: Conn, code: string) {
  return db
    .selectFrom('complaints as c')
    .innerJoin('categories as cat', 'cat.id', 'c.category_id')
    .leftJoin('users as u', 'u.id', 'c.reporter_user_id')
    .select([
      'c.id',
      'c.code',
      'c.state',
      'c.privacy',
      'c.department_id',
      'c.reporter_user_id',
      'c.assignee_user_id',
      'c.priority',
      'c.access_key_hash',
      'c.category_id',
      'c.first_response_at',
      'c.first_resolved_at',
      'c.resolved_at',
      'c.transfer_count',
      'c.reopened_count',
      'c.reporter_locale',
      'c.response_due_at',
      'c.resolution_due_at',
      'c.assigned_at',
      'c.version',
      'c.kecamatan_code',
      'c.kelurahan_code',
      'c.unit_id',
      'cat.response_days',
      'cat.resolution_days',
      'c.latitude',
      'c.longitude',
      'cat.resolution_photo_required',
      'cat.resolution_distance_m',
      // Where public events are announced: the email given with the complaint, else the owner's account.
      (eb) => eb.fn.coalesce('c.reporter_email', 'u.email').as('notify_email'),
    ])
    .where('c.code', '=', code)
    .executeTakeFirst();
}
export type WorkComplaint = NonNullable<Awaited<ReturnType<typeof findComplaintForWork>>>;

/** Which of these tracking codes belong to anonymous complaints (for the admin's outbox view). */
export async function anonymousCodes(db: Conn, codes: string[]): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  const rows = await db.selectFrom('complaints').select('code').where('code', 'in', codes).where('privacy', '=', 'anonymous').execute();
  return new Set(rows.map((r) => r.code));
}

export async function findDepartmentStaffMember(db: Conn, departmentId: number, userId: number) {
  return db
    .selectFrom('users')
    .select(['id', 'role'])
    .where('id', '=', userId)
    .where('department_id', '=', departmentId)
    .where('role', 'in', ['officer', 'manager'])
    .where('disabled_at', 'is', null)
    .executeTakeFirst();
}

/** Whether a department ever held the complaint: every route, transfer and department action names it. */
export async function departmentHeldComplaint(db: Conn, complaintId: number, departmentId: number): Promise<boolean> {
  const r = await db
    .selectFrom('complaint_events')
    .select('id')
    .where('complaint_id', '=', complaintId)
    .where('department_id', '=', departmentId)
    // A supporting department's events name it but it never held the complaint.
    .where('action', 'not in', [...SUPPORT_ACTIONS])
    .limit(1)
    .executeTakeFirst();
  return !!r;
}

export async function listDepartmentStaff(db: Conn, departmentId: number) {
  return db
    .selectFrom('users')
    .select(['id', 'name', 'role'])
    .where('department_id', '=', departmentId)
    .where('role', 'in', ['officer', 'manager'])
    .where('disabled_at', 'is', null)
    .orderBy('name')
    .execute();
}

export async function findActiveDepartmentByCode(db: Conn, code: string) {
  return db
    .selectFrom('departments')
    .select(['id', 'code', 'short_name'])
    .where('code', '=', code)
    .where('active', '=', 1)
    .executeTakeFirst();
}

export async function insertRating(
  trx: Transaction<Database>,
  complaintId: number,
  score: number,
  comment: string,
  at: number,
): Promise<boolean> {
  const r = await trx
    .insertInto('complaint_ratings')
    .values({ complaint_id: complaintId, score, comment, rated_at: at })
    .onConflict((oc) => oc.column('complaint_id').doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0n) > 0;
}

export async function findRating(db: Conn, complaintId: number) {
  return db.selectFrom('complaint_ratings').selectAll().where('complaint_id', '=', complaintId).executeTakeFirst();
}

export async function insertSourcedPhotos(
  trx: Transaction<Database>,
  complaintId: number,
  source: 'resolution' | 'reporter',
  photos: { fileName: string; contentType: 'image/jpeg' | 'image/png' | 'image/webp'; width: number; height: number; bytes: number }[],
  now: number,
): Promise<void> {
  if (photos.length === 0) return;
  const last = await trx
    .selectFrom('complaint_photos')
    .select((eb) => eb.fn.max('sort_order').as('m'))
    .where('complaint_id', '=', complaintId)
    .executeTakeFirst();
  const start = Number(last?.m ?? -1) + 1;
  await trx
    .insertInto('complaint_photos')
    .values(
      photos.map((p, i) => ({
        complaint_id: complaintId,
        file_name: p.fileName,
        content_type: p.contentType,
        width: p.width,
        height: p.height,
        bytes: p.bytes,
        sort_order: start + i,
        created_at: now,
        source,
      })),
    )
    .execute();
}

export async function listTemplates(db: Conn, departmentId: number, categoryId?: number) {
  let q = db
    .selectFrom('response_templates as t')
    .innerJoin('categories as cat', 'cat.id', 't.category_id')
    .select([
      't.id',
      't.title',
      't.body',
      't.category_id',
      'cat.code as category_code',
      'cat.name_id as category_name_id',
      'cat.name_en as category_name_en',
    ])
    .where('t.department_id', '=', departmentId);
  if (categoryId !== undefined) q = q.where('t.category_id', '=', categoryId);
  return q.orderBy('cat.code').orderBy('t.title').execute();
}

/** Resolved complaints whose confirmation window has passed. */
export async function listResolvedBefore(db: Conn, resolvedBefore: number, limit: number) {
  return db
    .selectFrom('complaints')
    .select(['id', 'code', 'version'])
    .where('state', '=', 'resolved')
    .where('resolved_at', '<=', resolvedBefore)
    .orderBy('resolved_at')
    .limit(limit)
    .execute();
}

export async function listManagers(db: Conn, departmentId: number) {
  return db
    .selectFrom('users')
    .select(['id', 'email', 'locale'])
    .where('department_id', '=', departmentId)
    .where('role', '=', 'manager')
    .where('disabled_at', 'is', null)
    .execute();
}

export async function insertWorkflowEvent(trx: Transaction<Database>, values: Insertable<ComplaintEventsTable>): Promise<number> {
  const r = await trx.insertInto('complaint_events').values(values).returning('id').executeTakeFirstOrThrow();
  return r.id;
}
