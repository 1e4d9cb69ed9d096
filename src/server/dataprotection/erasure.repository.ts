// Every query of erasure and retention: one group per domain (complaints, consultations, accounts,
// outbox), each touching only rows that still hold what it removes, so a second run changes nothing.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { PLACEHOLDER, scrubText } from './scrub.ts';

type Conn = Kysely<Database>;
type Trx = Transaction<Database>;

/**
 * Free text that belongs to a complaint and may carry the reporter's words: scrubbed on erasure.
 * test/integration/personal-data-map.test.ts fails on any text column of the schema not classified.
 */
export const COMPLAINT_TEXT: { table: string; key: string; id: string; columns: string[] }[] = [
  { table: 'complaints', key: 'id', id: 'id', columns: ['title', 'description', 'address'] },
  { table: 'complaint_events', key: 'complaint_id', id: 'id', columns: ['note'] },
  // The rating's score stays (CSAT); the comment is the reporter's own words.
  { table: 'complaint_ratings', key: 'complaint_id', id: 'complaint_id', columns: ['comment'] },
  // Staff's words about the complaint when another department helped.
  { table: 'support_requests', key: 'complaint_id', id: 'id', columns: ['task', 'reason', 'note'] },
];

/** Free text written by a user in the consultations domain. */
export const USER_TEXT: { table: string; key: string; id: string; columns: string[] }[] = [
  { table: 'contributions', key: 'author_user_id', id: 'id', columns: ['body'] },
];

/** Rewrites the listed text columns of rows where `key` is one of `keys`; returns rows changed. */
export async function scrubRows(
  trx: Trx,
  spec: { table: string; key: string; id: string; columns: string[] },
  keys: number[],
  identifiers: string[],
): Promise<number> {
  if (keys.length === 0 || identifiers.length === 0) return 0;
  const db = trx as unknown as Kysely<any>;
  const rows: Record<string, unknown>[] = await db
    .selectFrom(spec.table)
    .select([spec.id, ...spec.columns])
    .where(spec.key, 'in', keys)
    .execute();
  let changed = 0;
  for (const row of rows) {
    const set: Record<string, string> = {};
    for (const c of spec.columns) {
      const v = row[c];
      if (typeof v !== 'string') continue;
      const s = scrubText(v, identifiers);
      if (s !== v) set[c] = s;
    }
    if (Object.keys(set).length === 0) continue;
    await db.updateTable(spec.table).set(set).where(spec.id, '=', row[spec.id]).execute();
    changed += 1;
  }
  return changed;
}

// --- complaints ---

export async function complaintsOfReporter(db: Conn, userId: number) {
  return db
    .selectFrom('complaints')
    .select(['id', 'code', 'reporter_name', 'reporter_email', 'reporter_phone'])
    .where('reporter_user_id', '=', userId)
    .orderBy('id')
    .execute();
}

export async function complaintContact(db: Conn, code: string) {
  return db
    .selectFrom('complaints')
    .select(['id', 'code', 'access_key_hash', 'reporter_name', 'reporter_email', 'reporter_phone', 'reporter_user_id'])
    .where('code', '=', code)
    .executeTakeFirst();
}

