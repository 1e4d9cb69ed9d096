// Queries of area alert subscriptions and of the complaints an alert announces.
import type { Insertable, Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { AlertSubscriptionsTable } from './follows.tables.ts';

type Conn = Kysely<Database>;

export async function insertSubscription(db: Conn, row: Insertable<AlertSubscriptionsTable>): Promise<number> {
  const r = await db.insertInto('alert_subscriptions').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function findSubscription(db: Conn, id: number) {
  return db.selectFrom('alert_subscriptions').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Compare-and-set: only a still pending subscription is confirmed (a second click changes nothing). */
export async function confirmSubscription(db: Conn, id: number, nonce: string, now: number): Promise<boolean> {
  const r = await db
    .updateTable('alert_subscriptions')
    .set({ confirmed_at: now, alerted_until: now })
    .where('id', '=', id)
    .where('nonce', '=', nonce)
    .where('confirmed_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function deleteSubscription(db: Conn, id: number, nonce: string): Promise<number> {
  const r = await db.deleteFrom('alert_subscriptions').where('id', '=', id).where('nonce', '=', nonce).executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function deleteSubscriptionOfUser(db: Conn, id: number, userId: number): Promise<number> {
  const r = await db.deleteFrom('alert_subscriptions').where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function subscriptionsOfUser(db: Conn, userId: number) {
  return db.selectFrom('alert_subscriptions').selectAll().where('user_id', '=', userId).orderBy('id').execute();
}

/** Erasure: an account's subscriptions, and any made for its addresses without logging in. */
export async function deleteSubscriptionsOf(db: Conn, userId: number, emails: string[]): Promise<number> {
  let q = db.deleteFrom('alert_subscriptions').where('user_id', '=', userId);
  if (emails.length)
    q = db.deleteFrom('alert_subscriptions').where((eb) =>
      eb.or([
        eb('user_id', '=', userId),
        eb(
          'email',
          'in',
          emails.map((e) => e.toLowerCase()),
        ),
      ]),
    );
  const r = await q.executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** Pending subscriptions never confirmed: the address was perhaps typed by someone else; drop them. */
export async function deleteUnconfirmedBefore(db: Conn, cutoff: number): Promise<number> {
  const r = await db
    .deleteFrom('alert_subscriptions')
    .where('confirmed_at', 'is', null)
    .where('created_at', '<', cutoff)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function confirmedSubscriptions(db: Conn, limit: number) {
  return db.selectFrom('alert_subscriptions').selectAll().where('confirmed_at', 'is not', null).orderBy('id').limit(limit).execute();
}

/**
 * Complaints made public (verified and routed) in (from, to] that match the subscription: never
 * confidential, never spam; no reporter column is selected.
 */
export async function newComplaintsFor(
  db: Conn,
  s: { kecamatan_code: string | null; kelurahan_code: string | null; category_code: string | null },
  from: number,
  to: number,
  limit: number,
) {
  let q = db
    .selectFrom('complaints as c')
    .innerJoin('categories as cat', 'cat.id', 'c.category_id')
    .innerJoin('areas as kec', 'kec.code', 'c.kecamatan_code')
    .select([
      'c.code',
      'c.title',
      'cat.name_id as category_name_id',
      'cat.name_en as category_name_en',
      'kec.common_name as kecamatan_name',
    ])
    .where('c.privacy', '!=', 'confidential')
    .where('c.assigned_at', '>', from)
    .where('c.assigned_at', '<=', to)
    .where((eb) => eb.or([eb('c.rejection_reason', 'is', null), eb('c.rejection_reason', '!=', 'spam')]));
  if (s.kecamatan_code) q = q.where('c.kecamatan_code', '=', s.kecamatan_code);
  if (s.kelurahan_code) q = q.where('c.kelurahan_code', '=', s.kelurahan_code);
  if (s.category_code) q = q.where('cat.code', '=', s.category_code);
  return q.orderBy('c.assigned_at').orderBy('c.id').limit(limit).execute();
}

/** Moves the window's end, compare-and-set on the end this run read (two runs never both send). */
export async function advanceAlertWindow(trx: Transaction<Database>, id: number, from: number, to: number): Promise<boolean> {
  const r = await trx
    .updateTable('alert_subscriptions')
    .set({ alerted_until: to })
    .where('id', '=', id)
    .where('alerted_until', '=', from)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}
