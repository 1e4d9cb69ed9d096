// Delivers the outbox by SMTP: leases a batch (safe with several app servers), sends, marks sent,
// or backs off and retries. A message is sent by one server only; should a server die between the
// SMTP hand-off and marking it sent, its lease expires and the message goes again with the same
// Message-ID, so receiving servers can recognise the duplicate.
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import nodemailer, { type Transporter } from 'nodemailer';
import { dbKind } from '../db/index.ts';
import type { Database } from '../db/schema.ts';
import { textToSend } from './outbox.ts';

export const MAX_ATTEMPTS = 8;
const LEASE_MS = 2 * 60_000;

export interface DeliveryResult {
  sent: number;
  retried: number;
  failed: number;
}

export interface Mailer {
  send(m: { id: number; to: string; subject: string; text: string; locale: string }): Promise<void>;
}

export function smtpMailer(smtpUrl: string, from: string, host = 'suara-warga.local'): Mailer & { transport: Transporter } {
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    transport,
    async send(m) {
      await transport.sendMail({
        from,
        to: m.to,
        subject: m.subject,
        text: m.text,
        messageId: `<outbox-${m.id}@${host}>`,
        headers: { 'Content-Language': m.locale },
      });
    },
  };
}

/** Seconds to wait before the next attempt: 30 s, 1 min, 2 min … capped at 1 hour. */
export function backoffMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 60 * 60_000);
}

/** SMTP errors quote addresses back; keep them out of the stored error. */
export function scrubError(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.replace(/[^\s<>@"]+@[^\s<>@"]+/g, '[address]').slice(0, 500);
}

/** Leases up to `limit` due messages for `owner`; returns them. */
export async function leaseBatch(db: Kysely<Database>, owner: string, now: Date, limit = 20) {
  const t = now.getTime();
  return db.transaction().execute(async (trx: Transaction<Database>) => {
    let due = trx
      .selectFrom('outbox')
      .select('id')
      .where('sent_at', 'is', null)
      .where('failed_at', 'is', null)
      .where('available_at', '<=', t)
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', t)]))
      .orderBy('id')
      .limit(limit);
    if (dbKind(db) === 'postgres') due = due.forUpdate().skipLocked();
    const ids = (await due.execute()).map((r) => r.id);
    if (!ids.length) return [];
    return trx
      .updateTable('outbox')
      .set({ lease_owner: owner, lease_until: t + LEASE_MS })
      .where('id', 'in', ids)
      // Re-checked against the row as it is now, so two servers never both win a message.
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', t)]))
      .where('sent_at', 'is', null)
      .returning(['id', 'recipient', 'subject', 'body_text', 'secret_link', 'locale', 'attempts'])
      .execute();
  });
}

/** One delivery round: lease, send, record. */
export async function deliverOutbox(db: Kysely<Database>, mailer: Mailer, opts: { now?: Date; owner?: string; limit?: number } = {}): Promise<DeliveryResult> {
  const now = opts.now ?? new Date();
  const owner = opts.owner ?? randomUUID();
  const batch = await leaseBatch(db, owner, now, opts.limit);
  const result: DeliveryResult = { sent: 0, retried: 0, failed: 0 };
  for (const m of batch) {
    try {
      await mailer.send({ id: m.id, to: m.recipient, subject: m.subject, text: textToSend(m.body_text, m.secret_link), locale: m.locale });
      await db
        .updateTable('outbox')
        // The secret link has been handed over: it is not kept.
        .set({ sent_at: now.getTime(), lease_owner: null, lease_until: null, attempts: m.attempts + 1, secret_link: null })
        .where('id', '=', m.id)
        .where('lease_owner', '=', owner)
        .execute();
      result.sent += 1;
    } catch (e) {
      const attempts = m.attempts + 1;
      const giveUp = attempts >= MAX_ATTEMPTS;
      await db
        .updateTable('outbox')
        .set({
          attempts,
          last_error: scrubError(e),
          lease_owner: null,
          lease_until: null,
          available_at: now.getTime() + backoffMs(attempts),
          failed_at: giveUp ? now.getTime() : null,
          ...(giveUp ? { secret_link: null } : {}),
        })
        .where('id', '=', m.id)
        .where('lease_owner', '=', owner)
        .execute();
      if (giveUp) result.failed += 1;
      else result.retried += 1;
    }
  }
  return result;
}

/** Messages for reading (the admin view): every column except the secret link. */
export async function listOutbox(db: Kysely<Database>, opts: { state?: 'pending' | 'sent' | 'failed'; limit?: number; offset?: number } = {}) {
  let q = db
    .selectFrom('outbox')
    .select(['id', 'recipient', 'locale', 'subject', 'body_text', 'topic', 'created_at', 'available_at', 'attempts', 'last_error', 'sent_at', 'failed_at'])
    .orderBy('id', 'desc');
  if (opts.state === 'pending') q = q.where('sent_at', 'is', null).where('failed_at', 'is', null);
  if (opts.state === 'sent') q = q.where('sent_at', 'is not', null);
  if (opts.state === 'failed') q = q.where('failed_at', 'is not', null);
  return q.limit(opts.limit ?? 50).offset(opts.offset ?? 0).execute();
}
