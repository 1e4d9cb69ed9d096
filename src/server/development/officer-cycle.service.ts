// An officer's part in the development cycle (/me/training): their ledger and trainings, their
// proposals of training needs, and comments on their department's draft plan. Commands check the policy,
// run in one transaction, write an audit row and return named outcomes.
import type { Db } from '../db/index.ts';
import type { SessionUser } from '../auth/session.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import { config } from '../config.ts';
import { localDate } from '../calendar/calendar.ts';
import { listCompetencies } from '../consultations/consultations.repository.ts';
import * as devRepo from './development.repository.ts';
import * as repo from './officer-cycle.repository.ts';
import { myLedger, type LedgerEntry } from './jp-ledger.ts';
import { mayCommentOnPlan, mayOpenOwnTraining, mayProposeTraining, proposalYearAllowed } from './officer-cycle.policy.ts';
import type { ProposalInput } from './officer-cycle.schema.ts';

export interface Ctx {
  actor: SessionUser;
  now: Date;
  requestId?: string;
}

export type OfficerCycleError = 'not_found' | 'competency' | 'year' | 'no_plan' | 'closed';
export type Outcome<T = void> = { ok: true; value: T } | { ok: false; error: OfficerCycleError };
const fail = (error: OfficerCycleError): { ok: false; error: OfficerCycleError } => ({ ok: false, error });
const audit = (ctx: Ctx) => ({ actor: { id: ctx.actor.id, role: ctx.actor.role }, requestId: ctx.requestId ?? null, at: ctx.now });

export interface MyTrainingView {
  year: number;
  ledger: LedgerEntry | null;
  trainings: repo.MyTrainingRow[];
  proposals: repo.ProposalRow[];
  mayPropose: boolean;
  /** The user's department's plan for the year, its items and comments; null when there is none. */
  plan: {
    id: number;
    status: 'draft' | 'final';
    items: devRepo.PlanItemRow[];
    comments: repo.PlanCommentRow[];
    mayComment: boolean;
  } | null;
}

/** The user's own page; null → 404. Only the user's own rows are read. */
export async function readMyTraining(db: Db, user: SessionUser | null, year: number): Promise<MyTrainingView | null> {
  if (!mayOpenOwnTraining(user)) return null;
  const u = user!;
  const ledger = u.nip ? await myLedger(db, u, year) : null;
  const trainings = (await repo.listMyTrainings(db, u.id, u.nip)).filter((t) => t.year === year);
  const proposals = await repo.listProposalsOfUser(db, u.id);
  let plan: MyTrainingView['plan'] = null;
  if (u.departmentId !== null) {
    const p = await devRepo.findPlan(db, u.departmentId, year);
    if (p)
      plan = {
        id: p.id,
        status: p.status,
        items: await devRepo.listPlanItems(db, p.id),
        comments: await repo.listPlanComments(db, p.id, u.id),
        mayComment: mayCommentOnPlan(u, p),
      };
  }
  return { year, ledger, trainings, proposals, mayPropose: mayProposeTraining(u), plan };
}

/** Records a proposal of a training need (usulan kebutuhan pengembangan) for a plan year. */
export async function proposeTraining(db: Db, ctx: Ctx, v: ProposalInput): Promise<Outcome<number>> {
  if (!mayProposeTraining(ctx.actor)) return fail('not_found');
  const currentYear = Number(localDate(ctx.now, config().timeZone).slice(0, 4));
  if (!proposalYearAllowed(v.year, currentYear)) return fail('year');
  const known = new Set((await listCompetencies(db, { activeOnly: true })).map((c) => Number(c.id)));
  if (!known.has(v.competency)) return fail('competency');
  return db.transaction().execute(async (trx) => {
    const id = await repo.insertProposal(trx, {
      userId: ctx.actor.id,
      departmentId: ctx.actor.departmentId!,
      year: v.year,
      competencyId: v.competency,
      reason: v.reason,
      jalur: v.jalur,
      now: ctx.now.getTime(),
    });
    await appendAudit(trx, {
      ...audit(ctx),
      action: 'development.training_proposed',
      objectType: 'training_proposal',
      objectId: id,
      details: { department_id: ctx.actor.departmentId, year: v.year, competency_id: v.competency },
    });
    return { ok: true as const, value: id };
  });
}

/** A comment on the user's department's plan of the year, accepted only while the plan is a draft. */
export async function commentOnPlan(db: Db, ctx: Ctx, v: { year: number; body: string }): Promise<Outcome<number>> {
  if (!mayProposeTraining(ctx.actor)) return fail('not_found');
  return db.transaction().execute(async (trx) => {
    const found = await devRepo.findPlan(trx, ctx.actor.departmentId!, v.year);
    // Locked and read again in this transaction: a plan made final meanwhile closes the comments.
    const plan = found ? await devRepo.lockPlan(trx, found.id) : undefined;
    if (!plan) return fail('no_plan');
    if (!mayCommentOnPlan(ctx.actor, plan)) return fail('closed');
    const id = await repo.insertPlanComment(trx, { planId: plan.id, userId: ctx.actor.id, body: v.body, now: ctx.now.getTime() });
    await appendAudit(trx, {
      ...audit(ctx),
      action: 'development.plan_commented',
      objectType: 'training_plan',
      objectId: plan.id,
      details: { comment: id },
    });
    return { ok: true as const, value: id };
  });
}

export interface PlanStaffEvidence {
  /** Proposals per competency, most proposed first. */
  proposals: {
    competencyId: number;
    nameId: string;
    nameEn: string;
    count: number;
    reasons: { reason: string; jalur: repo.ProposalRow['jalur'] }[];
  }[];
  comments: repo.PlanCommentRow[];
}

/** Officers' proposals and comments for a plan the caller has already found the viewer may see (readPlan). */
export async function planStaffEvidence(db: Db, departmentId: number, year: number, planId: number | null): Promise<PlanStaffEvidence> {
  const byCompetency = new Map<number, PlanStaffEvidence['proposals'][number]>();
  for (const p of await repo.listProposalsOfDepartment(db, departmentId, year)) {
    const e = byCompetency.get(p.competencyId) ?? {
      competencyId: p.competencyId,
      nameId: p.competencyNameId,
      nameEn: p.competencyNameEn,
      count: 0,
      reasons: [],
    };
    e.count++;
    e.reasons.push({ reason: p.reason, jalur: p.jalur });
    byCompetency.set(p.competencyId, e);
  }
  const proposals = [...byCompetency.values()].sort((a, b) => b.count - a.count || a.nameId.localeCompare(b.nameId));
  return { proposals, comments: planId === null ? [] : await repo.listPlanComments(db, planId) };
}
