// Every query over complaints, their events, photos and routing rules.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Db } from '../db/index.ts';
import type { ComplaintState } from './complaint-states.ts';
import type { ComplaintEventsTable, ComplaintsTable } from './complaints.tables.ts';
import type { Insertable, Updateable } from 'kysely';

type Conn = Kysely<Database>;

export async function findCategoryByCode(db: Conn, code: string) {
  return db.selectFrom('categories').selectAll().where('code', '=', code).where('active', '=', 1).executeTakeFirst();
}

export async function findArea(db: Conn, code: string) {
  return db.selectFrom('areas').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function findRoutingRule(db: Conn, categoryId: number, kecamatanCode: string) {
  return db
    .selectFrom('routing_rules')
    .select(['department_id'])
    .where('category_id', '=', categoryId)
    .where('kecamatan_code', '=', kecamatanCode)
    .executeTakeFirst();
}

export async function trackingCodeExists(db: Conn, code: string): Promise<boolean> {
  return !!(await db.selectFrom('complaints').select('id').where('code', '=', code).executeTakeFirst());
}

export async function insertComplaint(trx: Transaction<Database>, values: Insertable<ComplaintsTable>): Promise<number> {
  const row = await trx.insertInto('complaints').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function insertEvent(trx: Transaction<Database>, values: Insertable<ComplaintEventsTable>): Promise<void> {
  await trx.insertInto('complaint_events').values(values).execute();
}

export async function insertPhotos(
  trx: Transaction<Database>,
  complaintId: number,
  photos: { fileName: string; contentType: 'image/jpeg' | 'image/png' | 'image/webp'; width: number; height: number; bytes: number }[],
  now: number,
): Promise<void> {
  if (photos.length === 0) return;
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
        sort_order: i,
        created_at: now,
      })),
    )
    .execute();
}

/**
 * Compare-and-set, the one way a workflow command changes a complaint: applies `patch` and bumps the
 * version only while the row still has the version the command read (inside its transaction);
 * returns whether it did. On PostgreSQL a concurrent writer of the same row makes this update wait for
 * the row lock and then re-check `version` against the committed row, so the later of two commands
 * matches nothing; on SQLite writers are serialised (`begin immediate`) and the check is plain.
 */
