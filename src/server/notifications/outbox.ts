// Enqueues messages in the outbox table, inside the caller's transaction so an event and its
// notification commit together. Delivery (SMTP, leases, retries) is the notification worker's job.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { toDbTime } from '../db/values.ts';

export interface EmailMessage {
  to: string;
  locale?: string;
  subject: string;
  text: string;
  /** What caused the message, e.g. 'auth.password_reset' or 'complaint.responded'. */
  topic: string;
  /** A message with the same key is enqueued once only (e.g. one overdue notice per breach). */
  dedupeKey?: string;
  now?: Date;
  /**
   * A link that must never be readable in the stored body (a password-reset link): `text` carries
   * SECRET_LINK_MARKER in its place, and the link is put in only when the message is handed to SMTP.
   */
  secretLink?: string;
}

/** What an admin sees in a stored body where a secret link goes out at send time. */
export const SECRET_LINK_MARKER = '[tautan reset]';

/** The text as it is sent: the marker replaced by the secret link, if the message has one. */
export function textToSend(bodyText: string, secretLink: string | null): string {
  return secretLink ? bodyText.split(SECRET_LINK_MARKER).join(secretLink) : bodyText;
}

/** Adds an email to the outbox; returns false when its dedupe key was already used. */
export async function enqueueEmail(db: Kysely<Database>, m: EmailMessage): Promise<boolean> {
  const now = toDbTime(m.now ?? new Date());
  const r = await db
    .insertInto('outbox')
    .values({
      recipient: m.to,
      locale: m.locale ?? 'id',
      subject: m.subject,
      body_text: m.text,
      topic: m.topic,
      dedupe_key: m.dedupeKey ?? null,
      secret_link: m.secretLink ?? null,
      created_at: now,
      available_at: now,
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0n) > 0;
}

/** Whether a message with this dedupe key was ever queued (sent, pending or failed alike). */
export async function isQueued(db: Kysely<Database>, dedupeKey: string): Promise<boolean> {
  return (await db.selectFrom('outbox').select('id').where('dedupe_key', '=', dedupeKey).executeTakeFirst()) !== undefined;
}
