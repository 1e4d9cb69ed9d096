// Queries of supporters ("Dukung") and of the nearby-complaint search shown while filing.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { OPEN_STATES } from '../complaints/complaint-states.ts';

type Conn = Kysely<Database>;
type Trx = Transaction<Database>;

/** A complaint as the support command needs it. */
export async function findSupportTarget(db: Conn, code: string) {
  return db
    .selectFrom('complaints')
    .select(['id', 'code', 'state', 'privacy', 'rejection_reason', 'reporter_user_id'])
    .where('code', '=', code)
    .executeTakeFirst();
}

/**
 * Takes the complaint's row lock while it is still open, changing nothing (not even the version, so no
 * staff form goes stale): a merge that commits first makes this match nothing, and a merge that comes
 * later waits for this transaction and then copies the supporter it wrote. SQLite serialises writers.
 */
export async function holdOpenComplaint(trx: Trx, id: number): Promise<boolean> {
  const r = await trx
    .updateTable('complaints')
    .set((eb) => ({ updated_at: eb.ref('updated_at') }))
    .where('id', '=', id)
    .where('state', 'in', OPEN_STATES)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Idempotent: the unique (complaint, key) keeps one row; true when this call added it. */
export async function addSupporter(
  db: Conn,
  row: { complaintId: number; key: string; userId: number | null; viaComplaintId?: number | null; now: number },
): Promise<boolean> {
  const r = await db
    .insertInto('complaint_supporters')
    .values({
      complaint_id: row.complaintId,
      supporter_key: row.key,
      user_id: row.userId,
      via_complaint_id: row.viaComplaintId ?? null,
      created_at: row.now,
    })
    .onConflict((oc) => oc.columns(['complaint_id', 'supporter_key']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0n) === 1;
}

export async function hasSupporter(db: Conn, complaintId: number, key: string): Promise<boolean> {
  const r = await db
    .selectFrom('complaint_supporters')
    .select('id')
    .where('complaint_id', '=', complaintId)
    .where('supporter_key', '=', key)
    .executeTakeFirst();
  return !!r;
}

export async function countSupporters(db: Conn, complaintId: number): Promise<number> {
  const r = await db
    .selectFrom('complaint_supporters')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('complaint_id', '=', complaintId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Supporter counts of several complaints by code (a list page): codes without supporters are absent. */
export async function countSupportersByCode(db: Conn, codes: string[]): Promise<Map<string, number>> {
  if (codes.length === 0) return new Map();
  const rows = await db
    .selectFrom('complaint_supporters as s')
    .innerJoin('complaints as c', 'c.id', 's.complaint_id')
    .select(['c.code', (eb) => eb.fn.countAll<number>().as('n')])
    .where('c.code', 'in', codes)
    .groupBy('c.code')
    .execute();
  return new Map(rows.map((r) => [r.code, Number(r.n)]));
}

/** Copies the duplicate's supporters to the original (one row per key), except the original's reporter. */
export async function carrySupporters(trx: Trx, fromId: number, toId: number, exceptKey: string | null): Promise<number> {
  let select = trx
    .selectFrom('complaint_supporters')
    .select([sql.lit(toId).as('complaint_id'), 'supporter_key', 'user_id', sql.lit(fromId).as('via_complaint_id'), 'created_at'])
    .where('complaint_id', '=', fromId);
  if (exceptKey) select = select.where('supporter_key', '!=', exceptKey);
  const r = await trx
    .insertInto('complaint_supporters')
    .columns(['complaint_id', 'supporter_key', 'user_id', 'via_complaint_id', 'created_at'])
    .expression(select)
    .onConflict((oc) => oc.columns(['complaint_id', 'supporter_key']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0n);
}

/** Copies the duplicate's followers to the original (one row per account), except the original's reporter. */
export async function carryFollowers(trx: Trx, fromId: number, toId: number, exceptUserId: number | null, now: number): Promise<number> {
  let select = trx
    .selectFrom('complaint_follows')
    .select([sql.lit(toId).as('complaint_id'), 'user_id', sql.lit(now).as('created_at')])
    .where('complaint_id', '=', fromId);
  if (exceptUserId !== null) select = select.where('user_id', '!=', exceptUserId);
  const r = await trx
    .insertInto('complaint_follows')
    .columns(['complaint_id', 'user_id', 'created_at'])
    .expression(select)
    .onConflict((oc) => oc.columns(['complaint_id', 'user_id']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0n);
}

export interface NearbyQuery {
  categoryCode: string;
  kelurahanCode: string | null;
  /** Latitude/longitude bounding box around the given point, when one was given. */
  box: { minLat: number; maxLat: number; minLon: number; maxLon: number } | null;
  since: number;
  limit: number;
}

/**
 * Candidates for "similar complaints nearby": open, public or anonymous (never confidential), of the
 * category, filed since `since`, in the kelurahan or inside the box (the exact distance is the caller's).
 * Only fields the public list shows are selected: no reporter data.
 */
export async function listNearbyCandidates(db: Conn, q: NearbyQuery) {
  if (!q.kelurahanCode && !q.box) return [];
  return db
    .selectFrom('complaints as c')
    .innerJoin('categories as cat', 'cat.id', 'c.category_id')
    .innerJoin('areas as kec', 'kec.code', 'c.kecamatan_code')
    .leftJoin('areas as kel', 'kel.code', 'c.kelurahan_code')
    .select([
      'c.id',
      'c.code',
      'c.title',
      'c.state',
      'c.submitted_at',
      'c.kelurahan_code',
      'c.latitude',
      'c.longitude',
      'kec.common_name as kecamatan_name',
      'kel.common_name as kelurahan_name',
    ])
    .where('cat.code', '=', q.categoryCode)
    .where('c.state', 'in', OPEN_STATES)
    .where('c.privacy', '!=', 'confidential')
    .where('c.submitted_at', '>=', q.since)
    .where((eb) => {
      const near = [];
      if (q.kelurahanCode) near.push(eb('c.kelurahan_code', '=', q.kelurahanCode));
      if (q.box) {
        const b = q.box;
        near.push(
          eb.and([
            eb('c.latitude', '>=', b.minLat),
            eb('c.latitude', '<=', b.maxLat),
            eb('c.longitude', '>=', b.minLon),
            eb('c.longitude', '<=', b.maxLon),
          ]),
        );
      }
      return eb.or(near);
    })
    .orderBy('c.submitted_at', 'desc')
    .orderBy('c.id', 'desc')
    .limit(q.limit)
    .execute();
}