export async function updateComplaintAtVersion(
  trx: Transaction<Database>,
  id: number,
  version: number,
  patch: Updateable<ComplaintsTable>,
): Promise<boolean> {
  const r = await trx
    .updateTable('complaints')
    .set((eb) => ({ ...patch, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/**
 * Claims the form id for this complaint. False when another transaction filed the same form first:
 * on PostgreSQL the insert waits for that transaction and then does nothing; SQLite serialises writers.
 */
export async function claimFormFiling(
  trx: Transaction<Database>,
  formId: string,
  complaintId: number,
  suspect: string | null,
  now: number,
): Promise<boolean> {
  const r = await trx
    .insertInto('complaint_filings')
    .values({ form_id: formId, complaint_id: complaintId, suspect, created_at: now })
    .onConflict((oc) => oc.column('form_id').doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0n) === 1;
}

/** The complaint a form already filed, with what its receipt shows. */
export async function findFormFiling(db: Conn, formId: string) {
  return db
    .selectFrom('complaint_filings as f')
    .innerJoin('complaints as c', 'c.id', 'f.complaint_id')
    .select(['c.code', 'c.department_id', 'c.reporter_email', 'f.suspect'])
    .where('f.form_id', '=', formId)
    .executeTakeFirst();
}

/**
 * Changes the row only while it is still in `expected`, without bumping the version: for appends that
 * must not make anyone's open form stale (the reporter adding information touches only updated_at).
 */
export async function updateComplaintInState(
  trx: Transaction<Database>,
  id: number,
  expected: ComplaintState,
  patch: Updateable<ComplaintsTable>,
): Promise<boolean> {
  const r = await trx.updateTable('complaints').set(patch).where('id', '=', id).where('state', '=', expected).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

function detailQuery(db: Conn) {
  return db
    .selectFrom('complaints as c')
    .innerJoin('categories as cat', 'cat.id', 'c.category_id')
    .innerJoin('areas as kec', 'kec.code', 'c.kecamatan_code')
    .leftJoin('areas as kel', 'kel.code', 'c.kelurahan_code')
    .leftJoin('departments as d', 'd.id', 'c.department_id')
    .leftJoin('units as un', 'un.id', 'c.unit_id')
    .leftJoin('complaints as dup', 'dup.id', 'c.duplicate_of_id')
    .selectAll('c')
    .select([
      'cat.code as category_code',
      'cat.name_id as category_name_id',
      'cat.name_en as category_name_en',
      'kec.common_name as kecamatan_name',
      'kel.common_name as kelurahan_name',
      'd.code as department_code',
      'd.short_name as department_name',
      'un.code as unit_code',
      'un.name as unit_name',
      'dup.code as duplicate_of_code',
    ]);
}

export type ComplaintDetailRow = NonNullable<Awaited<ReturnType<typeof findComplaintByCode>>>;

export async function findComplaintByCode(db: Conn, code: string) {
  return detailQuery(db).where('c.code', '=', code).executeTakeFirst();
}

export async function findComplaintIdByCode(db: Conn, code: string) {
  return db.selectFrom('complaints').select(['id', 'state', 'version']).where('code', '=', code).executeTakeFirst();
}

export async function listEvents(db: Conn, complaintId: number, opts: { publicOnly: boolean }) {
  let q = db
    .selectFrom('complaint_events as e')
    .leftJoin('departments as d', 'd.id', 'e.department_id')
    .select([
      'e.id',
      'e.at',
      'e.actor_kind',
      'e.action',
      'e.from_state',
      'e.to_state',
      'e.note',
      'e.visibility',
      'd.short_name as department_name',
    ])
    .where('e.complaint_id', '=', complaintId)
    .orderBy('e.at')
    .orderBy('e.id');
  if (opts.publicOnly) q = q.where('e.visibility', '=', 'public');
  return q.execute();
}

export async function listPhotos(db: Conn, complaintId: number) {
  return db.selectFrom('complaint_photos').selectAll().where('complaint_id', '=', complaintId).orderBy('sort_order').execute();
}

export async function findPhotoWithComplaint(db: Conn, fileName: string) {
  return db
    .selectFrom('complaint_photos as p')
    .innerJoin('complaints as c', 'c.id', 'p.complaint_id')
    .select(['p.file_name', 'p.content_type', 'c.code', 'c.id as complaint_id'])
    .where('p.file_name', '=', fileName)
    .executeTakeFirst();
}

export async function listVerificationQueue(db: Db, opts: { limit: number; offset: number }) {
  return db
    .selectFrom('complaints as c')
    .innerJoin('categories as cat', 'cat.id', 'c.category_id')
    .innerJoin('areas as kec', 'kec.code', 'c.kecamatan_code')
    .select([
      'c.id',
      'c.code',
      'c.title',
      'c.privacy',
      'c.submitted_at',
      'c.verification_due_at',
      'cat.name_id as category_name_id',
      'cat.name_en as category_name_en',
      'kec.common_name as kecamatan_name',
      (eb) => eb.selectFrom('complaint_filings as f').select('f.suspect').whereRef('f.complaint_id', '=', 'c.id').limit(1).as('suspect'),
    ])
    .where('c.state', '=', 'submitted')
    .orderBy('c.submitted_at')
    .orderBy('c.id')
    .limit(opts.limit)
    .offset(opts.offset)
    .execute();
}

export async function countVerificationQueue(db: Db): Promise<number> {
  const r = await db
    .selectFrom('complaints')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('state', '=', 'submitted')
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export interface PublicListFilter {
  category?: string;
  department?: string;
  /** A kota code (NN.NN): its kecamatan are the ones whose code starts with it. */
  kota?: string;
  kecamatan?: string;
  state?: ComplaintState;
}

/** The rows the public may see (no confidential, no spam), filtered; shared by the list and the map. */
export function publicListQuery(db: Db, f: PublicListFilter) {
  let q = db
    .selectFrom('complaints as c')
    .innerJoin('categories as cat', 'cat.id', 'c.category_id')
    .innerJoin('areas as kec', 'kec.code', 'c.kecamatan_code')
    .leftJoin('departments as d', 'd.id', 'c.department_id')
    .where('c.privacy', '!=', 'confidential')
    // Spam is not republished.
    .where((eb) => eb.or([eb('c.rejection_reason', 'is', null), eb('c.rejection_reason', '!=', 'spam')]));
  if (f.category) q = q.where('cat.code', '=', f.category);
  if (f.department) q = q.where('d.code', '=', f.department);
  if (f.kota) q = q.where('c.kecamatan_code', 'like', `${f.kota}.%`);
  if (f.kecamatan) q = q.where('c.kecamatan_code', '=', f.kecamatan);
  if (f.state) q = q.where('c.state', '=', f.state);
  return q;
}

/** Public list rows: no reporter fields are selected at all. */
export async function listPublicComplaints(db: Db, f: PublicListFilter, page: { limit: number; offset: number }) {
  return publicListQuery(db, f)
    .select([
      'c.code',
      'c.title',
      'c.state',
      'c.submitted_at',
      'c.resolution_due_at',
      'cat.name_id as category_name_id',
      'cat.name_en as category_name_en',
      'kec.common_name as kecamatan_name',
      'd.short_name as department_name',
    ])
    .orderBy('c.submitted_at', 'desc')
    .orderBy('c.id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}

export async function countPublicComplaints(db: Db, f: PublicListFilter): Promise<number> {
  const r = await publicListQuery(db, f)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function listComplaintsOfReporter(db: Db, userId: number) {
  return db
    .selectFrom('complaints as c')
    .innerJoin('categories as cat', 'cat.id', 'c.category_id')
    .leftJoin('departments as d', 'd.id', 'c.department_id')
    .select([
      'c.code',
      'c.title',
      'c.state',
      'c.privacy',
      'c.submitted_at',
      'cat.name_id as category_name_id',
      'cat.name_en as category_name_en',
      'd.short_name as department_name',
    ])
    .where('c.reporter_user_id', '=', userId)
    .orderBy('c.submitted_at', 'desc')
    .limit(200)
    .execute();
}

/**
 * Who did what on a complaint, for its staff timeline only: each event's acting staff member and, for an
 * assignment, who was assigned (names of accounts; the public timeline never shows them).
 */
export async function listEventPeople(
  db: Conn,
  complaintId: number,
): Promise<Map<number, { actorName: string | null; assigneeName: string | null }>> {
  const rows = await db
    .selectFrom('complaint_events as e')
    .leftJoin('users as a', 'a.id', 'e.actor_user_id')
    .select(['e.id', 'e.action', 'e.details', 'a.name as actor_name'])
    .where('e.complaint_id', '=', complaintId)
    .execute();
  const assigneeOf = new Map<number, number>();
  for (const r of rows) {
    if (r.action !== 'assign' || !r.details) continue;
    try {
      const id = Number((JSON.parse(r.details) as { assignee_user_id?: unknown }).assignee_user_id);
      if (Number.isInteger(id) && id > 0) assigneeOf.set(Number(r.id), id);
    } catch {
      // An unreadable detail leaves the assignee unnamed.
    }
  }
  const ids = [...new Set(assigneeOf.values())];
  const names = new Map<number, string>();
  if (ids.length)
    for (const u of await db.selectFrom('users').select(['id', 'name']).where('id', 'in', ids).execute()) names.set(Number(u.id), u.name);
  return new Map(
    rows.map((r) => [
      Number(r.id),
      {
        actorName: r.actor_name ?? null,
        assigneeName: assigneeOf.has(Number(r.id)) ? (names.get(assigneeOf.get(Number(r.id))!) ?? null) : null,
      },
    ]),
  );
}
