// Answering a survey: which survey is open today, checking every section's answers again on submit,
// and storing the response with no account, address or time finer than the day. Who may answer:
// - public: anyone, once per filled form (the form's random id makes a repeated POST file once);
// - residents: signed-in users, once each (`survey_participants` records that they answered, not what);
//   a training's evaluation narrows this to the training's completed participants (DESIGN §6b);
// - invited: holders of a one-time link; the token is spent in the same transaction as the answers.
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db/index.ts';
import type { SessionUser } from '../auth/session.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import { enqueueEmail, SECRET_LINK_MARKER } from '../notifications/outbox.ts';
import { checkSection, type AnswerError, type Answers, type QuestionDef } from './questions.ts';
import { mayManageSurvey } from './surveys.policy.ts';
import * as repo from './surveys.repository.ts';

export interface SurveyForm {
  survey: repo.SurveyRow;
  sections: repo.SectionRow[];
  questions: QuestionDef[];
}

/** Whether a survey takes answers today ('YYYY-MM-DD' in the portal's time zone). */
export function isOpenOn(s: Pick<repo.SurveyRow, 'state' | 'opens_on' | 'closes_on'>, today: string): boolean {
  return s.state === 'open' && (s.opens_on === null || s.opens_on <= today) && (s.closes_on === null || today <= s.closes_on);
}

/** A survey as respondents see it: open today, or a preview for staff who manage it; null → 404. */
export async function readSurveyForm(db: Db, id: number, today: string, preview?: SessionUser | null): Promise<SurveyForm | null> {
  const survey = await repo.findSurvey(db, id);
  if (!survey) return null;
  if (preview ? !mayManageSurvey(preview, survey) : survey.state === 'draft') return null;
  return { survey, sections: await repo.listSections(db, id), questions: await repo.listQuestions(db, id) };
}

/** Checks sections 0..upTo (inclusive) in order, each seeing the answers of the ones before. */
export function checkUpTo(
  form: Pick<SurveyForm, 'sections' | 'questions'>,
  posted: Map<number, string[]>,
  upTo: number,
): { answers: Answers; errors: Map<number, AnswerError>; firstBad: number | null } {
  let answers: Answers = new Map();
  const errors = new Map<number, AnswerError>();
  let firstBad: number | null = null;
  form.sections.slice(0, upTo + 1).forEach((sec, i) => {
    const r = checkSection(
      form.questions.filter((q) => q.sectionId === sec.id),
      posted,
      answers,
      form.questions,
    );
    answers = new Map([...answers, ...r.answers]);
    for (const [k, v] of r.errors) errors.set(k, v);
    if (r.errors.size > 0 && firstBad === null) firstBad = i;
  });
  return { answers, errors, firstBad };
}

export type Access =
  { kind: 'public'; formId: string } | { kind: 'resident'; user: SessionUser | null } | { kind: 'invited'; token: string };
export type RespondOutcome =
  | { ok: true }
  | {
      ok: false;
      error: 'not_found' | 'closed' | 'audience' | 'already' | 'token' | 'invalid';
      errors?: Map<number, AnswerError>;
      section?: number;
    };

export const hashToken = (token: string): string => createHash('sha256').update(`survey-invite:${token}`).digest('hex');

