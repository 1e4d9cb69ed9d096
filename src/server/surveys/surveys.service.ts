// Commands of the survey builder: create, edit, add sections and questions, publish, close, copy.
// Each checks the policy, runs in one transaction, compares-and-sets on the survey's version (the form
// carries the version it was rendered with) and writes its audit row; outcomes are named so pages can
// answer 404 / 409 / 422.
import type { Transaction } from 'kysely';
import type { Database, Db } from '../db/index.ts';
import type { SessionUser } from '../auth/session.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import { mayCreateSurveyFor, mayManageSurvey } from './surveys.policy.ts';
import * as repo from './surveys.repository.ts';
import type { SurveyAudience, SurveyKind } from './surveys.tables.ts';

export interface Ctx {
  actor: SessionUser;
  now: Date;
  requestId?: string;
}

export type SurveyError = 'not_found' | 'stale' | 'not_draft' | 'not_open' | 'empty' | 'dates' | 'condition';
export type Outcome<T = void> = { ok: true; value: T } | { ok: false; error: SurveyError };

const fail = (error: SurveyError): { ok: false; error: SurveyError } => ({ ok: false, error });
const done = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });

function audit(ctx: Ctx) {
  return { actor: { id: ctx.actor.id, role: ctx.actor.role }, requestId: ctx.requestId ?? null, at: ctx.now };
}

export interface SurveyInput {
  departmentId: number | null;
  kind?: SurveyKind;
  title: string;
  intro: string;
  audience: SurveyAudience;
  period?: string | null;
  population?: number | null;
}

