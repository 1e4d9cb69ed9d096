// All SQL of the appraisal evidence: officers, review rows (response, note, lock, snapshot), the
// officer's consultation responses, and the raw material of the anonymised example cases.
import { sql } from 'kysely';
import type { Db } from '../db/index.ts';
import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { getSettings } from '../reference/reference.repository.ts';
import { DEFAULT_MIN_SAMPLE } from './evidence.ts';
import type { StageEvent } from './attribution.ts';

export interface OfficerRow {
  id: number;
  name: string;
  nip: string;
  role: string;
  departmentId: number | null;
  jabatan: string | null;
  /** The unit inside the department the officer belongs to, if any. */
  unitId: number | null;
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

function officerRow(r: {
  id: number;
  name: string;
  nip: string | null;
  role: string;
  department_id: number | null;
  jabatan: string | null;
  unit_id: number | null;
}): OfficerRow {
  return {
    id: Number(r.id),
    name: r.name,
    nip: r.nip ?? '',
    role: r.role,
    departmentId: num(r.department_id),
    jabatan: r.jabatan,
    unitId: num(r.unit_id),
  };
}

export async function findOfficerByNip(db: Db, nip: string): Promise<OfficerRow | undefined> {
  const r = await db
    .selectFrom('users')
    .select(['id', 'name', 'nip', 'role', 'department_id', 'jabatan', 'unit_id'])
    .where('nip', '=', nip)
    .executeTakeFirst();
  return r ? officerRow(r) : undefined;
}

export async function findOfficerById(db: Db, id: number): Promise<OfficerRow | undefined> {
  const r = await db
    .selectFrom('users')
    .select(['id', 'name', 'nip', 'role', 'department_id', 'jabatan', 'unit_id'])
    .where('id', '=', id)
    .executeTakeFirst();
  return r ? officerRow(r) : undefined;
}

/** Officers with a NIP of some departments (all when undefined), by name. */
export async function listOfficers(db: Db, departmentIds?: readonly number[]): Promise<OfficerRow[]> {
  let q = db
    .selectFrom('users')
    .select(['id', 'name', 'nip', 'role', 'department_id', 'jabatan', 'unit_id'])
    .where('role', '=', 'officer')
    .where('nip', 'is not', null);
  if (departmentIds) q = departmentIds.length ? q.where('department_id', 'in', departmentIds as number[]) : q.where(sql<boolean>`1 = 0`);
  return (await q.orderBy('name').execute()).map(officerRow);
}

export async function minSampleSetting(db: Db): Promise<number> {
  const v = Number((await getSettings(db)).get('appraisal_min_sample'));
  return Number.isInteger(v) && v >= 1 && v <= 1000 ? v : DEFAULT_MIN_SAMPLE;
}

export interface ReviewRow {
  id: number;
  departmentId: number;
  officerUserId: number;
  period: string;
  officerResponse: string | null;
  officerRespondedAt: number | null;
  managerNote: string | null;
  managerNotedAt: number | null;
  managerNotedBy: number | null;
  lockedAt: number | null;
  lockedBy: number | null;
  snapshot: string | null;
}

type RawReview = Database['appraisal_reviews'] extends infer T ? { [K in keyof T]: unknown } : never;

function reviewRow(r: RawReview): ReviewRow {
  return {
    id: Number(r.id),
    departmentId: Number(r.department_id),
    officerUserId: Number(r.officer_user_id),
    period: String(r.period),
    officerResponse: (r.officer_response as string | null) ?? null,
    officerRespondedAt: num(r.officer_responded_at),
    managerNote: (r.manager_note as string | null) ?? null,
    managerNotedAt: num(r.manager_noted_at),
    managerNotedBy: num(r.manager_noted_by),
    lockedAt: num(r.locked_at),
    lockedBy: num(r.locked_by),
    snapshot: (r.snapshot as string | null) ?? null,
  };
}

export async function findReview(
  db: Db | Transaction<Database>,
  departmentId: number,
  officerUserId: number,
  period: string,
): Promise<ReviewRow | undefined> {
  const r = await db
    .selectFrom('appraisal_reviews')
    .selectAll()
    .where('department_id', '=', departmentId)
    .where('officer_user_id', '=', officerUserId)
    .where('period', '=', period)
    .executeTakeFirst();
  return r ? reviewRow(r) : undefined;
}

/** The review row of an officer and period, created empty when missing (race-safe: unique key). */
export async function ensureReview(
  trx: Transaction<Database>,
  departmentId: number,
  officerUserId: number,
  period: string,
  now: number,
): Promise<ReviewRow> {
  await trx
    .insertInto('appraisal_reviews')
    .values({ department_id: departmentId, officer_user_id: officerUserId, period, created_at: now, updated_at: now })
    .onConflict((oc) => oc.columns(['department_id', 'officer_user_id', 'period']).doNothing())
    .execute();
  return (await findReview(trx, departmentId, officerUserId, period))!;
}

type ReviewUpdate = Partial<
  Pick<
    Database['appraisal_reviews'],
    | 'officer_response'
    | 'officer_responded_at'
    | 'manager_note'
    | 'manager_noted_at'
    | 'manager_noted_by'
    | 'locked_at'
    | 'locked_by'
    | 'snapshot'
  >
>;

/** Updates an unlocked review; false when it was locked meanwhile (the lock wins). */
export async function updateUnlockedReview(trx: Transaction<Database>, id: number, values: ReviewUpdate, now: number): Promise<boolean> {
  const r = await trx
    .updateTable('appraisal_reviews')
    .set({ ...values, updated_at: now })
    .where('id', '=', id)
    .where('locked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function listReviews(db: Db, period: string, departmentIds?: readonly number[]): Promise<ReviewRow[]> {
  let q = db.selectFrom('appraisal_reviews').selectAll().where('period', '=', period);
  if (departmentIds) q = departmentIds.length ? q.where('department_id', 'in', departmentIds as number[]) : q.where(sql<boolean>`1 = 0`);
  return (await q.execute()).map(reviewRow);
}

/** Locked reviews of a period with the officer's NIP and name and the department, for the HR export. */
export async function listLockedReviews(db: Db, period: string, departmentId?: number) {
  let q = db
    .selectFrom('appraisal_reviews as a')
    .innerJoin('users as u', 'u.id', 'a.officer_user_id')
    .innerJoin('departments as d', 'd.id', 'a.department_id')
    .selectAll('a')
    .select(['u.nip', 'u.name as officer_name', 'u.jabatan', 'd.code as department_code', 'd.name as department_name'])
    .where('a.period', '=', period)
    .where('a.locked_at', 'is not', null);
  if (departmentId !== undefined) q = q.where('a.department_id', '=', departmentId);
  const rows = await q.orderBy('d.code').orderBy('u.nip').execute();
  return rows.map((r) => ({
    ...reviewRow(r),
    nip: r.nip ?? '',
    officerName: r.officer_name,
    jabatan: r.jabatan,
    departmentCode: r.department_code,
    departmentName: r.department_name,
  }));
}

/** Official consultation responses of a department's staff made in [from, to). */
export async function consultationResponses(db: Db, departmentId: number, range: { from: number; to: number }) {
  const rows = await db
    .selectFrom('official_responses as o')
    .innerJoin('contributions as x', 'x.id', 'o.contribution_id')
    .select([
      'o.id',
      'o.author_user_id',
      'o.body',
      'o.created_at',
      'x.body as contribution_body',
      'x.created_at as contribution_at',
      'x.hidden',
    ])
    .where('o.department_id', '=', departmentId)
    .where('o.created_at', '>=', range.from)
    .where('o.created_at', '<', range.to)
    .orderBy('o.created_at', 'desc')
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    authorUserId: Number(r.author_user_id),
    body: r.body,
    createdAt: Number(r.created_at),
    contributionBody: r.contribution_body,
    contributionAt: Number(r.contribution_at),
    hidden: Number(r.hidden) === 1,
  }));
}

