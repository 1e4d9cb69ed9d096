// Queries of the WhatsApp channel: message ids seen, conversations (compare-and-set on their version),
// the customer-service window, and the reporter check of "status KODE".
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';

type Conn = Kysely<Database> | Transaction<Database>;

/** Records a message id; false when it was already there (a repeated delivery). */
export async function claimMessage(db: Conn, messageId: string, senderHash: string, now: number): Promise<boolean> {
  const r = await db
    .insertInto('whatsapp_seen_messages')
    .values({ message_id: messageId, sender_hash: senderHash, received_at: now })
    .onConflict((oc) => oc.column('message_id').doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0n) > 0;
}

/** Gives a claimed message id back, so the Cloud API's retry of a delivery that failed here is handled. */
export async function releaseMessage(db: Conn, messageId: string): Promise<void> {
  await db.deleteFrom('whatsapp_seen_messages').where('message_id', '=', messageId).execute();
}

/** When this sender last wrote to us (epoch ms), or null: the 24-hour customer-service window starts there. */
export async function lastInboundAt(db: Conn, senderHash: string): Promise<number | null> {
  const r = await db
    .selectFrom('whatsapp_seen_messages')
    .select((eb) => eb.fn.max('received_at').as('last'))
    .where('sender_hash', '=', senderHash)
    .executeTakeFirst();
  return r?.last === null || r?.last === undefined ? null : Number(r.last);
}

export async function pruneSeenMessages(db: Conn, before: number): Promise<number> {
  const r = await db.deleteFrom('whatsapp_seen_messages').where('received_at', '<', before).executeTakeFirst();
  return Number(r.numDeletedRows);
}

export type ConversationRow = NonNullable<Awaited<ReturnType<typeof findConversation>>>;

/** The sender's conversation, unless it has expired. */
export async function findConversation(db: Conn, senderHash: string, now: number) {
  return db
    .selectFrom('whatsapp_conversations')
    .selectAll()
    .where('sender_hash', '=', senderHash)
    .where('expires_at', '>', now)
    .executeTakeFirst();
}

/** Starts a conversation, replacing an expired one; false when a live one appeared meanwhile. */
export async function startConversation(
  trx: Transaction<Database>,
  row: { sender_hash: string; state: string; locale: string; data: string; form_id: string; now: number; expires_at: number },
): Promise<boolean> {
  // An expired conversation the job has not reached yet goes now, with the replies that quoted it.
  const stale = await trx
    .selectFrom('whatsapp_conversations')
    .select('form_id')
    .where('sender_hash', '=', row.sender_hash)
    .where('expires_at', '<=', row.now)
    .executeTakeFirst();
  if (stale) {
    await trx.deleteFrom('outbox').where('channel', '=', 'whatsapp').where('topic', '=', `whatsapp.reply:${stale.form_id}`).execute();
    await trx.deleteFrom('whatsapp_conversations').where('sender_hash', '=', row.sender_hash).where('expires_at', '<=', row.now).execute();
  }
  const r = await trx
    .insertInto('whatsapp_conversations')
    .values({
      sender_hash: row.sender_hash,
      state: row.state,
      locale: row.locale,
      data: row.data,
      form_id: row.form_id,
      version: 0,
      created_at: row.now,
      updated_at: row.now,
      expires_at: row.expires_at,
    })
    .onConflict((oc) => oc.column('sender_hash').doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0n) > 0;
}

/** Moves a conversation on, only if it is still at the version read. */
export async function updateConversationAtVersion(
  trx: Transaction<Database>,
  senderHash: string,
  version: number,
  set: { state: string; locale: string; data: string; now: number; expires_at: number },
): Promise<boolean> {
  const r = await trx
    .updateTable('whatsapp_conversations')
    .set({ state: set.state, locale: set.locale, data: set.data, updated_at: set.now, expires_at: set.expires_at, version: version + 1 })
    .where('sender_hash', '=', senderHash)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Ends a conversation (filed or cancelled), only if it is still at the version read. */
export async function deleteConversationAtVersion(trx: Transaction<Database>, senderHash: string, version: number): Promise<boolean> {
  const r = await trx
    .deleteFrom('whatsapp_conversations')
    .where('sender_hash', '=', senderHash)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** Expired conversations, with their form ids (their pending photos are removed with them). */
export async function listExpiredConversations(db: Conn, now: number, limit: number) {
  return db
    .selectFrom('whatsapp_conversations')
    .select(['sender_hash', 'form_id', 'version'])
    .where('expires_at', '<=', now)
    .limit(limit)
    .execute();
}

export async function deleteExpiredConversation(db: Conn, senderHash: string, version: number, now: number): Promise<boolean> {
  const r = await db
    .deleteFrom('whatsapp_conversations')
    .where('sender_hash', '=', senderHash)
    .where('version', '=', version)
    .where('expires_at', '<=', now)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** Moves a conversation's replies in the outbox to another topic (the filed complaint's). */
export async function retagReplies(trx: Conn, fromTopic: string, toTopic: string): Promise<void> {
  await trx.updateTable('outbox').set({ topic: toTopic }).where('channel', '=', 'whatsapp').where('topic', '=', fromTopic).execute();
}

/** Deletes a conversation's replies from the outbox, sent or not (they quote what the resident typed). */
export async function deleteReplies(trx: Conn, topic: string): Promise<number> {
  const r = await trx.deleteFrom('outbox').where('channel', '=', 'whatsapp').where('topic', '=', topic).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** Sent or given-up replies tied to no complaint (status answers, notices of cancelling, of an ended conversation or of the rate limit). */
export async function deleteLooseReplies(db: Conn, before: number): Promise<number> {
  const r = await db
    .deleteFrom('outbox')
    .where('channel', '=', 'whatsapp')
    .where((eb) =>
      eb.or([
        eb('topic', 'in', ['whatsapp.reply:cancelled', 'whatsapp.reply:rate_limited', 'whatsapp.reply:ended']),
        eb('topic', 'like', 'whatsapp.reply:status:%'),
      ]),
    )
    .where('created_at', '<', before)
    .where((eb) => eb.or([eb('sent_at', 'is not', null), eb('failed_at', 'is not', null)]))
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** The complaint's reporter number and channel, for "status KODE" and for notices. */
export async function findComplaintContact(db: Conn, code: string) {
  return db
    .selectFrom('complaints')
    .select(['code', 'channel', 'reporter_phone', 'reporter_locale'])
    .where('code', '=', code)
    .executeTakeFirst();
}
