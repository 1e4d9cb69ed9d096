// Overdue notices as one daily digest per department manager: every run records each new breach (the
// per-breach history, in overdue_breaches, never mailed one by one), and the first run of a local day
// sends each manager one email with the breaches noticed since their last digest, counted by stage, the
// department's current total and a link to the overdue list (built from PUBLIC_URL, never a Host header).
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { enqueueEmail } from '../notifications/outbox.ts';
import { isLocale, translator } from '../../i18n/index.ts';
import { loadCalendar } from '../calendar/calendar.repository.ts';
import { localDate } from '../calendar/calendar.ts';
import { countOverdue } from '../metrics/overdue.repository.ts';
import * as repo from './overdue-digest.repository.ts';

const BATCH = 1000;

/** Records every breach not yet recorded (all overdue complaints, read in keyset batches: no cut-off). */
export async function recordBreaches(db: Kysely<Database>, now: Date): Promise<number> {
  const t = now.getTime();
  let added = 0;
  for (let after = 0; ; ) {
    const rows = await repo.listOverdueAfter(db, t, after, BATCH);
    for (const c of rows) {
      const stages: { stage: 'response' | 'resolution'; dueAt: number }[] = [];
      if (c.firstResponseAt === null && c.responseDueAt !== null && c.responseDueAt < t) stages.push({ stage: 'response', dueAt: c.responseDueAt });
      if (c.resolutionDueAt !== null && c.resolutionDueAt < t) stages.push({ stage: 'resolution', dueAt: c.resolutionDueAt });
      for (const s of stages) if (await repo.recordBreach(db, { complaintId: c.id, departmentId: c.departmentId, ...s, now: t })) added += 1;
    }
    if (rows.length < BATCH) return added;
    after = rows[rows.length - 1]!.id;
  }
}

export async function notifyOverdue(db: Kysely<Database>, now: Date, siteUrl: string): Promise<{ breaches: number; notices: number }> {
  const breaches = await recordBreaches(db, now);
  const t = now.getTime();
  const day = localDate(now, (await loadCalendar(db)).timeZone);
  let notices = 0;
  for (const departmentId of await repo.departmentsWithBreaches(db, 0, t)) {
    for (const m of await repo.activeManagers(db, departmentId)) {
      const since = await repo.lastDigestAt(db, m.id);
      const counts = await repo.breachCounts(db, departmentId, since, t);
      const n = counts.response + counts.resolution;
      if (n === 0) continue;
      const total = await countOverdue(db, { departmentIds: [departmentId] }, t);
      const locale = isLocale(m.locale) ? m.locale : 'id';
      const tr = translator(locale);
      const lines = [
        tr('managerReports.digest.intro', { n }),
        '',
        ...(['response', 'resolution'] as const).map((s) => `- ${tr('managerReports.digest.byStage', { stage: tr(`workflow.stages.${s}` as never), n: counts[s] })}`),
        '',
        tr('managerReports.digest.total', { n: total }),
        tr('managerReports.digest.link', { link: `${siteUrl}/reports/overdue` }),
      ];
      const sent = await db.transaction().execute(async (trx) => {
        if (!(await repo.claimDigest(trx, { userId: m.id, day, breaches: n, now: t }))) return false;
        return enqueueEmail(trx, {
          to: m.email, locale, subject: tr('managerReports.digest.subject', { n }), text: lines.join('\n'),
          topic: 'complaints.overdue_digest', dedupeKey: `complaints.overdue_digest:${m.id}:${day}`, now,
        });
      });
      if (sent) notices += 1;
    }
  }
  return { breaches, notices };
}
