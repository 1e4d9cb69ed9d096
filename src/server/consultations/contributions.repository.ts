// Queries over contributions and what hangs on them: endorsements, reports, moderation, responses, tags.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Affiliation } from '../auth/auth.tables.ts';
import type { Database } from '../db/schema.ts';
import type { HideReason, ReportReason, Stance } from './consultations.tables.ts';

type Q = Kysely<Database> | Transaction<Database>;

const contributionColumns = [
  'contributions.id',
  'contributions.consultation_id',
  'contributions.question_id',
  'contributions.parent_id',
  'contributions.author_user_id',
  'contributions.affiliation',
  'contributions.affiliation_verified',
  'contributions.body',
  'contributions.stance',
  'contributions.endorsement_count',
  'contributions.report_count',
  'contributions.hidden',
  'contributions.hidden_reason',
  'contributions.hidden_by',
  'contributions.hidden_at',
  'contributions.moderated_at',
  'contributions.created_at',
  'users.name as author_name',
  'users.organisation as author_organisation',
] as const;

function withAuthor(db: Q) {
  return db.selectFrom('contributions').innerJoin('users', 'users.id', 'contributions.author_user_id').select(contributionColumns);
}

export async function findContribution(db: Q, id: number) {
  return withAuthor(db).where('contributions.id', '=', id).executeTakeFirst();
}
export type ContributionRow = NonNullable<Awaited<ReturnType<typeof findContribution>>>;