/** Removes the contact data of one complaint; 0 when there was none left. */
export async function clearComplaintContact(trx: Trx, complaintId: number): Promise<number> {
  const r = await trx
    .updateTable('complaints')
    .set({ reporter_name: null, reporter_email: null, reporter_phone: null, show_name: 0 })
    .where('id', '=', complaintId)
    .where((eb) =>
      eb.or([
        eb('reporter_name', 'is not', null),
        eb('reporter_email', 'is not', null),
        eb('reporter_phone', 'is not', null),
        eb('show_name', '=', 1),
      ]),
    )
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Closed or rejected complaints, finished before `cutoff`, that still hold contact data. */
export async function complaintsWithContactFinishedBefore(db: Conn, cutoff: number, limit: number) {
  return db
    .selectFrom('complaints')
    .select(['id', 'code', 'reporter_name', 'reporter_email', 'reporter_phone'])
    .where((eb) =>
      eb.or([
        eb.and([eb('state', '=', 'closed'), eb('closed_at', '<', cutoff)]),
        eb.and([eb('state', '=', 'rejected'), eb('rejected_at', '<', cutoff)]),
      ]),
    )
    .where((eb) => eb.or([eb('reporter_name', 'is not', null), eb('reporter_email', 'is not', null), eb('reporter_phone', 'is not', null)]))
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** Photos of complaints closed or rejected before `cutoff`. */
export async function photosFinishedBefore(db: Conn, cutoff: number, limit: number) {
  return db
    .selectFrom('complaint_photos as p')
    .innerJoin('complaints as c', 'c.id', 'p.complaint_id')
    .select(['p.id', 'p.file_name', 'c.code'])
    .where((eb) =>
      eb.or([
        eb.and([eb('c.state', '=', 'closed'), eb('c.closed_at', '<', cutoff)]),
        eb.and([eb('c.state', '=', 'rejected'), eb('c.rejected_at', '<', cutoff)]),
      ]),
    )
    .orderBy('p.id')
    .limit(limit)
    .execute();
}

/** Deletes one photo row; true only for the server whose delete removed it. */
export async function deletePhotoRow(db: Conn, id: number): Promise<boolean> {
  const r = await db.deleteFrom('complaint_photos').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

// --- consultations ---

export async function deleteFollows(trx: Trx, userId: number): Promise<number> {
  const r = await trx.deleteFrom('consultation_follows').where('user_id', '=', userId).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** Official responses to the user's contributions (staff may have addressed them by name). */
export async function responsesToUser(trx: Trx, userId: number): Promise<number[]> {
  const rows = await trx
    .selectFrom('official_responses as r')
    .innerJoin('contributions as c', 'c.id', 'r.contribution_id')
    .select('r.id')
    .where('c.author_user_id', '=', userId)
    .execute();
  return rows.map((r) => r.id);
}

// --- accounts ---

export async function findAccount(db: Conn, userId: number) {
  return db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
}

/** Closes and anonymises the account row; the id stays so the public record keeps its shape. */
export async function anonymiseAccount(trx: Trx, userId: number, unusableHash: string, now: number): Promise<void> {
  await trx
    .updateTable('users')
    .set({
      email: `erased-${userId}@erased.invalid`,
      name: PLACEHOLDER,
      phone: null,
      organisation: null,
      jabatan: null,
      nip: null,
      password_hash: unusableHash,
      disabled_at: now,
      erased_at: now,
      updated_at: now,
    })
    .where('id', '=', userId)
    .execute();
  await trx.deleteFrom('sessions').where('user_id', '=', userId).execute();
  await trx.deleteFrom('password_resets').where('user_id', '=', userId).execute();
}

// --- outbox ---

/** Unsent mail to these addresses is dropped; sent mail keeps its row but loses the recipient and names. */
export async function scrubOutbox(
  trx: Trx,
  emails: string[],
  identifiers: string[],
  topicFilter?: string,
): Promise<{ removed: number; scrubbed: number }> {
  if (emails.length === 0) return { removed: 0, scrubbed: 0 };
  const lower = emails.map((e) => e.toLowerCase());
  let q = trx.selectFrom('outbox').select(['id', 'recipient', 'subject', 'body_text', 'sent_at', 'failed_at', 'topic']);
  q = q.where((eb) => eb(eb.fn('lower', ['recipient']), 'in', lower));
  if (topicFilter) q = q.where('topic', 'like', `%${topicFilter}%`);
  const rows = await q.execute();
  let removed = 0;
  let scrubbed = 0;
  for (const r of rows) {
    if (r.sent_at === null) {
      await trx.deleteFrom('outbox').where('id', '=', r.id).execute();
      removed += 1;
    } else {
      await trx
        .updateTable('outbox')
        .set({
          recipient: 'erased@erased.invalid',
          subject: scrubText(r.subject, identifiers),
          body_text: scrubText(r.body_text, identifiers),
        })
        .where('id', '=', r.id)
        .execute();
      scrubbed += 1;
    }
  }
  return { removed, scrubbed };
}
