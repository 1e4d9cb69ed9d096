// Queries over consultations, their questions, follows and outcome commitments.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { CommitmentStatus, ConsultationState } from './consultations.tables.ts';
import { onPostgres } from '../db/row-locks.ts';

type Q = Kysely<Database> | Transaction<Database>;

export async function findConsultationById(db: Q, id: number) {
  return db
    .selectFrom('consultations')
    .innerJoin('departments', 'departments.id', 'consultations.department_id')
    .selectAll('consultations')
    .select(['departments.name as department_name', 'departments.short_name as department_short_name'])
    .where('consultations.id', '=', id)
    .executeTakeFirst();
}
export type ConsultationRow = NonNullable<Awaited<ReturnType<typeof findConsultationById>>>;

export async function lockConsultation(trx: Transaction<Database>, id: number) {
  let q = trx.selectFrom('consultations').selectAll().where('id', '=', id);
  if (onPostgres(trx)) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function insertConsultation(
  trx: Q,
  v: {
    department_id: number;
    title: string;
    summary: string;
    body: string;
    target_groups: string;
    opens_at: number;
    closes_at: number;
    created_by: number;
    now: number;
  },
): Promise<number> {
  const { now, ...rest } = v;
  const row = await trx
    .insertInto('consultations')
    .values({
      ...rest,
      state: 'draft',
      outcome_summary: null,
      published_at: null,
      closed_at: null,
      concluded_at: null,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateConsultationFields(
  trx: Q,
  id: number,
  v: Partial<{
    title: string;
    summary: string;
    body: string;
    target_groups: string;
    opens_at: number;
    closes_at: number;
    state: ConsultationState;
    outcome_summary: string;
    published_at: number;
    closed_at: number;
    concluded_at: number;
    updated_at: number;
  }>,
): Promise<void> {
  await trx.updateTable('consultations').set(v).where('id', '=', id).execute();
}

export async function replaceQuestions(trx: Q, consultationId: number, prompts: string[]): Promise<void> {
  // Keep the ids of unchanged prompts so contributions stay attached to their question.
  const existing = await listQuestions(trx, consultationId);
  const keep = new Map(existing.map((q) => [q.prompt, q.id]));
  const kept = new Set<number>();
  for (const [i, prompt] of prompts.entries()) {
    const id = keep.get(prompt);
    if (id !== undefined && !kept.has(id)) {
      kept.add(id);
      await trx
        .updateTable('consultation_questions')
        .set({ position: i + 1 })
        .where('id', '=', id)
        .execute();
    } else {
      const row = await trx
        .insertInto('consultation_questions')
        .values({ consultation_id: consultationId, position: i + 1, prompt })
        .returning('id')
        .executeTakeFirstOrThrow();
      kept.add(row.id);
    }
  }
  const gone = existing.filter((q) => !kept.has(q.id)).map((q) => q.id);
  if (gone.length) await trx.deleteFrom('consultation_questions').where('id', 'in', gone).execute();
}

export async function listQuestions(db: Q, consultationId: number) {
  return db.selectFrom('consultation_questions').selectAll().where('consultation_id', '=', consultationId).orderBy('position').execute();
}

/** Published consultations (open, closed, concluded), newest closing first. */
export async function listPublishedConsultations(db: Q) {
  return db
    .selectFrom('consultations')
    .innerJoin('departments', 'departments.id', 'consultations.department_id')
    .select([
      'consultations.id',
      'consultations.title',
      'consultations.summary',
      'consultations.state',
      'consultations.opens_at',
      'consultations.closes_at',
      'consultations.department_id',
      'consultations.target_groups',
      'departments.name as department_name',
    ])
    .select((eb) =>
      eb
        .selectFrom('contributions')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('contributions.consultation_id', '=', 'consultations.id')
        .where('contributions.parent_id', 'is', null)
        .where('contributions.hidden', '=', 0)
        .as('contribution_count'),
    )
    .select((eb) =>
      eb
        .selectFrom('contributions')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('contributions.consultation_id', '=', 'consultations.id')
        .where('contributions.report_count', '>', 0)
        .where('contributions.moderated_at', 'is', null)
        .as('awaiting_moderation'),
    )
    .where('consultations.state', '!=', 'draft')
    .orderBy('consultations.closes_at', 'desc')
    .limit(500)
    .execute();
}

/** Drafts a staff member may see: their department's, or all for an admin (departmentId null). */
export async function listDrafts(db: Q, departmentId: number | null) {
  let q = db
    .selectFrom('consultations')
    .innerJoin('departments', 'departments.id', 'consultations.department_id')
    .select(['consultations.id', 'consultations.title', 'consultations.updated_at', 'departments.name as department_name'])
    .where('consultations.state', '=', 'draft');
  if (departmentId !== null) q = q.where('consultations.department_id', '=', departmentId);
  return q.orderBy('consultations.updated_at', 'desc').execute();
}

/** Opens → closed for every consultation whose closing time has passed; returns their ids. */
export async function closeDue(db: Q, now: number): Promise<number[]> {
  const rows = await db
    .updateTable('consultations')
    .set({ state: 'closed', closed_at: sql<number>`closes_at`, updated_at: now })
    .where('state', '=', 'open')
    .where('closes_at', '<=', now)
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

export async function isFollowing(db: Q, consultationId: number, userId: number): Promise<boolean> {
  const r = await db
    .selectFrom('consultation_follows')
    .select('user_id')
    .where('consultation_id', '=', consultationId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return r !== undefined;
}

export async function addFollow(db: Q, consultationId: number, userId: number, now: number): Promise<void> {
  await db
    .insertInto('consultation_follows')
    .values({ consultation_id: consultationId, user_id: userId, created_at: now })
    .onConflict((oc) => oc.columns(['consultation_id', 'user_id']).doNothing())
    .execute();
}

export async function removeFollow(db: Q, consultationId: number, userId: number): Promise<void> {
  await db.deleteFrom('consultation_follows').where('consultation_id', '=', consultationId).where('user_id', '=', userId).execute();
}

/** Followers who can receive email (not disabled or erased). */
export async function listFollowers(db: Q, consultationId: number) {
  return db
    .selectFrom('consultation_follows')
    .innerJoin('users', 'users.id', 'consultation_follows.user_id')
    .select(['users.id', 'users.email', 'users.locale'])
    .where('consultation_follows.consultation_id', '=', consultationId)
    .where('users.disabled_at', 'is', null)
    .where('users.erased_at', 'is', null)
    .execute();
}

export async function insertCommitments(
  trx: Q,
  consultationId: number,
  rows: { text: string; owner: string; due_date: string }[],
  now: number,
): Promise<void> {
  if (rows.length === 0) return;
  await trx
    .insertInto('consultation_commitments')
    .values(
      rows.map((r, i) => ({
        consultation_id: consultationId,
        position: i + 1,
        ...r,
        status: 'direncanakan' as const,
        progress: 0,
        created_at: now,
        updated_at: now,
      })),
    )
    .execute();
}

export async function listCommitments(db: Q, consultationId: number) {
  return db.selectFrom('consultation_commitments').selectAll().where('consultation_id', '=', consultationId).orderBy('position').execute();
}

export async function findCommitment(db: Q, id: number) {
  return db.selectFrom('consultation_commitments').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateCommitmentProgress(
  trx: Q,
  v: { id: number; status: CommitmentStatus; progress: number; note: string; author: number; now: number },
): Promise<void> {
  await trx
    .updateTable('consultation_commitments')
    .set({ status: v.status, progress: v.progress, updated_at: v.now })
    .where('id', '=', v.id)
    .execute();
  await trx
    .insertInto('commitment_updates')
    .values({ commitment_id: v.id, status: v.status, progress: v.progress, note: v.note, author_user_id: v.author, created_at: v.now })
    .execute();
}

export async function listCommitmentUpdates(db: Q, commitmentIds: number[]) {
  if (commitmentIds.length === 0) return [];
  return db
    .selectFrom('commitment_updates')
    .selectAll()
    .where('commitment_id', 'in', commitmentIds)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

export async function listCompetencies(db: Q, opts: { activeOnly?: boolean } = {}) {
  let q = db.selectFrom('competencies').selectAll().orderBy('kind').orderBy('name_id');
  if (opts.activeOnly) q = q.where('active', '=', 1);
  return q.execute();
}

export async function insertCompetency(
  db: Q,
  v: { code: string; name_id: string; name_en: string; kind: 'teknis' | 'manajerial' | 'sosial_kultural'; now: number },
) {
  const { now, ...rest } = v;
  return db
    .insertInto('competencies')
    .values({ ...rest, created_at: now })
    .onConflict((oc) => oc.column('code').doNothing())
    .returning('id')
    .executeTakeFirst();
}

export async function updateCompetency(
  db: Q,
  id: number,
  v: { name_id: string; name_en: string; kind: 'teknis' | 'manajerial' | 'sosial_kultural' },
): Promise<boolean> {
  const r = await db.updateTable('competencies').set(v).where('id', '=', id).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function setCompetencyActive(db: Q, id: number, active: boolean): Promise<void> {
  await db
    .updateTable('competencies')
    .set({ active: active ? 1 : 0 })
    .where('id', '=', id)
    .execute();
}
