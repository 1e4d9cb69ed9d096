// Public events of a complaint filed over WhatsApp told to its reporter there, beside the email the
// workflow sends (workflow-mail.ts): the same text as the email, the tracking code as the template's
// variable when the customer-service window has closed. Nothing is queued while the channel is off.
import type { Kysely } from 'kysely';
import { config } from '../config.ts';
import type { Database } from '../db/schema.ts';
import { isLocale, translator } from '../../i18n/index.ts';
import { enqueueWhatsapp } from './whatsapp-outbox.ts';
import { findComplaintContact } from './whatsapp.repository.ts';

export type NoticeEvent = 'respond' | 'resolve' | 'transfer' | 'reject' | 'reject_out_of_scope';

export async function notifyWhatsappReporter(
  db: Kysely<Database>,
  m: { code: string; event: NoticeEvent; eventId: number; note: string; department?: string; siteUrl: string; now: Date },
): Promise<boolean> {
  if (!config().whatsapp) return false;
  const c = await findComplaintContact(db, m.code);
  if (!c || c.channel !== 'whatsapp' || !c.reporter_phone) return false;
  const locale = isLocale(c.reporter_locale) ? c.reporter_locale : 'id';
  const t = translator(locale);
  const text = t(`workflow.mail.${m.event}Body`, {
    code: m.code,
    note: m.note,
    department: m.department ?? '',
    link: `${m.siteUrl}/complaints/${m.code}`,
  });
  return enqueueWhatsapp(db, {
    to: c.reporter_phone,
    locale,
    payload: { notice: { text, templateParams: [m.code] } },
    topic: `complaint.${m.event}:${m.code}`,
    dedupeKey: `whatsapp.complaint.${m.event}:${m.code}:${m.eventId}`,
    now: m.now,
  });
}