/** The text of some complaints, their rating and the officer's public notes — for anonymised examples only. */
export async function exampleMaterial(db: Db, ids: readonly number[], officerUserId: number) {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('complaints as c')
    .innerJoin('categories as k', 'k.id', 'c.category_id')
    .leftJoin('complaint_ratings as r', 'r.complaint_id', 'c.id')
    .leftJoin('users as ru', 'ru.id', 'c.reporter_user_id')
    .select([
      'c.id',
      'c.privacy',
      'c.description',
      'c.reporter_name',
      'c.reporter_email',
      'c.reporter_phone',
      'k.name_id',
      'k.name_en',
      'r.score',
    ])
    .select(['ru.name as user_name', 'ru.email as user_email', 'ru.phone as user_phone'])
    .where('c.id', 'in', ids as number[])
    .execute();
  const events = await db
    .selectFrom('complaint_events')
    .select(['complaint_id', 'action', 'note', 'at'])
    .where('complaint_id', 'in', ids as number[])
    .where('visibility', '=', 'public')
    .where('action', 'in', ['respond', 'resolve'])
    .where('actor_user_id', '=', officerUserId)
    .orderBy('at')
    .execute();
  return rows.map((r) => {
    const mine = events.filter((e) => Number(e.complaint_id) === Number(r.id));
    return {
      id: Number(r.id),
      privacy: r.privacy,
      description: r.description,
      categoryId: r.name_id,
      categoryEn: r.name_en,
      rating: num(r.score),
      reporter: [r.reporter_name, r.reporter_email, r.reporter_phone, r.user_name, r.user_email, r.user_phone],
      response: mine.find((e) => e.action === 'respond')?.note ?? null,
      resolution: [...mine].reverse().find((e) => e.action === 'resolve')?.note ?? null,
    };
  });
}

