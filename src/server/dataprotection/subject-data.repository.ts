// Queries for a data subject's download: everything the portal holds about one account or one complaint.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

type Conn = Kysely<Database>;

export async function profileOf(db: Conn, userId: number) {
  return db
    .selectFrom('users')
    .select([
      'id',
      'email',
      'name',
      'phone',
      'role',
      'affiliation',
      'affiliation_verified',
      'organisation',
      'locale',
      'created_at',
      'updated_at',
    ])
    .where('id', '=', userId)
    .executeTakeFirst();
}

function complaintQuery(db: Conn) {
  return db
    .selectFrom('complaints as c')
    .innerJoin('categories as cat', 'cat.id', 'c.category_id')
    .leftJoin('departments as d', 'd.id', 'c.department_id')
    .leftJoin('areas as kec', 'kec.code', 'c.kecamatan_code')
    .leftJoin('areas as kel', 'kel.code', 'c.kelurahan_code')
    .select([
      'c.id',
      'c.code',
      'c.title',
      'c.description',
      'c.address',
      'c.latitude',
      'c.longitude',
      'c.privacy',
      'c.show_name',
      'c.reporter_name',
      'c.reporter_email',
      'c.reporter_phone',
      'c.state',
      'c.priority',
      'c.submitted_at',
      'c.assigned_at',
      'c.first_response_at',
      'c.resolved_at',
      'c.closed_at',
      'c.rejected_at',
      'cat.code as category_code',
      'cat.name_id as category_name',
      'd.short_name as department',
      // The names shown on every page (reference/area-names.ts: the common form).
      'kec.common_name as kecamatan',
      'kel.common_name as kelurahan',
    ]);
}

export async function complaintsOfUser(db: Conn, userId: number) {
  return complaintQuery(db).where('c.reporter_user_id', '=', userId).orderBy('c.submitted_at').orderBy('c.id').execute();
}

export async function complaintByCode(db: Conn, code: string) {
  return complaintQuery(db).where('c.code', '=', code).execute();
}

/** The reporter-relevant timeline: public events only (internal notes are the office's working papers). */
export async function publicEvents(db: Conn, complaintIds: number[]) {
  if (complaintIds.length === 0) return [];
  return db
    .selectFrom('complaint_events')
    .select(['complaint_id', 'at', 'actor_kind', 'action', 'from_state', 'to_state', 'note'])
    .where('complaint_id', 'in', complaintIds)
    .where('visibility', '=', 'public')
    .orderBy('at')
    .orderBy('id')
    .execute();
}

export async function photos(db: Conn, complaintIds: number[]) {
  if (complaintIds.length === 0) return [];
  return db
    .selectFrom('complaint_photos')
    .select(['complaint_id', 'file_name', 'content_type', 'width', 'height', 'bytes', 'created_at'])
    .where('complaint_id', 'in', complaintIds)
    .orderBy('sort_order')
    .execute();
}

/** The reporter's rating (score and comment) of their resolved complaints. */
export async function ratingsOf(db: Conn, complaintIds: number[]) {
  if (complaintIds.length === 0) return [];
  return db
    .selectFrom('complaint_ratings as r')
    .innerJoin('complaints as c', 'c.id', 'r.complaint_id')
    .select(['c.code', 'r.score', 'r.comment', 'r.rated_at'])
    .where('r.complaint_id', 'in', complaintIds)
    .orderBy('r.rated_at')
    .execute();
}

export async function contributionsOf(db: Conn, userId: number) {
  return db
    .selectFrom('contributions as c')
    .innerJoin('consultations as k', 'k.id', 'c.consultation_id')
    .select([
      'c.id',
      'c.consultation_id',
      'k.title as consultation_title',
      'c.parent_id',
      'c.body',
      'c.stance',
      'c.affiliation',
      'c.endorsement_count',
      'c.hidden',
      'c.created_at',
    ])
    .where('c.author_user_id', '=', userId)
    .orderBy('c.created_at')
    .orderBy('c.id')
    .execute();
}

export async function endorsementsOf(db: Conn, userId: number) {
  return db
    .selectFrom('contribution_endorsements as e')
    .innerJoin('contributions as c', 'c.id', 'e.contribution_id')
    .select(['e.contribution_id', 'c.consultation_id', 'e.created_at'])
    .where('e.user_id', '=', userId)
    .orderBy('e.created_at')
    .execute();
}

export async function reportsOf(db: Conn, userId: number) {
  return db
    .selectFrom('contribution_reports as r')
    .innerJoin('contributions as c', 'c.id', 'r.contribution_id')
    .select(['r.contribution_id', 'c.consultation_id', 'r.reason', 'r.created_at'])
    .where('r.user_id', '=', userId)
    .orderBy('r.created_at')
    .execute();
}

export async function followsOf(db: Conn, userId: number) {
  return db
    .selectFrom('consultation_follows as f')
    .innerJoin('consultations as k', 'k.id', 'f.consultation_id')
    .select(['f.consultation_id', 'k.title as consultation_title', 'f.created_at'])
    .where('f.user_id', '=', userId)
    .orderBy('f.created_at')
    .execute();
}

export async function requestsOf(db: Conn, subjectType: 'user' | 'complaint', subjectId: string) {
  return db
    .selectFrom('data_requests')
    .select(['kind', 'state', 'received_at', 'due_at', 'completed_at'])
    .where('subject_type', '=', subjectType)
    .where('subject_id', '=', subjectId)
    .orderBy('received_at')
    .execute();
}