export async function insertContribution(
  trx: Q,
  v: {
    consultation_id: number;
    question_id: number | null;
    parent_id: number | null;
    author_user_id: number;
    affiliation: Affiliation | null;
    affiliation_verified: 0 | 1;
    body: string;
    stance: Stance | null;
    now: number;
  },
): Promise<number> {
  const { now, ...rest } = v;
  const row = await trx
    .insertInto('contributions')
    .values({ ...rest, created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface ContributionFilter {
  sort: 'newest' | 'endorsed';
  affiliation?: Affiliation | 'none';
  question?: number;
  limit: number;
  offset: number;
}

/** Top-level contributions of a consultation, hidden ones included (the page shows their placeholder). */
export async function listTopLevel(db: Q, consultationId: number, f: ContributionFilter) {
  let q = withAuthor(db).where('contributions.consultation_id', '=', consultationId).where('contributions.parent_id', 'is', null);
  if (f.affiliation === 'none') q = q.where('contributions.affiliation', 'is', null);
  else if (f.affiliation) q = q.where('contributions.affiliation', '=', f.affiliation);
  if (f.question) q = q.where('contributions.question_id', '=', f.question);
  q =
    f.sort === 'endorsed'
      ? q.orderBy('contributions.endorsement_count', 'desc').orderBy('contributions.id', 'desc')
      : q.orderBy('contributions.id', 'desc');
  return q.limit(f.limit).offset(f.offset).execute();
}

export async function countTopLevel(
  db: Q,
  consultationId: number,
  f: Omit<ContributionFilter, 'sort' | 'limit' | 'offset'>,
): Promise<number> {
  let q = db
    .selectFrom('contributions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('consultation_id', '=', consultationId)
    .where('parent_id', 'is', null);
  if (f.affiliation === 'none') q = q.where('affiliation', 'is', null);
  else if (f.affiliation) q = q.where('affiliation', '=', f.affiliation);
  if (f.question) q = q.where('question_id', '=', f.question);
  const r = await q.executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Every contribution of a consultation in order, for exports. */
export async function listAllContributions(db: Q, consultationId: number) {
  return withAuthor(db).where('contributions.consultation_id', '=', consultationId).orderBy('contributions.id').execute();
}

export async function listReplies(db: Q, parentIds: number[]) {
  if (parentIds.length === 0) return [];
  return withAuthor(db).where('contributions.parent_id', 'in', parentIds).orderBy('contributions.id').execute();
}

/** Visible top-level contributions by affiliation and stance, for the participation summary. */
export async function participationSummary(db: Q, consultationId: number) {
  const rows = await db
    .selectFrom('contributions')
    .select(['affiliation', 'stance', (eb) => eb.fn.countAll<number>().as('n')])
    .where('consultation_id', '=', consultationId)
    .where('parent_id', 'is', null)
    .where('hidden', '=', 0)
    .groupBy(['affiliation', 'stance'])
    .execute();
  return rows.map((r) => ({ affiliation: r.affiliation, stance: r.stance, n: Number(r.n) }));
}

/** Adds one endorsement; false when this person had already endorsed it (the primary key decides). */
export async function insertEndorsement(trx: Transaction<Database>, contributionId: number, userId: number, now: number): Promise<boolean> {
  const r = await trx
    .insertInto('contribution_endorsements')
    .values({ contribution_id: contributionId, user_id: userId, created_at: now })
    .onConflict((oc) => oc.columns(['contribution_id', 'user_id']).doNothing())
    .executeTakeFirst();
  const inserted = Number(r.numInsertedOrUpdatedRows ?? 0n) > 0;
  if (inserted) await bumpEndorsementCount(trx, contributionId, 1);
  return inserted;
}

export async function deleteEndorsement(trx: Transaction<Database>, contributionId: number, userId: number): Promise<boolean> {
  const r = await trx
    .deleteFrom('contribution_endorsements')
    .where('contribution_id', '=', contributionId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  const deleted = Number(r.numDeletedRows) > 0;
  if (deleted) await bumpEndorsementCount(trx, contributionId, -1);
  return deleted;
}

/**
 * An in-place increment, in the same transaction as the row it counts: the row lock orders concurrent
 * updates (a recount by subquery would not see another transaction's uncommitted row under READ COMMITTED).
 */
async function bumpEndorsementCount(trx: Q, contributionId: number, by: 1 | -1): Promise<void> {
  await trx
    .updateTable('contributions')
    .set({ endorsement_count: sql<number>`endorsement_count + ${by}` })
    .where('id', '=', contributionId)
    .execute();
}

export async function endorsedBy(db: Q, userId: number, contributionIds: number[]): Promise<Set<number>> {
  if (contributionIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('contribution_endorsements')
    .select('contribution_id')
    .where('user_id', '=', userId)
    .where('contribution_id', 'in', contributionIds)
    .execute();
  return new Set(rows.map((r) => r.contribution_id));
}

export async function reportedBy(db: Q, userId: number, contributionIds: number[]): Promise<Set<number>> {
  if (contributionIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('contribution_reports')
    .select('contribution_id')
    .where('user_id', '=', userId)
    .where('contribution_id', 'in', contributionIds)
    .execute();
  return new Set(rows.map((r) => r.contribution_id));
}

/** Records one report per person; returns the number of distinct reporters afterwards, or null if already reported. */
export async function insertReport(
  trx: Transaction<Database>,
  contributionId: number,
  userId: number,
  reason: ReportReason,
  now: number,
): Promise<number | null> {
  const r = await trx
    .insertInto('contribution_reports')
    .values({ contribution_id: contributionId, user_id: userId, reason, created_at: now })
    .onConflict((oc) => oc.columns(['contribution_id', 'user_id']).doNothing())
    .executeTakeFirst();
  if (Number(r.numInsertedOrUpdatedRows ?? 0n) === 0) return null;
  const row = await trx
    .updateTable('contributions')
    .set({ report_count: sql<number>`report_count + 1` })
    .where('id', '=', contributionId)
    .returning('report_count')
    .executeTakeFirstOrThrow();
  return Number(row.report_count);
}

/** The reason most reporters gave (ties: the first in the list's order). */
export async function dominantReportReason(db: Q, contributionId: number): Promise<ReportReason> {
  const rows = await db
    .selectFrom('contribution_reports')
    .select(['reason', (eb) => eb.fn.countAll<number>().as('n')])
    .where('contribution_id', '=', contributionId)
    .groupBy('reason')
    .execute();
  const order: ReportReason[] = ['spam', 'menyinggung', 'tidak_relevan'];
  rows.sort((a, b) => Number(b.n) - Number(a.n) || order.indexOf(a.reason) - order.indexOf(b.reason));
  return rows[0]?.reason ?? 'spam';
}

export async function reportReasonCounts(db: Q, contributionIds: number[]) {
  if (contributionIds.length === 0) return [];
  const rows = await db
    .selectFrom('contribution_reports')
    .select(['contribution_id', 'reason', (eb) => eb.fn.countAll<number>().as('n')])
    .where('contribution_id', 'in', contributionIds)
    .groupBy(['contribution_id', 'reason'])
    .execute();
  return rows.map((r) => ({ contributionId: r.contribution_id, reason: r.reason, n: Number(r.n) }));
}

export async function setHidden(
  trx: Q,
  id: number,
  v: { hidden: boolean; reason: HideReason | null; by: 'reports' | 'moderator' | null; now: number; moderated: boolean },
): Promise<void> {
  await trx
    .updateTable('contributions')
    .set({
      hidden: v.hidden ? 1 : 0,
      hidden_reason: v.hidden ? v.reason : null,
      hidden_by: v.hidden ? v.by : null,
      hidden_at: v.hidden ? v.now : null,
      ...(v.moderated ? { moderated_at: v.now } : {}),
    })
    .where('id', '=', id)
    .execute();
}

export async function insertModerationDecision(
  trx: Q,
  v: {
    contribution_id: number;
    moderator_user_id: number;
    action: 'hide' | 'restore';
    reason: HideReason | 'tidak_melanggar';
    note: string;
    now: number;
  },
): Promise<void> {
  const { now, ...rest } = v;
  await trx
    .insertInto('moderation_decisions')
    .values({ ...rest, created_at: now })
    .execute();
}

/** The moderation queue: reported or hidden contributions of one consultation, most reported first. */
export async function listModerationQueue(db: Q, consultationId: number) {
  return withAuthor(db)
    .where('contributions.consultation_id', '=', consultationId)
    .where((eb) => eb.or([eb('contributions.report_count', '>', 0), eb('contributions.hidden', '=', 1)]))
    .orderBy('contributions.hidden_by', 'desc')
    .orderBy('contributions.report_count', 'desc')
    .orderBy('contributions.id')
    .execute();
}

export async function insertResponse(
  trx: Q,
  v: { contribution_id: number; department_id: number; author_user_id: number; body: string; now: number },
): Promise<number> {
  const { now, ...rest } = v;
  const row = await trx
    .insertInto('official_responses')
    .values({ ...rest, created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function listResponses(db: Q, contributionIds: number[]) {
  if (contributionIds.length === 0) return [];
  return db
    .selectFrom('official_responses')
    .innerJoin('departments', 'departments.id', 'official_responses.department_id')
    .select([
      'official_responses.id',
      'official_responses.contribution_id',
      'official_responses.body',
      'official_responses.created_at',
      'departments.name as department_name',
    ])
    .where('official_responses.contribution_id', 'in', contributionIds)
    .orderBy('official_responses.id')
    .execute();
}

export async function replaceTags(trx: Q, contributionId: number, competencyIds: number[], by: number, now: number): Promise<void> {
  await trx.deleteFrom('contribution_competencies').where('contribution_id', '=', contributionId).execute();
  if (competencyIds.length === 0) return;
  await trx
    .insertInto('contribution_competencies')
    .values(
      [...new Set(competencyIds)].map((competency_id) => ({
        contribution_id: contributionId,
        competency_id,
        tagged_by: by,
        created_at: now,
      })),
    )
    .execute();
}

export async function listTags(db: Q, contributionIds: number[]) {
  if (contributionIds.length === 0) return [];
  return db
    .selectFrom('contribution_competencies')
    .innerJoin('competencies', 'competencies.id', 'contribution_competencies.competency_id')
    .select([
      'contribution_competencies.contribution_id',
      'competencies.id',
      'competencies.code',
      'competencies.name_id',
      'competencies.name_en',
    ])
    .where('contribution_competencies.contribution_id', 'in', contributionIds)
    .orderBy('competencies.name_id')
    .execute();
}

/** Reported contributions no moderator has decided on yet (auto-hidden ones included). */
export async function countAwaitingModeration(db: Q, consultationId: number): Promise<number> {
  const r = await db
    .selectFrom('contributions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('consultation_id', '=', consultationId)
    .where('report_count', '>', 0)
    .where('moderated_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
