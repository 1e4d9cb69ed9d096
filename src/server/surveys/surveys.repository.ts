// Queries of the survey engine: surveys with their sections and questions, responses and answers.
import type { Transaction } from 'kysely';
import type { Database, Db } from '../db/index.ts';
import { fromDbBool } from '../db/values.ts';
import type { QuestionDef, QuestionKind } from './questions.ts';
import type { SurveyState, SurveysTable } from './surveys.tables.ts';
import type { Selectable } from 'kysely';
import { onPostgres } from '../db/row-locks.ts';

export type SurveyRow = Selectable<SurveysTable> & { department_code: string | null; department_name: string | null };
export interface SectionRow {
  id: number;
  survey_id: number;
  position: number;
  title: string;
  intro: string;
}

const surveyColumns = [
  'surveys.id',
  'surveys.department_id',
  'surveys.kind',
  'surveys.title',
  'surveys.intro',
  'surveys.audience',
  'surveys.state',
  'surveys.opens_on',
  'surveys.closes_on',
  'surveys.period',
  'surveys.population',
  'surveys.copied_from',
  'surveys.created_by',
  'surveys.version',
  'surveys.created_at',
  'surveys.updated_at',
  'departments.code as department_code',
  'departments.name as department_name',
] as const;

function surveys(db: Db) {
  return db.selectFrom('surveys').leftJoin('departments', 'departments.id', 'surveys.department_id').select(surveyColumns);
}

const norm = (r: any): SurveyRow => ({
  ...r,
  id: Number(r.id),
  version: Number(r.version),
  department_id: r.department_id === null ? null : Number(r.department_id),
  population: r.population === null ? null : Number(r.population),
  created_at: Number(r.created_at),
  updated_at: Number(r.updated_at),
});

export async function findSurvey(db: Db, id: number): Promise<SurveyRow | undefined> {
  const r = await surveys(db).where('surveys.id', '=', id).executeTakeFirst();
  return r ? norm(r) : undefined;
}

/** The row, locked for the rest of the transaction (PostgreSQL; SQLite serialises writers). */
export async function lockSurvey(trx: Transaction<Database>, id: number): Promise<SurveyRow | undefined> {
  let q = trx
    .selectFrom('surveys')
    .leftJoin('departments', 'departments.id', 'surveys.department_id')
    .select(surveyColumns)
    .where('surveys.id', '=', id);
  if (onPostgres(trx)) q = q.forUpdate('surveys' as never);
  const r = await q.executeTakeFirst();
  return r ? norm(r) : undefined;
}

export async function listSurveys(db: Db, scope: { departmentIds?: number[] }, kind?: 'general' | 'skm'): Promise<SurveyRow[]> {
  let q = surveys(db).orderBy('surveys.id', 'desc');
  if (scope.departmentIds) q = q.where('surveys.department_id', 'in', scope.departmentIds.length ? scope.departmentIds : [-1]);
  if (kind) q = q.where('surveys.kind', '=', kind);
  return (await q.execute()).map(norm);
}

/** Compare-and-set: bumps the version when it is still `version`; false when someone changed it first. */
export async function bumpSurvey(
  trx: Transaction<Database>,
  id: number,
  version: number,
  set: { state?: SurveyState; opens_on?: string; closes_on?: string },
  now: number,
): Promise<boolean> {
  const r = await trx
    .updateTable('surveys')
    .set({ ...set, version: version + 1, updated_at: now } as never)
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function listSections(db: Db, surveyId: number): Promise<SectionRow[]> {
  const rows = await db
    .selectFrom('survey_sections')
    .selectAll()
    .where('survey_id', '=', surveyId)
    .orderBy('position')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ ...r, id: Number(r.id), survey_id: Number(r.survey_id), position: Number(r.position) }));
}

export async function listQuestions(db: Db, surveyId: number): Promise<QuestionDef[]> {
  const rows = await db
    .selectFrom('survey_questions')
    .selectAll()
    .where('survey_id', '=', surveyId)
    .orderBy('position')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    sectionId: Number(r.section_id),
    position: Number(r.position),
    kind: r.kind as QuestionKind,
    label: r.label,
    help: r.help,
    required: fromDbBool(r.required),
    options: JSON.parse(r.options) as string[],
    scaleMax: r.scale_max === null ? null : Number(r.scale_max),
    scaleLow: r.scale_low,
    scaleHigh: r.scale_high,
    showIfQuestionId: r.show_if_question_id === null ? null : Number(r.show_if_question_id),
    showIfValue: r.show_if_value,
    code: r.code,
  }));
}

export async function insertSection(db: Db, surveyId: number, position: number, title: string, intro: string): Promise<number> {
  const r = await db
    .insertInto('survey_sections')
    .values({ survey_id: surveyId, position, title, intro })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(r.id);
}

export interface NewQuestion {
  sectionId: number;
  position: number;
  kind: QuestionKind;
  label: string;
  help?: string;
  required: boolean;
  options?: string[];
  scaleMax?: number | null;
  scaleLow?: string;
  scaleHigh?: string;
  showIfQuestionId?: number | null;
  showIfValue?: string | null;
  code?: string | null;
}

export async function insertQuestion(db: Db, surveyId: number, q: NewQuestion): Promise<number> {
  const r = await db
    .insertInto('survey_questions')
    .values({
      survey_id: surveyId,
      section_id: q.sectionId,
      position: q.position,
      kind: q.kind,
      label: q.label,
      help: q.help ?? '',
      required: q.required ? 1 : 0,
      options: JSON.stringify(q.options ?? []),
      scale_max: q.scaleMax ?? null,
      scale_low: q.scaleLow ?? '',
      scale_high: q.scaleHigh ?? '',
      show_if_question_id: q.showIfQuestionId ?? null,
      show_if_value: q.showIfValue ?? null,
      code: q.code ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(r.id);
}

/** All answers of a survey: one row per value (a multiple choice gives several rows). */
export async function listAnswers(
  db: Db,
  surveyId: number,
): Promise<{ response_id: number; submitted_on: string; question_id: number; value: string }[]> {
  const rows = await db
    .selectFrom('survey_answers')
    .innerJoin('survey_responses', 'survey_responses.id', 'survey_answers.response_id')
    .select(['survey_answers.response_id', 'survey_responses.submitted_on', 'survey_answers.question_id', 'survey_answers.value'])
    .where('survey_responses.survey_id', '=', surveyId)
    .orderBy('survey_answers.response_id')
    .orderBy('survey_answers.id')
    .execute();
  return rows.map((r) => ({ ...r, response_id: Number(r.response_id), question_id: Number(r.question_id) }));
}

export async function countResponses(db: Db, surveyId: number): Promise<number> {
  const r = await db
    .selectFrom('survey_responses')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('survey_id', '=', surveyId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/**
 * The narrow audience of a training's evaluation (DESIGN §6b): null when the survey is no training's
 * evaluation; otherwise whether the user completed that training.
 */
export async function isTrainingEvaluationParticipant(db: Db, surveyId: number, userId: number | null): Promise<boolean | null> {
  const t = await db.selectFrom('trainings').select('id').where('evaluation_survey_id', '=', surveyId).executeTakeFirst();
  if (!t) return null;
  if (userId === null) return false;
  const p = await db
    .selectFrom('training_participants')
    .select('id')
    .where('training_id', '=', t.id)
    .where('user_id', '=', userId)
    .where('status', '=', 'completed')
    .executeTakeFirst();
  return !!p;
}
