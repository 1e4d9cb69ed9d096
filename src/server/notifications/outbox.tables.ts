// Table types of the outbox (email, and WhatsApp since 2026_12_04_0800) (migration 2026_11_22_1430 and later columns).
import type { Generated } from 'kysely';
import type { DbTime } from '../db/values.ts';

export interface OutboxTable {
  id: Generated<number>;
  channel: Generated<'email' | 'whatsapp'>;
  recipient: string;
  locale: Generated<string>;
  subject: string;
  body_text: string;
  topic: string;
  dedupe_key: string | null;
  created_at: DbTime;
  available_at: DbTime;
  attempts: Generated<number>;
  last_error: string | null;
  lease_owner: string | null;
  lease_until: DbTime | null;
  sent_at: DbTime | null;
  failed_at: DbTime | null;
  /** A link that grants something (a password reset): put into the text at send time only, then deleted. */
  secret_link: string | null;
}

export interface NotificationTables {
  outbox: OutboxTable;
}
