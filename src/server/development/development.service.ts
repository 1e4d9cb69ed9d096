// Commands on training plans (Rencana Pengembangan Kompetensi): draft from the priorities, set the
// officer count, finalise, export; the items' commands are in plan-items.service.ts, the target groups'
// in plan-groups.service.ts and what they share in plan.command.ts. Each checks the policy, runs in one
// transaction and writes its audit row; outcomes are named so pages can answer 404 / 409 / 422.
import type { Db } from '../db/index.ts';
import type { SessionUser } from '../auth/session.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import { listCompetencies } from '../consultations/consultations.repository.ts';
import { DEFAULT_WEIGHTS, roundScore } from './gap-score.ts';
import { checkPlanJp, suggestTraining, type JpCheck } from './jp-entitlement.ts';
import { mayEditPlan, mayExportPlan, mayViewDepartmentDevelopment } from './development.policy.ts';
import * as repo from './development.repository.ts';
import { belowJpBasis, itemEvidenceNotes, nextPlanEvidence } from './next-plan.ts';
import { planStaffEvidence } from './officer-cycle.service.ts';
import type { PlanStatus } from './development.tables.ts';
import { basisPeriod, computePriorities, prioritiesPage, type PrioritiesPage } from './priorities.ts';
import { audit, editablePlan, fail, type Ctx, type Outcome } from './plan.command.ts';

export interface PlanView {
  department: { id: number; code: string; name: string; short_name: string };
  year: number;
  plan: repo.PlanRow | null;
  items: repo.PlanItemRow[];
  groups: repo.PlanGroupRow[];
  jp: JpCheck;
  officersNow: number;
}

/** A department's plan for a year as the viewer may see it; null → 404. */
export async function readPlan(db: Db, user: SessionUser | null, departmentCode: string, year: number): Promise<PlanView | null> {
  const department = await repo.findDepartmentByCode(db, departmentCode);
  if (!department || !mayViewDepartmentDevelopment(user, department.id)) return null;
  const plan = (await repo.findPlan(db, department.id, year)) ?? null;
  const items = plan ? await repo.listPlanItems(db, plan.id) : [];
  const groups = plan ? await repo.listPlanGroups(db, plan.id) : [];
  const officersNow = await repo.countDepartmentOfficers(db, department.id);
  const jp = checkPlan(items, groups, plan?.officer_count ?? officersNow);
  return { department, year, plan, items, groups, jp, officersNow };
}

/** The per-PNS 20 JP check of stored items and groups. */
export function checkPlan(items: readonly repo.PlanItemRow[], groups: readonly repo.PlanGroupRow[], officerCount: number): JpCheck {
  return checkPlanJp(
    items.map((i) => ({ jp: i.jp, groupId: i.target_group_id, nips: i.target_nips.split(' ').filter(Boolean) })),
    groups.map((g) => ({ id: g.id, name: g.name, headCount: g.head_count })),
    officerCount,
  );
}

/**
 * Drafts a plan for a department and year from the gap scores of the calendar year before: the top
 * three competencies share 20 JP for every officer, in proportion to their scores.
 */
export async function draftTrainingPlan(db: Db, ctx: Ctx, departmentId: number, year: number): Promise<Outcome<number>> {
  if (!mayEditPlan(ctx.actor, departmentId)) return fail('not_found');
  const department = await db
    .selectFrom('departments')
    .select(['id', 'code', 'name', 'short_name'])
    .where('id', '=', departmentId)
    .executeTakeFirst();
  if (!department) return fail('not_found');
  const period = basisPeriod(year);
  const priorities = await computePriorities(db, { ...department, id: Number(department.id) }, period, ctx.now);
  const kinds = new Map((await listCompetencies(db, { activeOnly: true })).map((c) => [Number(c.id), c.kind]));
  const suggestions = suggestTraining(priorities.ranked, kinds);
  const officers = await repo.countDepartmentOfficers(db, departmentId);
  const w = DEFAULT_WEIGHTS;
  // Last year's cycle beside the gap scores (DESIGN §6b): PNS below 20 JP, proposals, trainings to redo, improvements.
  const evidence = await nextPlanEvidence(db, ctx.actor, departmentId, year, ctx.now);
  const proposals = new Map((await planStaffEvidence(db, departmentId, year, null)).proposals.map((p) => [p.competencyId, p.count]));
  const basis =
    `Skor kesenjangan ${period.startDate} s.d. ${period.endDate}; bobot volume ${w.volume}, tanggapan terlambat ${w.responseMiss}, ` +
    `penyelesaian terlambat ${w.resolutionMiss}, dibuka kembali ${w.reopen}, nilai rendah ${w.lowRating}, konsultasi ${w.consultation}, SKM ${w.skm}` +
    belowJpBasis(evidence);
  return db.transaction().execute(async (trx) => {
    const now = ctx.now.getTime();
    const planId = await repo.insertPlan(trx, { departmentId, year, officerCount: officers, basis, by: ctx.actor.id, now });
    if (planId === undefined) return fail('exists');
    for (const s of suggestions) {
      await repo.insertPlanItem(
        trx,
        planId,
        {
          competency_id: s.competencyId,
          kind: s.kind,
          target: `Seluruh PNS ${department.short_name}`,
          target_count: Math.max(1, officers),
          target_group_id: null,
          target_nips: '',
          jalur: s.jalur,
          bentuk: s.bentuk,
          jp: s.jp,
          provider: '',
          schedule: '',
          curriculum: '',
          budget: null,
          notes: itemEvidenceNotes(s.competencyId, evidence, proposals.get(s.competencyId) ?? 0),
          gap_score: String(roundScore(s.score)),
        },
        now,
      );
    }
    await appendAudit(trx, {
      ...audit(ctx),
      action: 'development.plan_drafted',
      objectType: 'training_plan',
      objectId: planId,
      details: { department_id: departmentId, year, items: suggestions.length },
    });
    return { ok: true as const, value: planId };
  });
}

