// Table types of the WhatsApp channel (migration 2026_12_04_0800_whatsapp).
import type { Generated } from 'kysely';
import type { DbTime } from '../db/values.ts';

export interface WhatsappSeenMessageTable {
  /** The Cloud API's message id (wamid.…): a delivery seen twice is handled once. */
  message_id: string;
  /** HMAC of the sender's number under an application secret: never the number itself. */
  sender_hash: string;
  received_at: DbTime;
}

export interface WhatsappConversationTable {
  sender_hash: string;
  state: string;
  locale: Generated<string>;
  /** JSON of ConversationData (whatsapp-conversation.ts). */
  data: Generated<string>;
  form_id: string;
  version: Generated<number>;
  created_at: DbTime;
  updated_at: DbTime;
  expires_at: DbTime;
}

export interface WhatsappTables {
  whatsapp_seen_messages: WhatsappSeenMessageTable;
  whatsapp_conversations: WhatsappConversationTable;
}
