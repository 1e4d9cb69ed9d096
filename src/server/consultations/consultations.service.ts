// Commands of a consultation's life: create, edit, publish, close by date, conclude, follow, commitments.
import type { Kysely } from 'kysely';
import { appendAudit } from '../audit/audit.repository.ts';
import type { SessionUser } from '../auth/session.ts';
import type { Database } from '../db/schema.ts';
import { translator, isLocale } from '../../i18n/index.ts';
import { enqueueEmail } from '../notifications/outbox.ts';
import { ConsultationError } from './errors.ts';
import {
  canConclude,
  canCreateConsultation,
  canEditConsultation,
  canManageCompetencies,
  canManageConsultation,
  canViewConsultation,
  phaseOf,
} from './consultations.policy.ts';
import * as repo from './consultations.repository.ts';
import type { CommitmentStatus } from './consultations.tables.ts';

export interface Ctx {
  actor: SessionUser;
  now: Date;
  requestId?: string;
}

export interface ConsultationFields {
  departmentId: number;
  title: string;
  summary: string;
  body: string;
  questions: string[];
  targetGroups: string[];
  opensAt: Date;
  closesAt: Date;
}

function audit(ctx: Ctx) {
  return { actor: { id: ctx.actor.id, role: ctx.actor.role }, requestId: ctx.requestId ?? null, at: ctx.now };
}

export async function createConsultation(db: Kysely<Database>, ctx: Ctx, f: ConsultationFields): Promise<number> {
  if (!canCreateConsultation(ctx.actor) || !canManageConsultation(ctx.actor, { department_id: f.departmentId }))
    throw new ConsultationError('not_found');
  if (f.closesAt <= f.opensAt) throw new ConsultationError('invalid');
  return db.transaction().execute(async (trx) => {
    const id = await repo.insertConsultation(trx, {
      department_id: f.departmentId,
      title: f.title,
      summary: f.summary,
      body: f.body,
      target_groups: f.targetGroups.join(','),
      opens_at: f.opensAt.getTime(),
      closes_at: f.closesAt.getTime(),
      created_by: ctx.actor.id,
      now: ctx.now.getTime(),
    });
    await repo.replaceQuestions(trx, id, f.questions);
    await appendAudit(trx, {
      ...audit(ctx),
      action: 'consultation.created',
      objectType: 'consultation',
      objectId: id,
      details: { department: f.departmentId },
    });
    return id;
  });
}

/** Loads a consultation the actor may manage, or throws not_found (the same for another department's). */
export async function managedConsultation(db: Kysely<Database>, actor: SessionUser | null, id: number) {
  const c = await repo.findConsultationById(db, id);
  if (!c || !canManageConsultation(actor, c)) throw new ConsultationError('not_found');
  return c;
}

export async function visibleConsultation(db: Kysely<Database>, viewer: SessionUser | null, id: number) {
  const c = await repo.findConsultationById(db, id);
  if (!c || !canViewConsultation(viewer, c)) throw new ConsultationError('not_found');
  return c;
}

export async function updateConsultation(
  db: Kysely<Database>,
  ctx: Ctx,
  id: number,
  f: Omit<ConsultationFields, 'departmentId'>,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const c = await repo.lockConsultation(trx, id);
    if (!c || !canManageConsultation(ctx.actor, c)) throw new ConsultationError('not_found');
    if (!canEditConsultation(ctx.actor, c, ctx.now)) throw new ConsultationError('invalid_state');
    if (f.closesAt <= f.opensAt) throw new ConsultationError('invalid');
    await repo.updateConsultationFields(trx, id, {
      title: f.title,
      summary: f.summary,
      body: f.body,
      target_groups: f.targetGroups.join(','),
      opens_at: f.opensAt.getTime(),
      closes_at: f.closesAt.getTime(),
      updated_at: ctx.now.getTime(),
    });
    await repo.replaceQuestions(trx, id, f.questions);
    await appendAudit(trx, { ...audit(ctx), action: 'consultation.updated', objectType: 'consultation', objectId: id });
  });
}

/** draft → open. It becomes visible at once; contributions are accepted from opens_at to closes_at. */
export async function publishConsultation(db: Kysely<Database>, ctx: Ctx, id: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const c = await repo.lockConsultation(trx, id);
    if (!c || !canManageConsultation(ctx.actor, c)) throw new ConsultationError('not_found');
    if (c.state !== 'draft') throw new ConsultationError('invalid_state');
    if (Number(c.closes_at) <= ctx.now.getTime()) throw new ConsultationError('invalid');
    await repo.updateConsultationFields(trx, id, { state: 'open', published_at: ctx.now.getTime(), updated_at: ctx.now.getTime() });
    await appendAudit(trx, { ...audit(ctx), action: 'consultation.published', objectType: 'consultation', objectId: id });
  });
}

/** The scheduled job: stores 'closed' for consultations past their closing time (reads apply the clock anyway). */
export async function closeDueConsultations(db: Kysely<Database>, now: Date): Promise<number[]> {
  return db.transaction().execute(async (trx) => {
    const ids = await repo.closeDue(trx, now.getTime());
    for (const id of ids)
      await appendAudit(trx, { actor: null, action: 'consultation.closed', objectType: 'consultation', objectId: id, at: now });
    return ids;
  });
}

