// Delivers the outbox by SMTP: leases one message at a time (safe with several app servers), sends a
// few at once, marks sent, or backs off and retries. A message is sent by one server only: every SMTP
// wait is bounded and the whole send is cut off before its lease can run out (deliveryTimings). Should
// a server die between the SMTP hand-off and marking it sent, its lease expires and the message goes
// again with the same Message-ID, so receiving servers can recognise the duplicate (at least once).
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import nodemailer, { type Transporter } from 'nodemailer';
import { dbKind } from '../db/index.ts';
import type { Database } from '../db/schema.ts';
import { textToSend } from './outbox.ts';

export const MAX_ATTEMPTS = 8;
/** Messages one server sends at once: a slow one holds its own slot, not the round. */
export const DELIVERY_CONCURRENCY = 4;
/** SMTP_TIMEOUT_SECONDS' default, for mailers that do not say. */
export const DEFAULT_SMTP_TIMEOUT_MS = 10_000;

export interface DeliveryTimings {
  /** nodemailer's connectionTimeout, greetingTimeout and socketTimeout: the longest single wait. */
  waitMs: number;
  /** The whole SMTP conversation of one message is aborted after this (connect, greeting, one slow reply). */
  sendDeadlineMs: number;
  /** A message's lease: the longest send plus one more wait to record its outcome. */
  leaseMs: number;
}

/**
 * The one place the SMTP timeouts and the message lease are related: the lease outlasts the longest
 * send, so no other server takes a message while it may still be going out.
 */
export function deliveryTimings(waitMs: number): DeliveryTimings {
  if (!(waitMs > 0 && Number.isFinite(waitMs))) throw new Error(`SMTP timeout must be a positive number of ms, not ${waitMs}`);
  const sendDeadlineMs = 3 * waitMs;
  return { waitMs, sendDeadlineMs, leaseMs: sendDeadlineMs + waitMs };
}

export interface DeliveryResult {
  sent: number;
  retried: number;
  failed: number;
}

export interface Mailer {
  /** Sends one message; must give up (reject) once `signal` aborts, or a lease could run out mid-send. */
  send(m: { id: number; to: string; subject: string; text: string; locale: string }, signal?: AbortSignal): Promise<void>;
  /** The mailer's longest single wait (see deliveryTimings). */
  readonly timeoutMs?: number;
}

