// Commands on contributions: contribute, reply, endorse, report, moderate, respond officially, tag.
import type { Kysely, Transaction } from 'kysely';
import { appendAudit } from '../audit/audit.repository.ts';
import type { SessionUser } from '../auth/session.ts';
import type { Database } from '../db/schema.ts';
import { consume, rateLimitKey } from '../security/rate-limit.ts';
import { ConsultationError } from './errors.ts';
import { canModerate, canParticipate, canRespond, canViewConsultation } from './consultations.policy.ts';
import * as consultations from './consultations.repository.ts';
import * as repo from './contributions.repository.ts';
import { notifyFollowers, type Ctx } from './consultations.service.ts';
import type { HideReason, ReportReason, Stance } from './consultations.tables.ts';
import { CONSULTATION_LIMITS } from '../limits.ts';

/** Hidden automatically once this many different people reported it, until a moderator decides. */
export const REPORTS_TO_HIDE = 3;

async function limit(db: Kysely<Database>, scope: keyof typeof CONSULTATION_LIMITS, user: SessionUser, now: Date): Promise<void> {
  const r = await consume(db, rateLimitKey(`consultation.${scope}`, String(user.id)), CONSULTATION_LIMITS[scope], now);
  if (!r.allowed) throw new ConsultationError('rate_limited');
}

function audit(ctx: Ctx) {
  return { actor: { id: ctx.actor.id, role: ctx.actor.role }, requestId: ctx.requestId ?? null, at: ctx.now };
}

/** The consultation, readable by the actor, that must be open for input. */
async function openConsultation(db: Kysely<Database> | Transaction<Database>, ctx: Ctx, id: number) {
  const c = await consultations.findConsultationById(db, id);
  if (!c || !canViewConsultation(ctx.actor, c)) throw new ConsultationError('not_found');
  if (!canParticipate(ctx.actor, c, ctx.now)) throw new ConsultationError('not_open');
  return c;
}

/** A contribution that belongs to the consultation named in the URL. */
async function contributionOf(db: Kysely<Database> | Transaction<Database>, consultationId: number, contributionId: number) {
  const k = await repo.findContribution(db, contributionId);
  if (!k || k.consultation_id !== consultationId) throw new ConsultationError('not_found');
  return k;
}

export async function contribute(
  db: Kysely<Database>,
  ctx: Ctx,
  consultationId: number,
  v: { body: string; stance: Stance; questionId: number | null },
): Promise<number> {
  await openConsultation(db, ctx, consultationId);
  if (v.questionId !== null) {
    const qs = await consultations.listQuestions(db, consultationId);
    if (!qs.some((q) => q.id === v.questionId)) throw new ConsultationError('invalid');
  }
  await limit(db, 'contribution', ctx.actor, ctx.now);
  return db.transaction().execute(async (trx) => {
    const id = await repo.insertContribution(trx, {
      consultation_id: consultationId,
      question_id: v.questionId,
      parent_id: null,
      author_user_id: ctx.actor.id,
      affiliation: ctx.actor.affiliation,
      affiliation_verified: ctx.actor.affiliation && ctx.actor.affiliationVerified ? 1 : 0,
      body: v.body,
      stance: v.stance,
      now: ctx.now.getTime(),
    });
    await appendAudit(trx, {
      ...audit(ctx),
      action: 'contribution.created',
      objectType: 'contribution',
      objectId: id,
      details: { consultation: consultationId },
    });
    return id;
  });
}

/** A reply to a top-level contribution; replies to replies attach to the same top-level one. */
export async function reply(db: Kysely<Database>, ctx: Ctx, consultationId: number, parentId: number, body: string): Promise<number> {
  await openConsultation(db, ctx, consultationId);
  const parent = await contributionOf(db, consultationId, parentId);
  const topId = parent.parent_id ?? parent.id;
  if (parent.hidden) throw new ConsultationError('invalid_state');
  await limit(db, 'reply', ctx.actor, ctx.now);
  return db.transaction().execute(async (trx) => {
    const id = await repo.insertContribution(trx, {
      consultation_id: consultationId,
      question_id: null,
      parent_id: topId,
      author_user_id: ctx.actor.id,
      affiliation: ctx.actor.affiliation,
      affiliation_verified: ctx.actor.affiliation && ctx.actor.affiliationVerified ? 1 : 0,
      body,
      stance: null,
      now: ctx.now.getTime(),
    });
    await appendAudit(trx, {
      ...audit(ctx),
      action: 'contribution.replied',
      objectType: 'contribution',
      objectId: id,
      details: { parent: topId },
    });
    return id;
  });
}

/** Endorses once per person: concurrent double clicks insert one row and count one. Returns whether it was new. */
export async function endorse(db: Kysely<Database>, ctx: Ctx, consultationId: number, contributionId: number): Promise<boolean> {
  await openConsultation(db, ctx, consultationId);
  const k = await contributionOf(db, consultationId, contributionId);
  if (k.hidden) throw new ConsultationError('invalid_state');
  await limit(db, 'endorsement', ctx.actor, ctx.now);
  return db.transaction().execute((trx) => repo.insertEndorsement(trx, contributionId, ctx.actor.id, ctx.now.getTime()));
}

