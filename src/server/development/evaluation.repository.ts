// Queries of the training follow-up (evaluation, action plans, effect): trainings and participants as
// these pages read them. The trainings' own CRUD lives with the trainings service.
import type { Transaction } from 'kysely';
import type { Database, Db } from '../db/index.ts';
import type { ActionReview, ParticipantStatus, TrainingState } from './training.tables.ts';
import { onPostgres } from '../db/row-locks.ts';

export interface TrainingRow {
  id: number;
  department_id: number | null;
  year: number;
  title: string;
  competency_id: number | null;
  provider: string;
  jalur: string;
  bentuk: string;
  starts_on: string;
  ends_on: string;
  jp: number;
  state: TrainingState;
  evaluation_survey_id: number | null;
  version: number;
}

const trainingColumns = [
  'id',
  'department_id',
  'year',
  'title',
  'competency_id',
  'provider',
  'jalur',
  'bentuk',
  'starts_on',
  'ends_on',
  'jp',
  'state',
  'evaluation_survey_id',
  'version',
] as const;
const n = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const trainingRow = (r: any): TrainingRow => ({
  ...r,
  id: Number(r.id),
  department_id: n(r.department_id),
  year: Number(r.year),
  competency_id: n(r.competency_id),
  jp: Number(r.jp),
  evaluation_survey_id: n(r.evaluation_survey_id),
  version: Number(r.version),
});

export async function lockTraining(trx: Transaction<Database>, id: number): Promise<TrainingRow | undefined> {
  let q = trx.selectFrom('trainings').select(trainingColumns).where('id', '=', id);
  if (onPostgres(trx)) q = q.forUpdate();
  const r = await q.executeTakeFirst();
  return r ? trainingRow(r) : undefined;
}

/** Completed (or evaluated) trainings of a year, by end date. */
export async function listCompletedTrainings(db: Db, year: number): Promise<TrainingRow[]> {
  const rows = await db
    .selectFrom('trainings')
    .select(trainingColumns)
    .where('year', '=', year)
    .where('state', 'in', ['completed', 'evaluated'])
    .orderBy('ends_on')
    .orderBy('id')
    .execute();
  return rows.map(trainingRow);
}

export interface ParticipationRow {
  id: number;
  training_id: number;
  user_id: number | null;
  name: string;
  nip: string;
  department_id: number | null;
  status: ParticipantStatus;
  completed_at: number | null;
  training: TrainingRow;
  plan: ActionPlanRow | null;
}

export interface ActionPlanRow {
  id: number;
  participant_id: number;
  plan: string;
  written_at: number;
  review_due_on: string;
  review: ActionReview | null;
  review_note: string;
  reviewed_by: number | null;
  reviewed_at: number | null;
  version: number;
}

const planRow = (r: any): ActionPlanRow => ({
  ...r,
  id: Number(r.id),
  participant_id: Number(r.participant_id),
  written_at: Number(r.written_at),
  reviewed_by: n(r.reviewed_by),
  reviewed_at: n(r.reviewed_at),
  version: Number(r.version),
});

async function plansOf(db: Db, participantIds: readonly number[]): Promise<Map<number, ActionPlanRow>> {
  const out = new Map<number, ActionPlanRow>();
  for (let i = 0; i < participantIds.length; i += 900) {
    const rows = await db
      .selectFrom('training_action_plans')
      .selectAll()
      .where('participant_id', 'in', participantIds.slice(i, i + 900) as number[])
      .execute();
    for (const r of rows) out.set(Number(r.participant_id), planRow(r));
  }
  return out;
}

async function participations(db: Db, filter: (q: any) => any): Promise<ParticipationRow[]> {
  const q = db
    .selectFrom('training_participants as p')
    .innerJoin('trainings as t', 't.id', 'p.training_id')
    .select([
      'p.id',
      'p.training_id',
      'p.user_id',
      'p.name',
      'p.nip',
      'p.department_id',
      'p.status',
      'p.completed_at',
      ...trainingColumns.map((c) => `t.${c} as t_${c}` as const),
    ]);
  const rows: any[] = await filter(q).orderBy('t.ends_on', 'desc').orderBy('p.id').execute();
  const plans = await plansOf(
    db,
    rows.map((r) => Number(r.id)),
  );
  return rows.map((r) => ({
    id: Number(r.id),
    training_id: Number(r.training_id),
    user_id: n(r.user_id),
    name: r.name,
    nip: r.nip,
    department_id: n(r.department_id),
    status: r.status,
    completed_at: n(r.completed_at),
    training: trainingRow(Object.fromEntries(trainingColumns.map((c) => [c, r[`t_${c}`]]))),
    plan: plans.get(Number(r.id)) ?? null,
  }));
}

export async function findParticipation(db: Db, id: number): Promise<ParticipationRow | undefined> {
  return (await participations(db, (q) => q.where('p.id', '=', id)))[0];
}

/** Completed participations of portal officers (some departments, or all), with their action plans. */
export async function listCompletedParticipations(db: Db, departmentIds?: readonly number[]): Promise<ParticipationRow[]> {
  return participations(db, (q) => {
    let r = q.where('p.status', '=', 'completed').where('p.user_id', 'is not', null);
    if (departmentIds) r = r.where('p.department_id', 'in', departmentIds.length ? (departmentIds as number[]) : [-1]);
    return r;
  });
}

/** Completed participants of some trainings: training id → user ids (portal officers only). */
export async function completedParticipantsOf(
  db: Db,
  trainingIds: readonly number[],
): Promise<Map<number, { userId: number; departmentId: number | null }[]>> {
  const out = new Map<number, { userId: number; departmentId: number | null }[]>();
  if (!trainingIds.length) return out;
  const rows = await db
    .selectFrom('training_participants')
    .select(['training_id', 'user_id', 'department_id'])
    .where('training_id', 'in', trainingIds as number[])
    .where('status', '=', 'completed')
    .where('user_id', 'is not', null)
    .execute();
  for (const r of rows) {
    const k = Number(r.training_id);
    out.set(k, [...(out.get(k) ?? []), { userId: Number(r.user_id), departmentId: n(r.department_id) }]);
  }
  return out;
}

export async function lockActionPlan(trx: Transaction<Database>, participantId: number): Promise<ActionPlanRow | undefined> {
  let q = trx.selectFrom('training_action_plans').selectAll().where('participant_id', '=', participantId);
  if (onPostgres(trx)) q = q.forUpdate();
  const r = await q.executeTakeFirst();
  return r ? planRow(r) : undefined;
}

/** Whether a user has answered a survey (the engine's "once" record; it says nothing of what they answered). */
export async function hasAnswered(db: Db, surveyId: number, userId: number): Promise<boolean> {
  return !!(await db
    .selectFrom('survey_participants')
    .select('user_id')
    .where('survey_id', '=', surveyId)
    .where('user_id', '=', userId)
    .executeTakeFirst());
}

export async function competencyNames(db: Db): Promise<Map<number, { name_id: string; name_en: string }>> {
  const rows = await db.selectFrom('competencies').select(['id', 'name_id', 'name_en']).execute();
  return new Map(rows.map((r) => [Number(r.id), { name_id: r.name_id, name_en: r.name_en }]));
}
