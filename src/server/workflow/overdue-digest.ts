// Overdue notices as one daily digest per department manager: every run records each new breach (the
// per-breach history, in overdue_breaches, never mailed one by one), and the first run of a local day
// sends each manager one email with the breaches noticed since their last digest, counted by stage, the
// department's current total and a link to the overdue list (built from PUBLIC_URL, never a Host header).
// The same digest carries the department's overdue supporting tasks (codes, lead department and
// due dates, no task text); a manager with only overdue supporting tasks still gets the one digest a day.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { enqueueEmail } from '../notifications/outbox.ts';
import { isLocale, translator } from '../../i18n/index.ts';
import { loadCalendar } from '../calendar/calendar.repository.ts';
import { localDate } from '../calendar/calendar.ts';
import { countOverdue } from '../metrics/overdue.repository.ts';
import { formatDateTime } from '../complaints/format.ts';
import { overdueSupportByManager, type OverdueSupportTask } from '../collaboration/support-overdue.ts';
import * as repo from './overdue-digest.repository.ts';
import { OVERDUE_BATCH } from '../limits.ts';

/** Records every breach not yet recorded (all overdue complaints, read in keyset batches: no cut-off). */
export async function recordBreaches(db: Kysely<Database>, now: Date): Promise<number> {
  const t = now.getTime();
  let added = 0;
  for (let after = 0; ;) {
    const rows = await repo.listOverdueAfter(db, t, after, OVERDUE_BATCH);
    for (const c of rows) {
      const stages: { stage: 'response' | 'resolution'; dueAt: number }[] = [];
      if (c.firstResponseAt === null && c.responseDueAt !== null && c.responseDueAt < t)
        stages.push({ stage: 'response', dueAt: c.responseDueAt });
      if (c.resolutionDueAt !== null && c.resolutionDueAt < t) stages.push({ stage: 'resolution', dueAt: c.resolutionDueAt });
      for (const s of stages)
        if (await repo.recordBreach(db, { complaintId: c.id, departmentId: c.departmentId, ...s, now: t })) added += 1;
    }
    if (rows.length < OVERDUE_BATCH) return added;
    after = rows[rows.length - 1]!.id;
  }
}

interface DigestManager {
  id: number;
  email: string;
  locale: string;
  departmentId: number;
}

/** Managers with something to read: new breaches in their department or overdue supporting tasks. */
async function digestManagers(
  db: Kysely<Database>,
  t: number,
  support: Map<number, { departmentId: number; email: string; locale: string }>,
): Promise<DigestManager[]> {
  const out = new Map<number, DigestManager>();
  for (const departmentId of await repo.departmentsWithBreaches(db, 0, t)) {
    for (const m of await repo.activeManagers(db, departmentId)) out.set(m.id, { ...m, departmentId });
  }
  for (const [id, m] of support) if (!out.has(id)) out.set(id, { id, ...m });
  return [...out.values()].sort((a, b) => a.id - b.id);
}

export async function notifyOverdue(db: Kysely<Database>, now: Date, siteUrl: string): Promise<{ breaches: number; notices: number }> {
  const breaches = await recordBreaches(db, now);
  const t = now.getTime();
  const timeZone = (await loadCalendar(db)).timeZone;
  const day = localDate(now, timeZone);
  const support = new Map((await overdueSupportByManager(db, now)).map((s) => [Number(s.managerId), s]));
  let notices = 0;
  for (const m of await digestManagers(db, t, support)) {
    const since = await repo.lastDigestAt(db, m.id);
    const counts = await repo.breachCounts(db, m.departmentId, since, t);
    const n = counts.response + counts.resolution;
    const tasks: OverdueSupportTask[] = support.get(m.id)?.tasks ?? [];
    if (n === 0 && tasks.length === 0) continue;
    const locale = isLocale(m.locale) ? m.locale : 'id';
    const tr = translator(locale);
    const lines: string[] = [];
    if (n > 0) {
      const total = await countOverdue(db, { departmentIds: [m.departmentId] }, t);
      lines.push(
        tr('managerReports.digest.intro', { n }),
        '',
        ...(['response', 'resolution'] as const).map(
          (s) => `- ${tr('managerReports.digest.byStage', { stage: tr(`workflow.stages.${s}`), n: counts[s] })}`,
        ),
        '',
        tr('managerReports.digest.total', { n: total }),
        tr('managerReports.digest.link', { link: `${siteUrl}/reports/overdue` }),
      );
    }
    if (tasks.length > 0) {
      const list = tasks.map((s) => `- ${s.code} · ${s.leadName} · ${formatDateTime(s.dueAt, locale, timeZone)}`).join('\n');
      if (lines.length) lines.push('');
      lines.push(tr('collaboration.mail.overdueBody', { list, link: `${siteUrl}/staff/inbox#support-inbox` }));
    }
    const subject = n > 0 ? tr('managerReports.digest.subject', { n }) : tr('collaboration.mail.overdueSubject', { n: tasks.length });
    const sent = await db.transaction().execute(async (trx) => {
      if (!(await repo.claimDigest(trx, { userId: m.id, day, breaches: n, now: t }))) return false;
      return enqueueEmail(trx, {
        to: m.email,
        locale,
        subject,
        text: lines.join('\n'),
        topic: 'complaints.overdue_digest',
        dedupeKey: `complaints.overdue_digest:${m.id}:${day}`,
        now,
      });
    });
    if (sent) notices += 1;
  }
  return { breaches, notices };
}