export function smtpMailer(
  smtpUrl: string,
  from: string,
  host = 'suara-warga.local',
  timeoutMs = DEFAULT_SMTP_TIMEOUT_MS,
): Mailer & { transport: Transporter } {
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    // nodemailer's defaults (2 min to connect, 10 min of silence) outlast any lease.
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    dnsTimeout: timeoutMs,
    // An aborted send drops the connection at once: a message cut off mid-DATA is never accepted.
    socketCloseTimeout: 0,
  });
  return {
    transport,
    timeoutMs,
    async send(m, signal) {
      await transport.sendMail({
        from,
        to: m.to,
        subject: m.subject,
        text: m.text,
        messageId: `<outbox-${m.id}@${host}>`,
        headers: { 'Content-Language': m.locale },
        signal,
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

export type OutboxChannel = 'email' | 'whatsapp';

/** Leases up to `limit` due messages of one channel for `owner` for `leaseMs`; returns them. */
export async function leaseBatch(
  db: Kysely<Database>,
  owner: string,
  now: Date,
  limit = 20,
  leaseMs = deliveryTimings(DEFAULT_SMTP_TIMEOUT_MS).leaseMs,
  channel: OutboxChannel = 'email',
) {
  const t = now.getTime();
  return db.transaction().execute(async (trx: Transaction<Database>) => {
    let due = trx
      .selectFrom('outbox')
      .select('id')
      .where('channel', '=', channel)
      .where('sent_at', 'is', null)
      .where('failed_at', 'is', null)
      .where('available_at', '<=', t)
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', t)]))
      .orderBy('id')
      .limit(limit);
    if (dbKind(db) === 'postgres') due = due.forUpdate().skipLocked();
    const ids = (await due.execute()).map((r) => r.id);
    if (!ids.length) return [];
    return (
      trx
        .updateTable('outbox')
        .set({ lease_owner: owner, lease_until: t + leaseMs })
        .where('id', 'in', ids)
        // Re-checked against the row as it is now, so two servers never both win a message.
        .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', t)]))
        .where('sent_at', 'is', null)
        .returning(['id', 'recipient', 'subject', 'body_text', 'secret_link', 'locale', 'attempts'])
        .execute()
    );
  });
}

/**
 * One delivery round: up to `limit` messages, DELIVERY_CONCURRENCY at a time, each leased just before
 * it is sent, so a server that dies holds only the few it was sending. `now` is the round's start
 * (tests move it); leases add the time passed during the round to it.
 */
export async function deliverOutbox(
  db: Kysely<Database>,
  mailer: Mailer,
  // channel: whose messages this mailer sends (email unless told); concurrency 1 keeps a conversation's replies in order.
  opts: { now?: Date; owner?: string; limit?: number; channel?: OutboxChannel; concurrency?: number } = {},
): Promise<DeliveryResult> {
  const started = Date.now();
  const start = (opts.now ?? new Date()).getTime();
  const clock = () => start + (Date.now() - started);
  const owner = opts.owner ?? randomUUID();
  const timings = deliveryTimings(mailer.timeoutMs ?? DEFAULT_SMTP_TIMEOUT_MS);
  const result: DeliveryResult = { sent: 0, retried: 0, failed: 0 };
  let budget = opts.limit ?? 20;
  const lane = async () => {
    while (budget > 0) {
      budget -= 1;
      const [m] = await leaseBatch(db, owner, new Date(clock()), 1, timings.leaseMs, opts.channel ?? 'email');
      if (!m) return;
      const outcome = await sendOne(db, mailer, m, owner, start, timings);
      result[outcome] += 1;
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency ?? DELIVERY_CONCURRENCY }, lane));
  return result;
}

type Leased = Awaited<ReturnType<typeof leaseBatch>>[number];

/**
 * Sends one leased message and records the outcome, compare-and-set on still holding its lease.
 * Times are the round's `now`, like every job's (the back-off is short next to it anyway).
 */
async function sendOne(
  db: Kysely<Database>,
  mailer: Mailer,
  m: Leased,
  owner: string,
  now: number,
  timings: DeliveryTimings,
): Promise<keyof DeliveryResult> {
  try {
    await mailer.send(
      { id: m.id, to: m.recipient, subject: m.subject, text: textToSend(m.body_text, m.secret_link), locale: m.locale },
      AbortSignal.timeout(timings.sendDeadlineMs),
    );
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
        available_at: now + backoffMs(attempts),
        failed_at: giveUp ? now : null,
        ...(giveUp ? { secret_link: null } : {}),
      })
      .where('id', '=', m.id)
      .where('lease_owner', '=', owner)
      .execute();
    return giveUp ? 'failed' : 'retried';
  }
  await db
    .updateTable('outbox')
    // The secret link has been handed over: it is not kept.
    .set({ sent_at: now, lease_owner: null, lease_until: null, attempts: m.attempts + 1, secret_link: null })
    .where('id', '=', m.id)
    .where('lease_owner', '=', owner)
    .execute();
  return 'sent';
}

/** Messages for reading (the admin view): every column except the secret link. */
export async function listOutbox(
  db: Kysely<Database>,
  opts: { state?: 'pending' | 'sent' | 'failed'; limit?: number; offset?: number } = {},
) {
  let q = db
    .selectFrom('outbox')
    .select([
      'id',
      'channel',
      'recipient',
      'locale',
      'subject',
      'body_text',
      'topic',
      'created_at',
      'available_at',
      'attempts',
      'last_error',
      'sent_at',
      'failed_at',
    ])
    .orderBy('id', 'desc');
  if (opts.state === 'pending') q = q.where('sent_at', 'is', null).where('failed_at', 'is', null);
  if (opts.state === 'sent') q = q.where('sent_at', 'is not', null);
  if (opts.state === 'failed') q = q.where('failed_at', 'is not', null);
  return q
    .limit(opts.limit ?? 50)
    .offset(opts.offset ?? 0)
    .execute();
}
