// Overdue supporting tasks (issue 26): each open task past its own working-day due time is listed to the
// supporting department's managers. `overdueSupportByManager` is the list per manager, kept apart so the
// managers' daily digest (issue 22, not on main yet) can fold it in as one section; until then
// `sendSupportOverdueDigest` sends one plain email per manager per local day (the dedupe key holds the date,
// so the hourly job sends at most one a day). The email names complaint codes, the lead department and due
// dates only: no task text (staff may write a person's name in it), no reporter data.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { localDate } from '../calendar/calendar.ts';
import { enqueueEmail } from '../notifications/outbox.ts';
import { isLocale, translator } from '../../i18n/index.ts';
import { formatDateTime } from '../complaints/format.ts';
import { listManagers } from '../workflow/workflow.repository.ts';
import { listOverdueSupport } from './support.repository.ts';

export interface OverdueSupportTask {
  id: number;
  code: string;
  leadName: string;
  dueAt: Date;
}

export interface ManagerOverdueSupport {
  managerId: number;
  email: string;
  locale: string;
  departmentId: number;
  tasks: OverdueSupportTask[];
}

/** Open supporting tasks past due, grouped per manager of the supporting department (digest section). */
export async function overdueSupportByManager(db: Kysely<Database>, now: Date): Promise<ManagerOverdueSupport[]> {
  const byDept = new Map<number, OverdueSupportTask[]>();
  for (const r of await listOverdueSupport(db, now.getTime())) {
    let list = byDept.get(r.supporting_department_id);
    if (!list) byDept.set(r.supporting_department_id, (list = []));
    list.push({ id: r.id, code: r.code, leadName: r.lead_name, dueAt: new Date(Number(r.due_at)) });
  }
  const out: ManagerOverdueSupport[] = [];
  for (const [departmentId, tasks] of byDept) {
    for (const m of await listManagers(db, departmentId)) out.push({ managerId: m.id, email: m.email, locale: m.locale, departmentId, tasks });
  }
  return out;
}

/** The daily email per supporting department manager; returns how many were queued now. */
export async function sendSupportOverdueDigest(db: Kysely<Database>, now: Date, siteUrl: string, timeZone: string): Promise<{ notices: number }> {
  const day = localDate(now, timeZone);
  let notices = 0;
  for (const m of await overdueSupportByManager(db, now)) {
    const locale = isLocale(m.locale) ? m.locale : 'id';
    const t = translator(locale);
    const list = m.tasks.map((s) => `- ${s.code} · ${s.leadName} · ${formatDateTime(s.dueAt, locale, timeZone)}`).join('\n');
    const queued = await enqueueEmail(db, {
      to: m.email, locale,
      subject: t('collaboration.mail.overdueSubject', { n: m.tasks.length }),
      text: t('collaboration.mail.overdueBody', { list, link: `${siteUrl}/staff/inbox#support-inbox` }),
      topic: 'support.overdue', dedupeKey: `support.overdue:${m.managerId}:${day}`, now,
    });
    if (queued) notices += 1;
  }
  return { notices };
}