const STAGE_ACTIONS = [
  'route',
  'assign',
  'respond',
  'resolve',
  'dispute',
  'transfer',
  'reject',
  'confirm',
  'auto_close',
  'resolution_returned',
];

/** The workflow events that decide who did each stage (attribution.ts), per complaint in time order. */
export async function stageEvents(db: Db, ids: readonly number[]): Promise<Map<number, StageEvent[]>> {
  const out = new Map<number, StageEvent[]>();
  for (let i = 0; i < ids.length; i += 900) {
    const rows = await db
      .selectFrom('complaint_events')
      .select(['complaint_id', 'at', 'action', 'actor_user_id', 'details'])
      .where('complaint_id', 'in', ids.slice(i, i + 900) as number[])
      .where('action', 'in', STAGE_ACTIONS)
      .orderBy('at')
      .orderBy('id')
      .execute();
    for (const r of rows) {
      const id = Number(r.complaint_id);
      const e: StageEvent = { at: Number(r.at), action: r.action, actorUserId: num(r.actor_user_id) };
      if (r.action === 'assign') e.assigneeUserId = num((JSON.parse(r.details || '{}') as { assignee_user_id?: unknown }).assignee_user_id);
      (out.get(id) ?? out.set(id, []).get(id)!).push(e);
    }
  }
  return out;
}

/**
 * Complaints the given officers answered, resolved or were given before `to` that now sit elsewhere
 * (transferred to another department): their stages still count for the officers. Bounded to the year
 * before the period, as no figure of the period reaches further back.
 */
export async function complaintsWorkedOnBy(
  db: Db,
  officerIds: readonly number[],
  range: { from: number; to: number },
  exceptDepartmentId: number,
): Promise<number[]> {
  if (officerIds.length === 0) return [];
  const rows = await db
    .selectFrom('complaint_events as e')
    .innerJoin('complaints as c', 'c.id', 'e.complaint_id')
    .select('e.complaint_id')
    .distinct()
    .where('e.actor_user_id', 'in', officerIds as number[])
    .where('e.action', 'in', ['respond', 'resolve', 'assign'])
    .where('e.at', '>=', range.from - 366 * 86_400_000)
    .where('e.at', '<', range.to)
    .where((eb) => eb.or([eb('c.department_id', '!=', exceptDepartmentId), eb('c.department_id', 'is', null)]))
    .execute();
  return rows.map((r) => Number(r.complaint_id));
}
