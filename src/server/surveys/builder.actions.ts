// The forms of the survey builder page (meta, section, question, remove, publish, close, copy, invite,
// follow-up): parse with zod, call the command, and name the outcome — a 303 target on success, or a
// status with field messages (keys of surveys.errors).
import type { Db } from '../db/index.ts';
import type { SessionUser } from '../auth/session.ts';
import * as s from './surveys.schema.ts';
import {
  addQuestion,
  addSection,
  closeSurvey,
  copySurvey,
  publishSurvey,
  removeQuestion,
  updateSurvey,
  type SurveyError,
} from './surveys.service.ts';
import { inviteToSurvey } from './responses.service.ts';
import { saveFollowUp } from './skm.service.ts';

export type BuilderResult =
  { ok: true; to: string } | { ok: false; status: 404 | 409 | 422; errors: Record<string, string>; target: string };

export interface BuilderDeps {
  user: SessionUser;
  now: Date;
  requestId?: string;
  today: string;
  siteUrl: string;
  invitation: { subject: string; body: (link: string) => string };
}

export async function runBuilderAction(db: Db, surveyId: number, fields: Record<string, string>, d: BuilderDeps): Promise<BuilderResult> {
  const intent = fields.intent ?? '';
  const ctx = { actor: d.user, now: d.now, requestId: d.requestId };
  const here = `/staff/surveys/${surveyId}`;
  const invalid = (errors: Record<string, string>): BuilderResult => ({ ok: false, status: 422, errors, target: intent });
  const failed = (e: SurveyError | 'audience'): BuilderResult => ({
    ok: false,
    status: e === 'not_found' ? 404 : e === 'stale' || e === 'not_draft' || e === 'not_open' ? 409 : 422,
    errors: { form: e },
    target: intent,
  });
  const v = s.versionInput.safeParse(fields);
  const version = v.success ? v.data.version : -1;
  const saved = (anchor = '') => ({ ok: true as const, to: `${here}?done=saved${anchor}` });
  switch (intent) {
    case 'meta': {
      const p = s.surveyMetaInput.safeParse(fields);
      if (!p.success) return invalid(s.fieldErrors(p.error));
      const r = await updateSurvey(db, ctx, surveyId, version, p.data);
      return r.ok ? saved() : failed(r.error);
    }
    case 'section': {
      const p = s.sectionInput.safeParse(fields);
      if (!p.success) return invalid(s.fieldErrors(p.error));
      const r = await addSection(db, ctx, surveyId, version, p.data);
      return r.ok ? saved(`#section-${r.value}`) : failed(r.error);
    }
    case 'question': {
      const p = s.questionInput.safeParse(fields);
      if (!p.success) return invalid(s.fieldErrors(p.error));
      const q = p.data;
      const r = await addQuestion(db, ctx, surveyId, version, {
        sectionId: q.section,
        kind: q.kind,
        label: q.label,
        help: q.help,
        required: q.required,
        options: q.kind === 'single' || q.kind === 'multiple' ? q.options : [],
        scaleMax: q.kind === 'scale' ? q.scale_max : null,
        scaleLow: q.kind === 'scale' ? q.scale_low : '',
        scaleHigh: q.kind === 'scale' ? q.scale_high : '',
        showIfQuestionId: q.show_if === '' ? null : q.show_if,
        showIfValue: q.show_if === '' ? null : q.show_if_value,
      });
      return r.ok ? saved(`#question-${r.value}`) : r.error === 'condition' ? invalid({ show_if: 'condition' }) : failed(r.error);
    }
    case 'remove': {
      const r = await removeQuestion(db, ctx, surveyId, version, Number(fields.question));
      return r.ok ? saved() : failed(r.error);
    }
    case 'publish': {
      const p = s.publishInput.safeParse(fields);
      if (!p.success) return invalid(s.fieldErrors(p.error));
      const r = await publishSurvey(db, ctx, surveyId, version, { opensOn: p.data.opens_on, closesOn: p.data.closes_on });
      return r.ok ? saved() : r.error === 'dates' ? invalid({ closes_on: 'dates' }) : failed(r.error);
    }
    case 'close': {
      const r = await closeSurvey(db, ctx, surveyId, version);
      return r.ok ? saved() : failed(r.error);
    }
    case 'copy': {
      const r = await copySurvey(db, ctx, surveyId);
      return r.ok ? { ok: true, to: `/staff/surveys/${r.value}?done=copied` } : failed(r.error);
    }
    case 'invite': {
      const p = s.inviteInput.safeParse(fields);
      if (!p.success) return invalid(s.fieldErrors(p.error));
      const r = await inviteToSurvey(db, ctx, surveyId, p.data.emails, { siteUrl: d.siteUrl, today: d.today, ...d.invitation });
      return r.ok ? { ok: true, to: `${here}?done=invited&count=${r.sent}` } : failed(r.error);
    }
    case 'followup': {
      const p = s.followUpInput.safeParse(fields);
      if (!p.success) return invalid(s.fieldErrors(p.error));
      const item = fields.item ? { id: Number(fields.item), version: Number(fields.item_version) } : null;
      const r = await saveFollowUp(db, ctx, surveyId, item, {
        unsur: p.data.unsur,
        action: p.data.action,
        targetDate: p.data.target_date || null,
        status: p.data.status,
        published: p.data.published,
      });
      return r.ok ? saved('#follow-up') : failed(r.error);
    }
    default:
      return invalid({ form: 'invalid' });
  }
}
