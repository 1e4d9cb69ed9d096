// A resident's WhatsApp number in the two forms the channel keeps: E.164 (+62…) where the number itself
// is needed (complaints.reporter_phone, the outbox recipient), and a keyed hash everywhere else
// (seen messages, conversations), so those tables never hold the number.
import { createHmac } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { appSecret } from '../security/app-secrets.ts';

const SECRET_NAME = 'whatsapp_sender';

/** '6281234567890' or '+62 812-3456-7890' → '+6281234567890'. */
export function toE164(number: string): string {
  return `+${number.replace(/\D/g, '')}`;
}

/** HMAC-SHA256 (hex) of the number's digits under the application's own secret. */
export async function senderHash(db: Kysely<Database>, number: string): Promise<string> {
  return createHmac('sha256', await appSecret(db, SECRET_NAME))
    .update(number.replace(/\D/g, ''))
    .digest('hex');
}
