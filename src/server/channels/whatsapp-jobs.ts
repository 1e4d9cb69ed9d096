// Periodic work of the WhatsApp channel: delivering its outbox messages (with the outbox's leases and
// retries), deleting conversations left idle (and the photos they collected), and forgetting message
// ids after a week (the Cloud API retries a delivery for up to 7 days).
import type { Kysely } from 'kysely';
import type { WhatsappConfig } from '../config.ts';
import type { Database } from '../db/schema.ts';
import { deliverOutbox, type DeliveryResult } from '../notifications/delivery.ts';
import { discardStaged, pendingPhotos } from '../complaints/photo-files.ts';
import { whatsappSender } from './whatsapp-outbox.ts';
import { deleteExpiredConversation, listExpiredConversations, pruneSeenMessages } from './whatsapp.repository.ts';

export const SEEN_KEEP_MS = 7 * 24 * 60 * 60 * 1000;

/** One delivery round of the whatsapp channel, one message at a time so a conversation's replies keep their order. */
export async function deliverWhatsappReplies(db: Kysely<Database>, cfg: WhatsappConfig, now = new Date(), limit = 20): Promise<DeliveryResult> {
  return deliverOutbox(db, whatsappSender(db, cfg), { now, channel: 'whatsapp', concurrency: 1, limit });
}

export async function expireConversations(db: Kysely<Database>, now: Date, uploadDir: string): Promise<{ expired: number; seenPruned: number }> {
  let expired = 0;
  for (const c of await listExpiredConversations(db, now.getTime(), 500)) {
    if (!(await deleteExpiredConversation(db, c.sender_hash, c.version, now.getTime()))) continue;
    expired += 1;
    await discardStaged(uploadDir, await pendingPhotos(uploadDir, c.form_id));
  }
  const seenPruned = await pruneSeenMessages(db, now.getTime() - SEEN_KEEP_MS);
  return { expired, seenPruned };
}