export async function withdrawEndorsement(
  db: Kysely<Database>,
  ctx: Ctx,
  consultationId: number,
  contributionId: number,
): Promise<boolean> {
  await openConsultation(db, ctx, consultationId);
  await contributionOf(db, consultationId, contributionId);
  await limit(db, 'endorsement', ctx.actor, ctx.now);
  return db.transaction().execute((trx) => repo.deleteEndorsement(trx, contributionId, ctx.actor.id));
}

/**
 * One report per person. The third distinct reporter hides the contribution (reason: the most given)
 * until a moderator decides; after a moderator's decision reports no longer hide it by themselves.
 */
export async function reportContribution(
  db: Kysely<Database>,
  ctx: Ctx,
  consultationId: number,
  contributionId: number,
  reason: ReportReason,
): Promise<{ reported: boolean; hidden: boolean }> {
  const c = await consultations.findConsultationById(db, consultationId);
  if (!c || !canViewConsultation(ctx.actor, c)) throw new ConsultationError('not_found');
  await contributionOf(db, consultationId, contributionId);
  await limit(db, 'report', ctx.actor, ctx.now);
  return db.transaction().execute(async (trx) => {
    const count = await repo.insertReport(trx, contributionId, ctx.actor.id, reason, ctx.now.getTime());
    if (count === null) return { reported: false, hidden: false };
    const k = await repo.findContribution(trx, contributionId);
    let hidden = false;
    if (k && !k.hidden && k.moderated_at === null && count >= REPORTS_TO_HIDE) {
      const why = await repo.dominantReportReason(trx, contributionId);
      await repo.setHidden(trx, contributionId, { hidden: true, reason: why, by: 'reports', now: ctx.now.getTime(), moderated: false });
      await appendAudit(trx, {
        actor: null,
        requestId: ctx.requestId ?? null,
        at: ctx.now,
        action: 'contribution.auto_hidden',
        objectType: 'contribution',
        objectId: contributionId,
        details: { reports: count, reason: why },
      });
      hidden = true;
    }
    await appendAudit(trx, {
      ...audit(ctx),
      action: 'contribution.reported',
      objectType: 'contribution',
      objectId: contributionId,
      details: { reason },
    });
    return { reported: true, hidden };
  });
}

export async function moderateContribution(
  db: Kysely<Database>,
  ctx: Ctx,
  consultationId: number,
  contributionId: number,
  v: { action: 'hide' | 'restore'; reason: HideReason | 'tidak_melanggar'; note: string },
): Promise<void> {
  const c = await consultations.findConsultationById(db, consultationId);
  if (!c || !canModerate(ctx.actor, c)) throw new ConsultationError('not_found');
  await contributionOf(db, consultationId, contributionId);
  await db.transaction().execute(async (trx) => {
    const t = ctx.now.getTime();
    if (v.action === 'hide') {
      await repo.setHidden(trx, contributionId, { hidden: true, reason: v.reason as HideReason, by: 'moderator', now: t, moderated: true });
    } else {
      await repo.setHidden(trx, contributionId, { hidden: false, reason: null, by: null, now: t, moderated: true });
    }
    await repo.insertModerationDecision(trx, {
      contribution_id: contributionId,
      moderator_user_id: ctx.actor.id,
      action: v.action,
      reason: v.reason,
      note: v.note,
      now: t,
    });
    await appendAudit(trx, {
      ...audit(ctx),
      action: v.action === 'hide' ? 'contribution.hidden' : 'contribution.restored',
      objectType: 'contribution',
      objectId: contributionId,
      details: { consultation: consultationId, reason: v.reason },
    });
  });
}

/** An official response by the consultation's department; followers are told by email. */
export async function respondToContribution(
  db: Kysely<Database>,
  ctx: Ctx,
  consultationId: number,
  contributionId: number,
  body: string,
): Promise<number> {
  const c = await consultations.findConsultationById(db, consultationId);
  if (!c || !canRespond(ctx.actor, c) || c.state === 'draft') throw new ConsultationError('not_found');
  await contributionOf(db, consultationId, contributionId);
  return db.transaction().execute(async (trx) => {
    const id = await repo.insertResponse(trx, {
      contribution_id: contributionId,
      department_id: c.department_id,
      author_user_id: ctx.actor.id,
      body,
      now: ctx.now.getTime(),
    });
    await appendAudit(trx, {
      ...audit(ctx),
      action: 'contribution.responded',
      objectType: 'contribution',
      objectId: contributionId,
      details: { response: id },
    });
    await notifyFollowers(trx, consultationId, c.title, 'responded', `consultation.responded:${id}`, ctx.now);
    return id;
  });
}

export async function tagContribution(
  db: Kysely<Database>,
  ctx: Ctx,
  consultationId: number,
  contributionId: number,
  competencyIds: number[],
): Promise<void> {
  const c = await consultations.findConsultationById(db, consultationId);
  if (!c || !canRespond(ctx.actor, c)) throw new ConsultationError('not_found');
  await contributionOf(db, consultationId, contributionId);
  const known = new Set((await consultations.listCompetencies(db, { activeOnly: true })).map((k) => k.id));
  if (competencyIds.some((id) => !known.has(id))) throw new ConsultationError('invalid');
  await db.transaction().execute(async (trx) => {
    await repo.replaceTags(trx, contributionId, competencyIds, ctx.actor.id, ctx.now.getTime());
    await appendAudit(trx, {
      ...audit(ctx),
      action: 'contribution.tagged',
      objectType: 'contribution',
      objectId: contributionId,
      details: { competencies: competencyIds.join(',') },
    });
  });
}