export async function createSurvey(db: Db, ctx: Ctx, v: SurveyInput, firstSection = true): Promise<Outcome<number>> {
  if (!mayCreateSurveyFor(ctx.actor, v.departmentId)) return fail('not_found');
  return db.transaction().execute(async (trx) => {
    const now = ctx.now.getTime();
    const r = await trx
      .insertInto('surveys')
      .values({
        department_id: v.departmentId,
        kind: v.kind ?? 'general',
        title: v.title,
        intro: v.intro,
        audience: v.audience,
        period: v.period ?? null,
        population: v.population ?? null,
        created_by: ctx.actor.id,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const id = Number(r.id);
    if (firstSection) await repo.insertSection(trx, id, 1, v.title, '');
    await appendAudit(trx, {
      ...audit(ctx),
      action: 'survey.created',
      objectType: 'survey',
      objectId: id,
      details: { department_id: v.departmentId, kind: v.kind ?? 'general' },
    });
    return done(id);
  });
}

/** Locks a draft the actor manages and compare-and-sets its version; the callback adds the change. */
async function editDraft<T>(
  db: Db,
  ctx: Ctx,
  id: number,
  version: number,
  action: string,
  change: (trx: Transaction<Database>, survey: repo.SurveyRow) => Promise<Outcome<T>>,
): Promise<Outcome<T>> {
  return db.transaction().execute(async (trx) => {
    const s = await repo.lockSurvey(trx, id);
    if (!s || !mayManageSurvey(ctx.actor, s)) return fail('not_found');
    if (s.version !== version) return fail('stale');
    if (s.state !== 'draft') return fail('not_draft');
    const r = await change(trx, s);
    if (!r.ok) return r;
    if (!(await repo.bumpSurvey(trx, id, version, {}, ctx.now.getTime()))) return fail('stale');
    await appendAudit(trx, { ...audit(ctx), action, objectType: 'survey', objectId: id, details: {} });
    return r;
  });
}

export async function updateSurvey(
  db: Db,
  ctx: Ctx,
  id: number,
  version: number,
  v: Pick<SurveyInput, 'title' | 'intro' | 'audience'>,
): Promise<Outcome> {
  return editDraft(db, ctx, id, version, 'survey.updated', async (trx) => {
    await trx.updateTable('surveys').set({ title: v.title, intro: v.intro, audience: v.audience }).where('id', '=', id).execute();
    return done(undefined);
  });
}

export async function addSection(
  db: Db,
  ctx: Ctx,
  id: number,
  version: number,
  v: { title: string; intro: string },
): Promise<Outcome<number>> {
  return editDraft(db, ctx, id, version, 'survey.section_added', async (trx) => {
    const sections = await repo.listSections(trx, id);
    return done(await repo.insertSection(trx, id, sections.length + 1, v.title, v.intro));
  });
}

export async function addQuestion(
  db: Db,
  ctx: Ctx,
  id: number,
  version: number,
  q: Omit<repo.NewQuestion, 'position'>,
): Promise<Outcome<number>> {
  return editDraft(db, ctx, id, version, 'survey.question_added', async (trx) => {
    const sections = await repo.listSections(trx, id);
    const section = sections.find((s) => s.id === q.sectionId);
    if (!section) return fail('not_found');
    const questions = await repo.listQuestions(trx, id);
    if (q.showIfQuestionId != null) {
      // A condition refers to an earlier question (an earlier section, or earlier in this one) with a value it can have.
      const dep = questions.find((x) => x.id === q.showIfQuestionId);
      const depSection = dep && sections.find((s) => s.id === dep.sectionId);
      if (!dep || !depSection || depSection.position > section.position) return fail('condition');
      if ((dep.kind === 'single' || dep.kind === 'multiple') && !dep.options.includes(q.showIfValue ?? '')) return fail('condition');
      if (dep.kind === 'scale' && !/^[1-5]$/.test(q.showIfValue ?? '')) return fail('condition');
    }
    const position = Math.max(0, ...questions.map((x) => x.position)) + 1;
    return done(await repo.insertQuestion(trx, id, { ...q, position }));
  });
}

export async function removeQuestion(db: Db, ctx: Ctx, id: number, version: number, questionId: number): Promise<Outcome> {
  return editDraft(db, ctx, id, version, 'survey.question_removed', async (trx) => {
    const r = await trx.deleteFrom('survey_questions').where('id', '=', questionId).where('survey_id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) === 1 ? done(undefined) : fail('not_found');
  });
}

/** Opens a draft for answers between two dates (inclusive, 'YYYY-MM-DD' in the portal's time zone). */
export async function publishSurvey(
  db: Db,
  ctx: Ctx,
  id: number,
  version: number,
  v: { opensOn: string; closesOn: string },
): Promise<Outcome> {
  if (v.closesOn < v.opensOn) return fail('dates');
  return db.transaction().execute(async (trx) => {
    const s = await repo.lockSurvey(trx, id);
    if (!s || !mayManageSurvey(ctx.actor, s)) return fail('not_found');
    if (s.version !== version) return fail('stale');
    if (s.state !== 'draft') return fail('not_draft');
    if ((await repo.listQuestions(trx, id)).length === 0) return fail('empty');
    if (!(await repo.bumpSurvey(trx, id, version, { state: 'open', opens_on: v.opensOn, closes_on: v.closesOn }, ctx.now.getTime())))
      return fail('stale');
    await appendAudit(trx, {
      ...audit(ctx),
      action: 'survey.published',
      objectType: 'survey',
      objectId: id,
      details: { opens_on: v.opensOn, closes_on: v.closesOn },
    });
    return done(undefined);
  });
}

export async function closeSurvey(db: Db, ctx: Ctx, id: number, version: number): Promise<Outcome> {
  return db.transaction().execute(async (trx) => {
    const s = await repo.lockSurvey(trx, id);
    if (!s || !mayManageSurvey(ctx.actor, s)) return fail('not_found');
    if (s.version !== version) return fail('stale');
    if (s.state !== 'open') return fail('not_open');
    if (!(await repo.bumpSurvey(trx, id, version, { state: 'closed' }, ctx.now.getTime()))) return fail('stale');
    await appendAudit(trx, { ...audit(ctx), action: 'survey.closed', objectType: 'survey', objectId: id, details: {} });
    return done(undefined);
  });
}

/** A new draft with the same sections and questions (conditions re-pointed), the start of the next period's. */
export async function copySurvey(db: Db, ctx: Ctx, id: number, over: { period?: string | null } = {}): Promise<Outcome<number>> {
  return db.transaction().execute(async (trx) => {
    const s = await repo.findSurvey(trx, id);
    if (!s || !mayManageSurvey(ctx.actor, s)) return fail('not_found');
    const now = ctx.now.getTime();
    const r = await trx
      .insertInto('surveys')
      .values({
        department_id: s.department_id,
        kind: s.kind,
        title: s.title,
        intro: s.intro,
        audience: s.audience,
        period: over.period ?? null,
        population: s.population,
        copied_from: s.id,
        created_by: ctx.actor.id,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const copy = Number(r.id);
    const sectionMap = new Map<number, number>();
    for (const sec of await repo.listSections(trx, id))
      sectionMap.set(sec.id, await repo.insertSection(trx, copy, sec.position, sec.title, sec.intro));
    const questionMap = new Map<number, number>();
    for (const q of await repo.listQuestions(trx, id)) {
      questionMap.set(
        q.id,
        await repo.insertQuestion(trx, copy, {
          ...q,
          sectionId: sectionMap.get(q.sectionId)!,
          showIfQuestionId: q.showIfQuestionId === null ? null : (questionMap.get(q.showIfQuestionId) ?? null),
        }),
      );
    }
    await appendAudit(trx, { ...audit(ctx), action: 'survey.copied', objectType: 'survey', objectId: copy, details: { from: id } });
    return done(copy);
  });
}
