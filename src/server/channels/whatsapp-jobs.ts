// Periodic work of the WhatsApp channel: delivering its outbox messages (with the outbox's leases and
// retries), deleting conversations left idle (and the photos they collected), and forgetting message
// ids after a week (the Cloud API retries a delivery for up to 7 days).
import type { Kysely } from 'kysely';
import type { WhatsappConfig } from '../config.ts';
import type { Database } from '../db/schema.ts';
import { deliverOutbox, type DeliveryResult } from '../notifications/delivery.ts';
import { discardStaged, pendingPhotos } from '../complaints/photo-files.ts';
import { whatsappSender } from './whatsapp-outbox.ts';
import {
  deleteExpiredConversation,
  deleteLooseReplies,
  deleteReplies,
  listExpiredConversations,
  pruneSeenMessages,
} from './whatsapp.repository.ts';

export const SEEN_KEEP_MS = 7 * 24 * 60 * 60 * 1000;

/** One delivery round of the whatsapp channel, one message at a time so a conversation's replies keep their order. */
export async function deliverWhatsappReplies(
  db: Kysely<Database>,
  cfg: WhatsappConfig,
  now = new Date(),
  limit = 20,
): Promise<DeliveryResult> {
  return deliverOutbox(db, whatsappSender(db, cfg), { now, channel: 'whatsapp', concurrency: 1, limit });
}

/**
 * Idle conversations deleted with their photos and the replies that quoted them; message ids, and
 * replies tied to no complaint, forgotten after SEEN_KEEP_MS.
 */
export async function expireConversations(
  db: Kysely<Database>,
  now: Date,
  uploadDir: string,
): Promise<{ expired: number; seenPruned: number; repliesPruned: number }> {
  let expired = 0;
  for (const c of await listExpiredConversations(db, now.getTime(), 500)) {
    const gone = await db.transaction().execute(async (trx) => {
      if (!(await deleteExpiredConversation(trx, c.sender_hash, c.version, now.getTime()))) return false;
      await deleteReplies(trx, `whatsapp.reply:${c.form_id}`);
      return true;
    });
    if (!gone) continue;
    expired += 1;
    await discardStaged(uploadDir, await pendingPhotos(uploadDir, c.form_id));
  }
  const before = now.getTime() - SEEN_KEEP_MS;
  const seenPruned = await pruneSeenMessages(db, before);
  const repliesPruned = await deleteLooseReplies(db, before);
  return { expired, seenPruned, repliesPruned };
}
