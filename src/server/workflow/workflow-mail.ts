// Emails of the workflow (and WhatsApp messages for complaints filed there): to the reporter on every public event, to department managers on a breach.
// Each carries only the complaint's code, the event and the department's public note: no other person's data.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { enqueueEmail } from '../notifications/outbox.ts';
import { isLocale, translator } from '../../i18n/index.ts';
import { config } from '../config.ts';
import { findComplaintForWork } from './workflow.repository.ts';
import { notifyWhatsappReporter } from '../channels/whatsapp-notify.ts';

export type PublicEvent = 'respond' | 'resolve' | 'transfer' | 'reject' | 'reject_out_of_scope';

export async function notifyReporter(
  db: Kysely<Database>,
  m: {
    to: string | null;
    locale: string;
    code: string;
    event: PublicEvent;
    eventId: number;
    note: string;
    department?: string;
    siteUrl: string;
    now: Date;
  },
): Promise<void> {
  // A complaint filed over WhatsApp hears of it there too (with or without an email address).
  await notifyWhatsappReporter(db, {
    code: m.code,
    event: m.event,
    eventId: m.eventId,
    note: m.note,
    department: m.department,
    siteUrl: m.siteUrl,
    now: m.now,
  });
  if (!m.to) return;
  const locale = isLocale(m.locale) ? m.locale : 'id';
  const t = translator(locale);
  const link = `${m.siteUrl}/complaints/${m.code}`;
  const subject = t(`workflow.mail.${m.event}Subject`, { code: m.code, department: m.department ?? '' });
  const text = t(`workflow.mail.${m.event}Body`, { code: m.code, note: m.note, department: m.department ?? '', link });
  await enqueueEmail(db, {
    to: m.to,
    locale,
    subject,
    text,
    topic: `complaint.${m.event}:${m.code}`,
    dedupeKey: `complaint.${m.event}:${m.code}:${m.eventId}`,
    now: m.now,
  });
}

/** A reporter disputed the resolution: the assigned officer (or, with nobody assigned, the managers) hears of it. */
export async function notifyDepartmentOfDispute(
  db: Kysely<Database>,
  m: {
    complaintId: number;
    departmentId: number | null;
    assigneeId: number | null;
    code: string;
    eventId: number;
    siteUrl: string;
    now: Date;
  },
): Promise<void> {
  if (m.departmentId === null) return;
  let q = db
    .selectFrom('users')
    .select(['id', 'email', 'locale'])
    .where('department_id', '=', m.departmentId)
    .where('disabled_at', 'is', null);
  q = m.assigneeId !== null ? q.where('id', '=', m.assigneeId) : q.where('role', '=', 'manager');
  for (const u of await q.execute()) {
    const locale = isLocale(u.locale) ? u.locale : 'id';
    const t = translator(locale);
    await enqueueEmail(db, {
      to: u.email,
      locale,
      subject: t('workflow.mail.disputeStaffSubject', { code: m.code }),
      text: t('workflow.mail.disputeStaffBody', { code: m.code, link: `${m.siteUrl}/staff/complaints/${m.code}` }),
      topic: `complaint.disputed:${m.code}`,
      dedupeKey: `complaint.disputed:${m.code}:${m.eventId}:${u.id}`,
      now: m.now,
    });
  }
}

/** A verifier's rejection (duplicate or outside the government's remit) told to the reporter; spam gets no answer. */
export async function notifyRejection(db: Kysely<Database>, m: { code: string; reason: string; note: string; now: Date }): Promise<void> {
  if (m.reason === 'spam') return;
  const c = await findComplaintForWork(db, m.code);
  if (!c) return;
  const cfg = config();
  const siteUrl = cfg.siteUrl;
  await notifyReporter(db, {
    to: c.notify_email,
    locale: c.reporter_locale,
    code: c.code,
    event: m.reason === 'duplicate' ? 'reject' : 'reject_out_of_scope',
    eventId: 0,
    note: m.note,
    siteUrl,
    now: m.now,
  });
}
