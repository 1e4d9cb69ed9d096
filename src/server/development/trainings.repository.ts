// Queries of the trainings (kegiatan pengembangan kompetensi): the list of a year, one training (its
// participants and attendance are in training-participants.repository.ts), the final plans' items a
// training can come from, and the realised-JP rows of the exports. Numbers from PostgreSQL's bigint
// columns are turned into numbers here.
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Jalur } from './development.tables.ts';
import type { TrainingState, TrainingsTable } from './training.tables.ts';
import { onPostgres } from '../db/row-locks.ts';

type Q = Kysely<Database> | Transaction<Database>;
const num = (v: unknown) => Number(v);
const numOrNull = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/** What a training is made of: the table's own columns a form sets. */
export type TrainingValues = Pick<
  Selectable<TrainingsTable>,
  | 'department_id'
  | 'plan_item_id'
  | 'year'
  | 'title'
  | 'competency_id'
  | 'kind'
  | 'jalur'
  | 'bentuk'
  | 'provider'
  | 'starts_on'
  | 'ends_on'
  | 'jp'
  | 'place'
  | 'capacity'
>;

export interface TrainingRow extends TrainingValues {
  id: number;
  department_code: string | null;
  department_name: string | null;
  competency_name_id: string | null;
  competency_name_en: string | null;
  state: TrainingState;
  cancel_reason: string;
  version: number;
  participants: number;
}

function baseQuery(db: Q) {
  return db
    .selectFrom('trainings as t')
    .leftJoin('departments as d', 'd.id', 't.department_id')
    .leftJoin('competencies as c', 'c.id', 't.competency_id')
    .select([
      't.id',
      't.department_id',
      'd.code as department_code',
      'd.name as department_name',
      't.plan_item_id',
      't.year',
      't.title',
      't.competency_id',
      'c.name_id as competency_name_id',
      'c.name_en as competency_name_en',
      't.kind',
      't.jalur',
      't.bentuk',
      't.provider',
      't.starts_on',
      't.ends_on',
      't.jp',
      't.place',
      't.capacity',
      't.state',
      't.cancel_reason',
      't.version',
    ])
    .select((eb) =>
      eb
        .selectFrom('training_participants as p')
        .select((e) => e.fn.countAll().as('n'))
        .whereRef('p.training_id', '=', 't.id')
        .where('p.status', '!=', 'withdrawn')
        .as('participants'),
    );
}

function toTraining(r: Record<string, unknown>): TrainingRow {
  return {
    ...(r as unknown as TrainingRow),
    id: num(r.id),
    department_id: numOrNull(r.department_id),
    plan_item_id: numOrNull(r.plan_item_id),
    year: num(r.year),
    competency_id: numOrNull(r.competency_id),
    jp: num(r.jp),
    capacity: numOrNull(r.capacity),
    version: num(r.version),
    participants: num(r.participants ?? 0),
  };
}

export async function listTrainings(
  db: Q,
  f: { year: number; departmentIds?: number[]; departmentId?: number; state?: TrainingState },
): Promise<TrainingRow[]> {
  let q = baseQuery(db).where('t.year', '=', f.year);
  if (f.departmentIds) q = q.where('t.department_id', 'in', f.departmentIds.length ? f.departmentIds : [-1]);
  if (f.departmentId !== undefined) q = q.where('t.department_id', '=', f.departmentId);
  if (f.state) q = q.where('t.state', '=', f.state);
  const rows = await q.orderBy('t.starts_on').orderBy('t.id').execute();
  return rows.map(toTraining);
}

export async function findTraining(db: Q, id: number): Promise<TrainingRow | undefined> {
  const r = await baseQuery(db).where('t.id', '=', id).executeTakeFirst();
  return r ? toTraining(r) : undefined;
}

/** The training row locked for the rest of the transaction (PostgreSQL; SQLite's BEGIN IMMEDIATE already serialises). */
export async function lockTraining(trx: Transaction<Database>, id: number): Promise<TrainingRow | undefined> {
  const postgres = onPostgres(trx);
  let q = trx.selectFrom('trainings').select('id').where('id', '=', id);
  if (postgres) q = q.forUpdate();
  if (!(await q.executeTakeFirst())) return undefined;
  return findTraining(trx, id);
}

