// The email a supporting department's managers get when another department asks it for help:
// the complaint's code, the asking department, the due date and the task page's link (from PUBLIC_URL);
// never the task text or the complaint's content, which the policy shows on the page itself.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { enqueueEmail } from '../notifications/outbox.ts';
import { isLocale, translator } from '../../i18n/index.ts';
import { formatDateTime } from '../complaints/format.ts';
import { listManagers } from '../workflow/workflow.repository.ts';

export async function notifySupportRequested(
  db: Kysely<Database>,
  m: { supportId: number; supportingDepartmentId: number; leadName: string; code: string; dueAt: number; siteUrl: string; now: Date },
): Promise<void> {
  for (const manager of await listManagers(db, m.supportingDepartmentId)) {
    const locale = isLocale(manager.locale) ? manager.locale : 'id';
    const t = translator(locale);
    await enqueueEmail(db, {
      to: manager.email,
      locale,
      subject: t('collaboration.mail.requestSubject', { department: m.leadName, code: m.code }),
      text: t('collaboration.mail.requestBody', {
        department: m.leadName,
        code: m.code,
        due: formatDateTime(new Date(m.dueAt), locale),
        link: `${m.siteUrl}/staff/support/${m.supportId}`,
      }),
      topic: 'support.requested',
      dedupeKey: `support.requested:${m.supportId}:${manager.id}`,
      now: m.now,
    });
  }
}
