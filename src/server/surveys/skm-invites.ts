// Residents whose complaint was closed are invited, once, to the SKM of the department that handled
// it: an email with the survey's public address (no token, nothing that ties an answer to the
// complaint), and a link on the tracking page. `skm_complaint_invites` remembers only that the
// complaint's reporter was invited.
import type { Db } from '../db/index.ts';
import { translator, isLocale } from '../../i18n/index.ts';
import { localDate } from '../calendar/calendar.ts';
import { enqueueEmail } from '../notifications/outbox.ts';
import { isOpenOn } from './responses.service.ts';
import { listSurveys, type SurveyRow } from './surveys.repository.ts';
import { SKM_INVITES_BATCH } from '../limits.ts';

/** Complaints closed within this many days before a run are invited; older ones are not mailed out of the blue. */
export const INVITE_WINDOW_DAYS = 30;

/** The department's SKM that takes answers today, if any. */
export async function openSkmOf(db: Db, departmentId: number, today: string): Promise<SurveyRow | null> {
  const list = await listSurveys(db, { departmentIds: [departmentId] }, 'skm');
  return list.find((s) => isOpenOn(s, today)) ?? null;
}

export async function inviteClosedComplaintsToSkm(
  db: Db,
  now: Date,
  opts: { siteUrl: string; timeZone: string },
): Promise<{ invited: number }> {
  const today = localDate(now, opts.timeZone);
  const since = now.getTime() - INVITE_WINDOW_DAYS * 86_400_000;
  const rows = await db
    .selectFrom('complaints')
    .select(['id', 'department_id', 'reporter_email', 'reporter_locale'])
    .where('state', '=', 'closed')
    .where('closed_at', '>=', since)
    .where('reporter_email', 'is not', null)
    .where('department_id', 'is not', null)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('skm_complaint_invites').select('complaint_id').whereRef('skm_complaint_invites.complaint_id', '=', 'complaints.id'),
        ),
      ),
    )
    .orderBy('id')
    .limit(SKM_INVITES_BATCH)
    .execute();
  const surveys = new Map<number, SurveyRow | null>();
  let invited = 0;
  for (const c of rows) {
    const dep = Number(c.department_id);
    if (!surveys.has(dep)) surveys.set(dep, await openSkmOf(db, dep, today));
    const survey = surveys.get(dep);
    if (!survey) continue;
    const t = translator(isLocale(c.reporter_locale) ? c.reporter_locale : 'id');
    const link = `${opts.siteUrl}/surveys/${survey.id}`;
    await db.transaction().execute(async (trx) => {
      const r = await trx
        .insertInto('skm_complaint_invites')
        .values({ complaint_id: Number(c.id), created_at: now.getTime() })
        .onConflict((oc) => oc.column('complaint_id').doNothing())
        .executeTakeFirst();
      if (Number(r.numInsertedOrUpdatedRows ?? 0n) !== 1) return;
      await enqueueEmail(trx, {
        to: c.reporter_email!,
        locale: c.reporter_locale,
        subject: t('surveys.invite.subject', { department: survey.department_name ?? '' }),
        text: t('surveys.invite.body', { department: survey.department_name ?? '', link }),
        topic: 'skm.invitation',
        dedupeKey: `skm-invite:${c.id}`,
        now,
      });
      invited += 1;
    });
  }
  return { invited };
}

/** The open SKM of the department that handled a closed complaint (for its tracking page), if any. */
export async function skmForClosedComplaint(db: Db, code: string, today: string): Promise<SurveyRow | null> {
  const c = await db.selectFrom('complaints').select(['state', 'department_id']).where('code', '=', code).executeTakeFirst();
  if (!c || c.state !== 'closed' || c.department_id === null) return null;
  return openSkmOf(db, Number(c.department_id), today);
}
