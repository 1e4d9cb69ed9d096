// The admin's view of the email outbox (development without SMTP_URL, and checking delivery in
// production): pending, sent or failed messages, newest first, with the recipient's address masked.
// A message about an anonymous complaint shows no recipient at all: its code is in the subject and the
// text, and even a masked address beside it would point at who filed it (DESIGN.md §2: hidden from
// everyone, staff included). Hiding the recipient rather than the code keeps the row useful for
// checking delivery; the privacy is read when the page is shown, so a raised privacy applies at once.
import type { Db } from '../db/index.ts';
import type { SessionUser } from '../auth/session.ts';
import { fromDbTime } from '../db/values.ts';
import { listOutbox } from '../notifications/delivery.ts';
import { anonymousCodes } from './workflow.repository.ts';
import { readableWhatsapp } from '../channels/whatsapp-messages.ts';

export const OUTBOX_STATES = ['pending', 'sent', 'failed'] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

export function canViewOutbox(user: SessionUser | null): boolean {
  return user?.role === 'admin';
}

/** "rina@example.test" → "r***@example.test": enough to tell messages apart, not to harvest addresses. */
export function maskEmail(address: string): string {
  const at = address.lastIndexOf('@');
  if (at < 1) return '***';
  return `${address[0]}***${address.slice(at)}`;
}

/** The tracking code of a message about a complaint (topic "complaint.<event>:<code>"), else null. */
export function complaintCodeOf(topic: string): string | null {
  const m = /^complaint\.[a-z_]+:([^:]+)$/.exec(topic);
  return m ? m[1]! : null;
}

export async function outboxPage(db: Db, state: OutboxState, page: number, pageSize = 50) {
  const rows = await listOutbox(db, { state, limit: pageSize + 1, offset: (page - 1) * pageSize });
  const anonymous = await anonymousCodes(db, [
    ...new Set(rows.map((r) => complaintCodeOf(r.topic)).filter((c): c is string => c !== null)),
  ]);
  return {
    hasMore: rows.length > pageSize,
    items: rows.slice(0, pageSize).map((r) => ({
      id: r.id,
      /** null: hidden, the message is about an anonymous complaint. */
      recipient: anonymous.has(complaintCodeOf(r.topic) ?? '') ? null : maskEmail(r.recipient),
      subject: r.subject,
      body: r.channel === 'whatsapp' ? readableWhatsapp(r.body_text) : r.body_text,
      topic: r.topic.split(':')[0]!,
      createdAt: fromDbTime(r.created_at),
      sentAt: fromDbTime(r.sent_at),
      failedAt: fromDbTime(r.failed_at),
      attempts: r.attempts,
      lastError: r.last_error,
    })),
  };
}
