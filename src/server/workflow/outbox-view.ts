// The admin's view of the email outbox (development without SMTP_URL, and checking delivery in
// production): pending, sent or failed messages, newest first, with the recipient's address masked.
import type { Db } from '../db/index.ts';
import type { SessionUser } from '../auth/session.ts';
import { fromDbTime } from '../db/values.ts';
import { listOutbox } from '../notifications/delivery.ts';

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

export async function outboxPage(db: Db, state: OutboxState, page: number, pageSize = 50) {
  const rows = await listOutbox(db, { state, limit: pageSize + 1, offset: (page - 1) * pageSize });
  return {
    hasMore: rows.length > pageSize,
    items: rows.slice(0, pageSize).map((r) => ({
      id: r.id,
      recipient: maskEmail(r.recipient),
      subject: r.subject,
      body: r.body_text,
      topic: r.topic.split(':')[0]!,
      createdAt: fromDbTime(r.created_at),
      sentAt: fromDbTime(r.sent_at),
      failedAt: fromDbTime(r.failed_at),
      attempts: r.attempts,
      lastError: r.last_error,
    })),
  };
}