export async function submitResponse(
  db: Db,
  surveyId: number,
  access: Access,
  posted: Map<number, string[]>,
  today: string,
): Promise<RespondOutcome> {
  return db.transaction().execute(async (trx): Promise<RespondOutcome> => {
    // The lock serialises submissions of one survey, so "once" checks below cannot race.
    const survey = await repo.lockSurvey(trx, surveyId);
    if (!survey || survey.state === 'draft') return { ok: false, error: 'not_found' };
    if (!isOpenOn(survey, today)) return { ok: false, error: 'closed' };
    if (
      access.kind === 'public'
        ? survey.audience !== 'public'
        : access.kind === 'resident'
          ? survey.audience !== 'residents'
          : survey.audience !== 'invited'
    )
      return { ok: false, error: 'audience' };
    const form = { sections: await repo.listSections(trx, surveyId), questions: await repo.listQuestions(trx, surveyId) };
    const checked = checkUpTo(form, posted, form.sections.length - 1);
    if (checked.errors.size > 0) return { ok: false, error: 'invalid', errors: checked.errors, section: checked.firstBad ?? 0 };
    let formId: string | null = null;
    if (access.kind === 'public') {
      const seen = await trx.selectFrom('survey_responses').select('id').where('form_id', '=', access.formId).executeTakeFirst();
      if (seen) return { ok: true }; // the same form posted again (a retry): filed once
      formId = access.formId;
    } else if (access.kind === 'resident') {
      if (!access.user) return { ok: false, error: 'audience' };
      if ((await repo.isTrainingEvaluationParticipant(trx, surveyId, access.user.id)) === false) return { ok: false, error: 'audience' };
      const seen = await trx
        .selectFrom('survey_participants')
        .select('user_id')
        .where('survey_id', '=', surveyId)
        .where('user_id', '=', access.user.id)
        .executeTakeFirst();
      if (seen) return { ok: false, error: 'already' };
      await trx.insertInto('survey_participants').values({ survey_id: surveyId, user_id: access.user.id }).execute();
    } else {
      const spent = await trx
        .updateTable('survey_invitations')
        .set({ used_on: today })
        .where('survey_id', '=', surveyId)
        .where('token_hash', '=', hashToken(access.token))
        .where('used_on', 'is', null)
        .executeTakeFirst();
      if (Number(spent.numUpdatedRows) !== 1) return { ok: false, error: 'token' };
    }
    const r = await trx
      .insertInto('survey_responses')
      .values({ survey_id: surveyId, submitted_on: today, form_id: formId })
      .returning('id')
      .executeTakeFirstOrThrow();
    const rows = [...checked.answers].flatMap(([questionId, values]) =>
      values.map((value) => ({ response_id: Number(r.id), question_id: questionId, value })),
    );
    if (rows.length) await trx.insertInto('survey_answers').values(rows).execute();
    return { ok: true };
  });
}

/** Whether an invitation token is valid and unused (the page shows the form only then). */
export async function invitationUsable(db: Db, surveyId: number, token: string): Promise<boolean> {
  if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) return false;
  const r = await db
    .selectFrom('survey_invitations')
    .select('used_on')
    .where('survey_id', '=', surveyId)
    .where('token_hash', '=', hashToken(token))
    .executeTakeFirst();
  return !!r && r.used_on === null;
}

/**
 * Invites addresses to an invited-audience survey: one one-time link each, by email through the
 * outbox. Only the token's hash is kept; the address is in the outbox message alone, and the stored
 * body carries a marker where the link goes at send time.
 */
export async function inviteToSurvey(
  db: Db,
  ctx: { actor: SessionUser; now: Date; requestId?: string },
  surveyId: number,
  emails: string[],
  opts: { siteUrl: string; today: string; subject: string; body: (link: string) => string },
): Promise<{ ok: true; sent: number } | { ok: false; error: 'not_found' | 'audience' }> {
  return db.transaction().execute(async (trx) => {
    const s = await repo.lockSurvey(trx, surveyId);
    if (!s || !mayManageSurvey(ctx.actor, s)) return { ok: false as const, error: 'not_found' as const };
    if (s.audience !== 'invited' || s.state === 'closed') return { ok: false as const, error: 'audience' as const };
    for (const to of emails) await createInvitation(trx, surveyId, to, { ...opts, now: ctx.now, topic: 'survey.invitation' });
    await appendAudit(trx, {
      actor: { id: ctx.actor.id, role: ctx.actor.role },
      requestId: ctx.requestId ?? null,
      at: ctx.now,
      action: 'survey.invited',
      objectType: 'survey',
      objectId: surveyId,
      details: { count: emails.length },
    });
    return { ok: true as const, sent: emails.length };
  });
}

export async function createInvitation(
  db: Db,
  surveyId: number,
  to: string,
  o: { siteUrl: string; today: string; subject: string; body: (link: string) => string; now: Date; topic: string; dedupeKey?: string },
): Promise<void> {
  const token = randomBytes(24).toString('base64url');
  await db
    .insertInto('survey_invitations')
    .values({ survey_id: surveyId, token_hash: hashToken(token), created_on: o.today })
    .execute();
  await enqueueEmail(db, {
    to,
    subject: o.subject,
    text: o.body(SECRET_LINK_MARKER),
    secretLink: `${o.siteUrl}/surveys/${surveyId}?token=${token}`,
    topic: o.topic,
    dedupeKey: o.dedupeKey,
    now: o.now,
  });
}