/** closed → concluded, publishing "yang kami dengar" and "yang akan kami lakukan"; followers are told. */
export async function concludeConsultation(
  db: Kysely<Database>,
  ctx: Ctx,
  id: number,
  v: { outcomeSummary: string; commitments: { text: string; owner: string; due_date: string }[] },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const c = await repo.lockConsultation(trx, id);
    if (!c || !canManageConsultation(ctx.actor, c)) throw new ConsultationError('not_found');
    if (!canConclude(ctx.actor, c, ctx.now)) throw new ConsultationError('invalid_state');
    const t = ctx.now.getTime();
    await repo.updateConsultationFields(trx, id, {
      state: 'concluded',
      outcome_summary: v.outcomeSummary,
      concluded_at: t,
      closed_at: c.closed_at ?? Number(c.closes_at),
      updated_at: t,
    });
    await repo.insertCommitments(trx, id, v.commitments, t);
    await appendAudit(trx, {
      ...audit(ctx),
      action: 'consultation.concluded',
      objectType: 'consultation',
      objectId: id,
      details: { commitments: v.commitments.length },
    });
    await notifyFollowers(trx, id, c.title, 'concluded', `consultation.concluded:${id}`, ctx.now);
  });
}

export async function updateCommitment(
  db: Kysely<Database>,
  ctx: Ctx,
  commitmentId: number,
  v: { status: CommitmentStatus; progress: number; note: string },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const m = await repo.findCommitment(trx, commitmentId);
    const c = m && (await repo.findConsultationById(trx, m.consultation_id));
    if (!m || !c || !canManageConsultation(ctx.actor, c)) throw new ConsultationError('not_found');
    if (c.state !== 'concluded') throw new ConsultationError('invalid_state');
    const progress = v.status === 'selesai' ? 100 : v.progress;
    await repo.updateCommitmentProgress(trx, {
      id: commitmentId,
      status: v.status,
      progress,
      note: v.note,
      author: ctx.actor.id,
      now: ctx.now.getTime(),
    });
    await appendAudit(trx, {
      ...audit(ctx),
      action: 'consultation.commitment_updated',
      objectType: 'consultation_commitment',
      objectId: commitmentId,
      details: { consultation: c.id, status: v.status, progress },
    });
  });
}

export async function setFollowing(db: Kysely<Database>, user: SessionUser, id: number, follow: boolean, now: Date): Promise<void> {
  const c = await repo.findConsultationById(db, id);
  if (!c || !canViewConsultation(user, c) || c.state === 'draft') throw new ConsultationError('not_found');
  if (follow) await repo.addFollow(db, id, user.id, now.getTime());
  else await repo.removeFollow(db, id, user.id);
}

/** One email per follower and event, in the follower's language, through the outbox. */
export async function notifyFollowers(
  db: Kysely<Database>,
  consultationId: number,
  title: string,
  event: 'responded' | 'concluded',
  dedupe: string,
  now: Date,
): Promise<void> {
  const followers = await repo.listFollowers(db, consultationId);
  for (const f of followers) {
    const t = translator(isLocale(f.locale) ? f.locale : 'id');
    await enqueueEmail(db, {
      to: f.email,
      locale: f.locale,
      subject: t(event === 'concluded' ? 'consultations.email.concludedSubject' : 'consultations.email.respondedSubject', { title }),
      text: t(event === 'concluded' ? 'consultations.email.concludedText' : 'consultations.email.respondedText', {
        title,
        path: `/consultations/${consultationId}`,
      }),
      topic: `consultation.${event}`,
      dedupeKey: `${dedupe}:${f.id}`,
      now,
    });
  }
}

export { phaseOf };

/** Adds a competency to the catalogue (admins); false when the code exists already. */
export async function addCompetency(
  db: Kysely<Database>,
  ctx: Ctx,
  v: { code: string; name_id: string; name_en: string; kind: 'teknis' | 'manajerial' | 'sosial_kultural' },
): Promise<boolean> {
  if (!canManageCompetencies(ctx.actor)) throw new ConsultationError('not_found');
  return db.transaction().execute(async (trx) => {
    const row = await repo.insertCompetency(trx, { ...v, now: ctx.now.getTime() });
    if (!row) return false;
    await appendAudit(trx, {
      ...audit(ctx),
      action: 'competency.created',
      objectType: 'competency',
      objectId: row.id,
      details: { code: v.code },
    });
    return true;
  });
}

/** Renames a competency or changes its kind (admins); the code stays, so tags and mappings keep pointing at it. False when unknown. */
export async function updateCompetency(
  db: Kysely<Database>,
  ctx: Ctx,
  id: number,
  v: { name_id: string; name_en: string; kind: 'teknis' | 'manajerial' | 'sosial_kultural' },
): Promise<boolean> {
  if (!canManageCompetencies(ctx.actor)) throw new ConsultationError('not_found');
  return db.transaction().execute(async (trx) => {
    if (!(await repo.updateCompetency(trx, id, v))) return false;
    await appendAudit(trx, {
      ...audit(ctx),
      action: 'competency.updated',
      objectType: 'competency',
      objectId: id,
      details: { kind: v.kind },
    });
    return true;
  });
}

export async function setCompetencyActive(db: Kysely<Database>, ctx: Ctx, id: number, active: boolean): Promise<void> {
  if (!canManageCompetencies(ctx.actor)) throw new ConsultationError('not_found');
  await db.transaction().execute(async (trx) => {
    await repo.setCompetencyActive(trx, id, active);
    await appendAudit(trx, {
      ...audit(ctx),
      action: active ? 'competency.activated' : 'competency.deactivated',
      objectType: 'competency',
      objectId: id,
    });
  });
}
