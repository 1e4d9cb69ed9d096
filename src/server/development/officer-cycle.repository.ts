// Queries of an officer's part in the development cycle: their trainings, their proposals of training
// needs (usulan kebutuhan pengembangan) and comments on their department's draft plan.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Jalur } from './development.tables.ts';
import type { ParticipantStatus, TrainingState } from './training.tables.ts';

type Q = Kysely<Database> | Transaction<Database>;
const num = (v: unknown) => Number(v);

export interface MyTrainingRow {
  participantId: number;
  title: string;
  startsOn: string;
  endsOn: string;
  jp: number;
  jpCredited: number;
  status: ParticipantStatus;
  state: TrainingState;
  certificateNo: string;
  year: number;
}

/** The user's participations (by account, or by their NIP when entered before the account was linked). */
export async function listMyTrainings(db: Q, userId: number, nip: string | null): Promise<MyTrainingRow[]> {
  const rows = await db
    .selectFrom('training_participants as p')
    .innerJoin('trainings as t', 't.id', 'p.training_id')
    .select(['p.id', 't.title', 't.starts_on', 't.ends_on', 't.jp', 'p.jp_credited', 'p.status', 't.state', 'p.certificate_no', 't.year'])
    .where((eb) =>
      nip
        ? eb.or([eb('p.user_id', '=', userId), eb.and([eb('p.user_id', 'is', null), eb('p.nip', '=', nip)])])
        : eb('p.user_id', '=', userId),
    )
    .orderBy('t.starts_on', 'desc')
    .orderBy('p.id', 'desc')
    .execute();
  return rows.map((r) => ({
    participantId: num(r.id),
    title: r.title,
    startsOn: r.starts_on,
    endsOn: r.ends_on,
    jp: num(r.jp),
    jpCredited: num(r.jp_credited),
    status: r.status,
    state: r.state,
    certificateNo: r.certificate_no,
    year: num(r.year),
  }));
}

export interface ProposalRow {
  id: number;
  year: number;
  competencyId: number;
  competencyNameId: string;
  competencyNameEn: string;
  reason: string;
  jalur: Jalur | null;
  createdAt: number;
}

function proposals(db: Q) {
  return db
    .selectFrom('training_proposals as p')
    .innerJoin('competencies as c', 'c.id', 'p.competency_id')
    .select(['p.id', 'p.year', 'p.competency_id', 'c.name_id', 'c.name_en', 'p.reason', 'p.jalur', 'p.created_at']);
}

const toProposal = (r: {
  id: unknown;
  year: unknown;
  competency_id: unknown;
  name_id: string;
  name_en: string;
  reason: string;
  jalur: Jalur | null;
  created_at: unknown;
}): ProposalRow => ({
  id: num(r.id),
  year: num(r.year),
  competencyId: num(r.competency_id),
  competencyNameId: r.name_id,
  competencyNameEn: r.name_en,
  reason: r.reason,
  jalur: r.jalur,
  createdAt: num(r.created_at),
});

export async function listProposalsOfUser(db: Q, userId: number): Promise<ProposalRow[]> {
  return (await proposals(db).where('p.user_id', '=', userId).orderBy('p.created_at', 'desc').orderBy('p.id', 'desc').execute()).map(
    toProposal,
  );
}

/** A department's proposals for a plan year, without who made them (the plan editor shows the needs). */
export async function listProposalsOfDepartment(db: Q, departmentId: number, year: number): Promise<ProposalRow[]> {
  return (
    await proposals(db)
      .where('p.department_id', '=', departmentId)
      .where('p.year', '=', year)
      .orderBy('c.name_id')
      .orderBy('p.id')
      .execute()
  ).map(toProposal);
}

/** Competency id → proposals of the department for the plan year. */
export async function countProposalsByCompetency(db: Q, departmentId: number, year: number): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom('training_proposals')
    .select(['competency_id', (eb) => eb.fn.countAll().as('n')])
    .where('department_id', '=', departmentId)
    .where('year', '=', year)
    .groupBy('competency_id')
    .execute();
  return new Map(rows.map((r) => [num(r.competency_id), num(r.n)]));
}

export async function insertProposal(
  trx: Transaction<Database>,
  v: { userId: number; departmentId: number; year: number; competencyId: number; reason: string; jalur: Jalur | null; now: number },
): Promise<number> {
  const r = await trx
    .insertInto('training_proposals')
    .values({
      user_id: v.userId,
      department_id: v.departmentId,
      year: v.year,
      competency_id: v.competencyId,
      reason: v.reason,
      jalur: v.jalur,
      created_at: v.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return num(r.id);
}

export interface PlanCommentRow {
  id: number;
  body: string;
  authorName: string | null;
  mine: boolean;
  createdAt: number;
}

export async function listPlanComments(db: Q, planId: number, viewerId?: number): Promise<PlanCommentRow[]> {
  const rows = await db
    .selectFrom('training_plan_comments as c')
    .leftJoin('users as u', 'u.id', 'c.user_id')
    .select(['c.id', 'c.body', 'c.user_id', 'u.name', 'c.created_at'])
    .where('c.plan_id', '=', planId)
    .orderBy('c.created_at')
    .orderBy('c.id')
    .execute();
  return rows.map((r) => ({
    id: num(r.id),
    body: r.body,
    authorName: r.name ?? null,
    mine: viewerId !== undefined && r.user_id !== null && num(r.user_id) === viewerId,
    createdAt: num(r.created_at),
  }));
}

export async function insertPlanComment(
  trx: Transaction<Database>,
  v: { planId: number; userId: number; body: string; now: number },
): Promise<number> {
  const r = await trx
    .insertInto('training_plan_comments')
    .values({ plan_id: v.planId, user_id: v.userId, body: v.body, created_at: v.now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return num(r.id);
}
