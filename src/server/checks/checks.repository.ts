// All SQL of the resolution checks: the queue, one check with its complaint, the compare-and-set of a
// decision, the checks behind an officer's evidence, and the category rules.
import type { Transaction } from 'kysely';
import type { Db } from '../db/index.ts';
import type { Database } from '../db/schema.ts';
import type { CheckState } from './checks.tables.ts';

type Conn = Db | Transaction<Database>;
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export async function insertCheck(
  trx: Transaction<Database>,
  v: {
    complaintId: number;
    resolveEventId: number;
    resolverUserId: number;
    departmentId: number | null;
    resolvedAt: number;
    reasons: string;
    sampled: boolean;
  },
) {
  await trx
    .insertInto('resolution_checks')
    .values({
      complaint_id: v.complaintId,
      resolve_event_id: v.resolveEventId,
      resolver_user_id: v.resolverUserId,
      department_id: v.departmentId,
      resolved_at: v.resolvedAt,
      reasons: v.reasons,
      sampled: v.sampled ? 1 : 0,
      created_at: v.resolvedAt,
    })
    .execute();
}

export async function countReportPhotos(db: Conn, complaintId: number): Promise<number> {
  const r = await db
    .selectFrom('complaint_photos')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('complaint_id', '=', complaintId)
    .where('source', 'in', ['report', 'reporter'])
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** Whether the complaint's current resolution still waits for a checker (the resident cannot confirm yet). */
export async function hasPendingCheck(db: Conn, complaintId: number): Promise<boolean> {
  const r = await db
    .selectFrom('resolution_checks')
    .select('id')
    .where('complaint_id', '=', complaintId)
    .where('state', '=', 'pending')
    .executeTakeFirst();
  return r !== undefined;
}

/** Pending checks of complaints still resolved, oldest first (the queue). */
export async function listPending(db: Conn, limit = 100) {
  const rows = await db
    .selectFrom('resolution_checks as k')
    .innerJoin('complaints as c', 'c.id', 'k.complaint_id')
    .innerJoin('categories as cat', 'cat.id', 'c.category_id')
    .innerJoin('complaint_events as e', 'e.id', 'k.resolve_event_id')
    .leftJoin('departments as d', 'd.id', 'k.department_id')
    .leftJoin('users as u', 'u.id', 'k.resolver_user_id')
    .select([
      'k.id',
      'k.version',
      'k.reasons',
      'k.resolved_at',
      'c.code',
      'c.title',
      'c.privacy',
      'cat.name_id',
      'cat.name_en',
      'd.short_name as department',
      'u.name as resolver',
      'e.note',
    ])
    .select((eb) =>
      eb
        .selectFrom('complaint_photos as p')
        .select((x) => x.fn.countAll().as('n'))
        .whereRef('p.complaint_id', '=', 'c.id')
        .where('p.source', '=', 'resolution')
        .as('photos'),
    )
    .where('k.state', '=', 'pending')
    .where('c.state', '=', 'resolved')
    .orderBy('k.resolved_at')
    .orderBy('k.id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    version: Number(r.version),
    reasons: r.reasons.split(' ').filter(Boolean),
    resolvedAt: Number(r.resolved_at),
    code: r.code,
    title: r.title,
    privacy: r.privacy,
    category: { id: r.name_id, en: r.name_en },
    department: r.department,
    resolver: r.resolver,
    note: r.note,
    photos: Number(r.photos ?? 0),
  }));
}
export type PendingCheck = Awaited<ReturnType<typeof listPending>>[number];

export async function findCheck(trx: Conn, id: number) {
  const r = await trx
    .selectFrom('resolution_checks as k')
    .innerJoin('complaint_events as e', 'e.id', 'k.resolve_event_id')
    .select([
      'k.id',
      'k.complaint_id',
      'k.resolve_event_id',
      'k.resolver_user_id',
      'k.department_id',
      'k.state',
      'k.version',
      'k.created_at',
      'e.note',
    ])
    .where('k.id', '=', id)
    .executeTakeFirst();
  return r
    ? {
        id: Number(r.id),
        complaintId: Number(r.complaint_id),
        resolveEventId: Number(r.resolve_event_id),
        resolverUserId: num(r.resolver_user_id),
        departmentId: num(r.department_id),
        state: r.state as CheckState,
        version: Number(r.version),
        createdAt: Number(r.created_at),
        note: r.note,
      }
    : undefined;
}

/** The decision, only while the check is still pending at the version read. */
export async function decideCheck(
  trx: Transaction<Database>,
  id: number,
  version: number,
  v: { state: CheckState; decidedBy: number | null; at: number },
): Promise<boolean> {
  const r = await trx
    .updateTable('resolution_checks')
    .set({ state: v.state, decided_by: v.decidedBy, decided_at: v.at, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .where('state', '=', 'pending')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Pending checks created before `before` (candidates for the automatic acceptance). */
export async function listPendingCreatedBefore(db: Conn, before: number, limit = 500) {
  const rows = await db
    .selectFrom('resolution_checks')
    .select(['id', 'version', 'created_at'])
    .where('state', '=', 'pending')
    .where('created_at', '<', before)
    .orderBy('created_at')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: Number(r.id), version: Number(r.version), createdAt: Number(r.created_at) }));
}

/** Decided checks of resolutions made in [from, to) by some officers (the evidence's "checked" counts). */
export async function checksOfResolutions(db: Conn, range: { from: number; to: number }, officerIds: readonly number[]) {
  if (officerIds.length === 0) return [];
  const rows = await db
    .selectFrom('resolution_checks')
    .select(['complaint_id', 'resolver_user_id', 'state', 'resolved_at'])
    .where('resolver_user_id', 'in', officerIds as number[])
    .where('resolved_at', '>=', range.from)
    .where('resolved_at', '<', range.to)
    .execute();
  return rows.map((r) => ({
    complaintId: Number(r.complaint_id),
    resolverUserId: Number(r.resolver_user_id),
    state: r.state as CheckState,
    resolvedAt: Number(r.resolved_at),
  }));
}

export async function updateCategoryRules(
  trx: Transaction<Database>,
  code: string,
  v: { photoRequired: boolean; distanceM: number | null },
): Promise<boolean> {
  const r = await trx
    .updateTable('categories')
    .set({ resolution_photo_required: v.photoRequired ? 1 : 0, resolution_distance_m: v.distanceM })
    .where('code', '=', code)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function categoryRules(db: Conn, code: string) {
  const r = await db
    .selectFrom('categories')
    .select(['resolution_photo_required', 'resolution_distance_m'])
    .where('code', '=', code)
    .executeTakeFirst();
  return r ? { photoRequired: Number(r.resolution_photo_required) === 1, distanceM: num(r.resolution_distance_m) } : undefined;
}