/** Compare-and-set: bumps the version only when it is still the one the form was made from. */
export async function bumpTraining(trx: Q, id: number, version: number, set: Record<string, unknown>, now: number): Promise<boolean> {
  const r = await trx
    .updateTable('trainings')
    .set({ ...set, version: version + 1, updated_at: now })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function insertTraining(trx: Q, v: TrainingValues, by: number | null, now: number): Promise<number> {
  const r = await trx
    .insertInto('trainings')
    .values({ ...v, created_by: by, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return num(r.id);
}

/** The items of the final plans of a year (of the given departments; all when undefined) a training can come from. */
export async function listFinalPlanItems(db: Q, year: number, departmentIds?: number[]) {
  let q = db
    .selectFrom('training_plan_items as i')
    .innerJoin('training_plans as pl', 'pl.id', 'i.plan_id')
    .innerJoin('departments as d', 'd.id', 'pl.department_id')
    .leftJoin('competencies as c', 'c.id', 'i.competency_id')
    .select([
      'i.id',
      'pl.department_id',
      'd.code as department_code',
      'd.short_name',
      'i.competency_id',
      'c.name_id',
      'c.name_en',
      'i.kind',
      'i.jalur',
      'i.bentuk',
      'i.jp',
      'i.provider',
      'i.target',
    ])
    .where('pl.year', '=', year)
    .where('pl.status', '=', 'final');
  if (departmentIds) q = q.where('pl.department_id', 'in', departmentIds.length ? departmentIds : [-1]);
  const rows = await q.orderBy('d.code').orderBy('i.position').orderBy('i.id').execute();
  return rows.map((r) => ({
    ...r,
    id: num(r.id),
    department_id: num(r.department_id),
    competency_id: numOrNull(r.competency_id),
    jp: num(r.jp),
  }));
}
export type FinalPlanItem = Awaited<ReturnType<typeof listFinalPlanItems>>[number];

export interface RealisedRow {
  nip: string;
  name: string;
  participant_department_id: number | null;
  training_id: number;
  title: string;
  bentuk: string;
  jalur: Jalur;
  jp: number;
  starts_on: string;
  ends_on: string;
  provider: string;
  certificate_no: string;
}

/**
 * The completed participations of a year (realised JP), optionally only those of one department: the
 * participant's department, or — for an external PNS without one — the training's department.
 */
export async function listRealised(db: Q, year: number, departmentId?: number): Promise<RealisedRow[]> {
  let q = db
    .selectFrom('training_participants as p')
    .innerJoin('trainings as t', 't.id', 'p.training_id')
    .select([
      'p.nip',
      'p.name',
      'p.department_id as participant_department_id',
      't.id as training_id',
      't.title',
      't.bentuk',
      't.jalur',
      'p.jp_credited as jp',
      't.starts_on',
      't.ends_on',
      't.provider',
      'p.certificate_no',
    ])
    .where('t.year', '=', year)
    .where('p.status', '=', 'completed')
    .where('t.state', '!=', 'cancelled');
  if (departmentId !== undefined) {
    q = q.where((eb) =>
      eb.or([
        eb('p.department_id', '=', departmentId),
        eb.and([eb('p.department_id', 'is', null), eb('t.department_id', '=', departmentId)]),
      ]),
    );
  }
  const rows = await q.orderBy('p.nip').orderBy('t.starts_on').orderBy('t.id').execute();
  return rows.map((r) => ({
    ...r,
    participant_department_id: numOrNull(r.participant_department_id),
    training_id: num(r.training_id),
    jp: num(r.jp),
  }));
}

export async function findDepartmentById(db: Q, id: number) {
  const d = await db.selectFrom('departments').select(['id', 'code', 'name']).where('id', '=', id).executeTakeFirst();
  return d ? { ...d, id: num(d.id) } : undefined;
}
