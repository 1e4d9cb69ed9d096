// WhatsApp messages go out through the outbox (channel 'whatsapp'): written in the transaction of the
// event that causes them, delivered by the outbox worker with its leases, retries and back-off, and an
// honest failed_at/last_error when the Graph API keeps refusing. A conversation reply is sent as it is;
// a notice (a staff response, a resolution…) is decided at send time: a text inside the 24-hour
// customer-service window since the resident's last message, else the approved template, the only kind
// of message WhatsApp delivers outside it.
import type { Kysely } from 'kysely';
import type { WhatsappConfig } from '../config.ts';
import type { Database } from '../db/schema.ts';
import type { Mailer } from '../notifications/delivery.ts';
import { toDbTime } from '../db/values.ts';
import { sendMessage } from './whatsapp-graph.ts';
import { templateMessage, textMessage, type Outgoing } from './whatsapp-messages.ts';
import { lastInboundAt } from './whatsapp.repository.ts';
import { senderHash } from './whatsapp-identity.ts';
import { GRAPH_TIMEOUT_MS } from '../limits.ts';

/** The customer-service window: free-form messages only this long after the resident's last message. */
export const SERVICE_WINDOW_MS = 24 * 60 * 60 * 1000;

export type WhatsappPayload = { reply: Outgoing } | { notice: { text: string; templateParams: string[] } };

export async function enqueueWhatsapp(
  db: Kysely<Database>,
  // secret: put in place of SECRET_LINK_MARKER at send time only, then deleted (an access key), as for email.
  m: { to: string; locale: string; payload: WhatsappPayload; topic: string; dedupeKey?: string; now: Date; secret?: string },
): Promise<boolean> {
  const now = toDbTime(m.now);
  const r = await db
    .insertInto('outbox')
    .values({
      channel: 'whatsapp',
      recipient: m.to,
      locale: m.locale,
      // What the admin's outbox list shows as the subject: the topic, never the content.
      subject: `WhatsApp: ${m.topic}`.slice(0, 300),
      body_text: JSON.stringify(m.payload),
      topic: m.topic.slice(0, 120),
      dedupe_key: m.dedupeKey ?? null,
      secret_link: m.secret ?? null,
      created_at: now,
      available_at: now,
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0n) > 0;
}

/** The outbox's "mailer" for the whatsapp channel: one Graph API call per message. */
export function whatsappSender(db: Kysely<Database>, cfg: WhatsappConfig, clock: () => number = Date.now): Mailer {
  return {
    timeoutMs: GRAPH_TIMEOUT_MS,
    async send(m, signal) {
      const payload = JSON.parse(m.text) as WhatsappPayload;
      let message: Outgoing;
      if ('reply' in payload) {
        message = payload.reply;
      } else {
        const last = await lastInboundAt(db, await senderHash(db, m.to));
        const open = last !== null && clock() - last < SERVICE_WINDOW_MS;
        message = open ? textMessage(payload.notice.text) : templateMessage(cfg.templateName, m.locale, payload.notice.templateParams);
      }
      await sendMessage(cfg, m.to, message, signal);
    },
  };
}