export async function setPlanOfficerCount(
  db: Db,
  ctx: Ctx,
  planId: number,
  officerCount: number,
  expectedVersion?: number,
): Promise<Outcome> {
  return db.transaction().execute(async (trx) => {
    const p = await editablePlan(trx, ctx, planId, expectedVersion);
    if (!p.ok) return p;
    await repo.updatePlan(trx, planId, { officerCount, now: ctx.now.getTime() });
    if (officerCount > 0) await repo.setEveryoneTargetCount(trx, planId, officerCount);
    await appendAudit(trx, {
      ...audit(ctx),
      action: 'development.plan_settings_changed',
      objectType: 'training_plan',
      objectId: planId,
      details: { officer_count: officerCount },
    });
    return { ok: true as const, value: undefined };
  });
}

/**
 * Final or back to draft. A plan is final only when every PNS it covers has at least 20 JP planned
 * (PP 11/2017 Pasal 203 ayat (4)), checked per target group and named PNS, never on average; below that
 * it stays a draft and the check names each shortfall.
 */
export async function setPlanStatus(
  db: Db,
  ctx: Ctx,
  planId: number,
  status: PlanStatus,
  expectedVersion?: number,
): Promise<Outcome<JpCheck>> {
  return db.transaction().execute(async (trx) => {
    const plan = await repo.lockPlan(trx, planId);
    if (!plan || !mayEditPlan(ctx.actor, plan.department_id)) return fail('not_found');
    if (expectedVersion !== undefined && plan.version !== expectedVersion) return fail('stale');
    const items = await repo.listPlanItems(trx, planId);
    const jp = checkPlan(items, await repo.listPlanGroups(trx, planId), plan.officer_count);
    if (status === 'final') {
      if (items.length === 0) return fail('empty');
      if (jp.groupsExceed) return fail('groups_exceed');
      if (jp.status !== 'meets') return fail('below_entitlement');
    }
    await repo.updatePlan(trx, planId, { status, now: ctx.now.getTime() });
    await appendAudit(trx, {
      ...audit(ctx),
      action: 'development.plan_status_changed',
      objectType: 'training_plan',
      objectId: planId,
      details: { status, pns_below_20_jp: jp.pnsBelow },
    });
    return { ok: true as const, value: jp };
  });
}

/** The plan for an export, with the export written to the audit log (who, which plan, which format). */
export async function exportPlan(db: Db, ctx: Ctx, departmentCode: string, year: number, format: 'csv' | 'xlsx'): Promise<PlanView | null> {
  const view = await readPlan(db, ctx.actor, departmentCode, year);
  if (!view || !view.plan || !mayExportPlan(ctx.actor, view.department.id)) return null;
  await appendAudit(db, {
    ...audit(ctx),
    action: 'development.plan_exported',
    objectType: 'training_plan',
    objectId: view.plan.id,
    details: { department: view.department.code, year, format, items: view.items.length },
  });
  return view;
}

/** The ranking of a department and period for an export, written to the audit log; null → 404. */
export async function exportRanking(db: Db, ctx: Ctx, params: URLSearchParams, format: 'csv' | 'xlsx'): Promise<PrioritiesPage | null> {
  const page = await prioritiesPage(db, ctx.actor, params, ctx.now);
  if (!page) return null;
  const p = page.priorities;
  await appendAudit(db, {
    ...audit(ctx),
    action: 'development.ranking_exported',
    objectType: 'department',
    objectId: p.department.id,
    details: { department: p.department.code, from: p.period.startDate, to: p.period.endDate, format },
  });
  return page;
}
