// Queries of complaint follows: who follows what, and the addresses an update goes to.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

type Conn = Kysely<Database>;

/** A complaint as the follow button needs it: only public and anonymous ones may be followed. */
export async function findFollowableComplaint(db: Conn, code: string) {
  return db
    .selectFrom('complaints')
    .select(['id', 'code', 'privacy', 'reporter_user_id', 'rejection_reason'])
    .where('code', '=', code)
    .executeTakeFirst();
}

export async function isFollowing(db: Conn, complaintId: number, userId: number): Promise<boolean> {
  const r = await db
    .selectFrom('complaint_follows')
    .select('user_id')
    .where('complaint_id', '=', complaintId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return !!r;
}

/** Idempotent: following twice leaves one row. */
export async function addFollow(db: Conn, complaintId: number, userId: number, now: number): Promise<void> {
  await db
    .insertInto('complaint_follows')
    .values({ complaint_id: complaintId, user_id: userId, created_at: now })
    .onConflict((oc) => oc.columns(['complaint_id', 'user_id']).doNothing())
    .execute();
}

export async function removeFollow(db: Conn, complaintId: number, userId: number): Promise<number> {
  const r = await db
    .deleteFrom('complaint_follows')
    .where('complaint_id', '=', complaintId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** Followers to email about an event: active accounts, not the reporter's own (who is told anyway). */
export async function listFollowersToNotify(db: Conn, complaintId: number, reporterUserId: number | null) {
  let q = db
    .selectFrom('complaint_follows as f')
    .innerJoin('users as u', 'u.id', 'f.user_id')
    .select(['u.id', 'u.email', 'u.locale'])
    .where('f.complaint_id', '=', complaintId)
    .where('u.disabled_at', 'is', null)
    .where('u.erased_at', 'is', null)
    .orderBy('u.id');
  if (reporterUserId !== null) q = q.where('u.id', '!=', reporterUserId);
  return q.execute();
}

export async function followsOfUser(db: Conn, userId: number) {
  return db
    .selectFrom('complaint_follows as f')
    .innerJoin('complaints as c', 'c.id', 'f.complaint_id')
    .select(['c.code', 'f.created_at'])
    .where('f.user_id', '=', userId)
    .orderBy('f.created_at')
    .execute();
}

export async function deleteFollowsOfUser(db: Conn, userId: number): Promise<number> {
  const r = await db.deleteFrom('complaint_follows').where('user_id', '=', userId).executeTakeFirst();
  return Number(r.numDeletedRows);
}
