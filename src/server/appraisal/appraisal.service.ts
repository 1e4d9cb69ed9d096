// Appraisal evidence commands (DESIGN.md §5): view an officer's evidence or a department's list, save
// the officer's response, add the manager's note, lock, export. Every view and export writes an audit
// row (UU PDP: systematic scoring of people needs an audit trail); refusals look like missing records.
import type { Transaction } from 'kysely';
import type { Database, Db } from '../db/index.ts';
import type { SessionUser } from '../auth/session.ts';
import { listUnits, type UnitChoice } from '../reference/units.service.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import { loadCalendar } from '../calendar/calendar.repository.ts';
import { loadFacts } from '../metrics/metrics.repository.ts';
import { clockFor } from '../metrics/reports.service.ts';
import { departmentNames } from '../metrics/metrics.repository.ts';
import type { Period } from '../metrics/period.ts';
import { departmentEvidence, type OfficerEvidence } from './evidence.ts';
import { buildExamples, exampleCandidates, type BehaviourExamples } from './examples.ts';
import { periodOfKey, previousPeriodKey } from './appraisal.schema.ts';
import { evidenceDepartmentScope, isAppraisable, mayExportEvidence, mayRespond, mayReview, mayViewEvidence } from './appraisal.policy.ts';
import {
  complaintsWorkedOnBy,
  consultationResponses,
  ensureReview,
  stageEvents,
  exampleMaterial,
  findOfficerByNip,
  findOfficerById,
  findReview,
  listLockedReviews,
  listOfficers,
  listReviews,
  minSampleSetting,
  updateUnlockedReview,
  type OfficerRow,
  type ReviewRow,
} from './appraisal.repository.ts';
import { setSetting } from '../reference/reference.repository.ts';
import { checksOfResolutions } from '../checks/checks.repository.ts';

export interface Ctx {
  user: SessionUser | null;
  now: Date;
  requestId?: string;
}

type Outcome<T = object> = ({ ok: true } & T) | { ok: false; error: 'not_found' | 'locked' };

const actor = (u: SessionUser) => ({ id: u.id, role: u.role });

async function loadFactsChunked(db: Db, range: { from: number; to: number; now: number }, ids: readonly number[]) {
  const out = [];
  for (let i = 0; i < ids.length; i += 900) out.push(...(await loadFacts(db, range, { complaintIds: ids.slice(i, i + 900) })));
  return out;
}

/** Evidence of some officers of one department for a period (and the period before, for the trend). */
export async function computeDepartment(db: Db, departmentId: number, officerIds: number[], periodKey: string, now: Date) {
  const calendar = await loadCalendar(db);
  const minSample = await minSampleSetting(db);
  const run = async (key: string) => {
    const period = periodOfKey(key, calendar.timeZone);
    const range = { from: period.from.getTime(), to: period.to.getTime(), now: now.getTime() };
    const own = await loadFacts(db, range, { departmentId });
    // Complaints the department's officers worked on before a transfer still carry their stages.
    const officers = (await listOfficers(db, [departmentId])).map((o) => o.id);
    const away = await complaintsWorkedOnBy(db, officers, range, departmentId);
    const facts = away.length ? [...own, ...(await loadFactsChunked(db, range, away))] : own;
    const stages = await stageEvents(
      db,
      facts.map((f) => f.id),
    );
    const ctx = { ...range, clock: clockFor(facts, { period, now, calendar }) };
    const responses = await consultationResponses(db, departmentId, range);
    const checks = await checksOfResolutions(db, range, officers);
    const evidence = departmentEvidence(facts, ctx, { officerIds, minSample, consultationResponses: responses, stages, checks });
    return { period, facts, ctx, responses, evidence, stages, checks };
  };
  const current = await run(periodKey);
  const previous = await run(previousPeriodKey(periodKey));
  return { current, previous };
}

export interface OfficerEvidenceView {
  officer: OfficerRow;
  departmentName: string;
  periodKey: string;
  period: Period;
  evidence: OfficerEvidence;
  previous: OfficerEvidence;
  examples: BehaviourExamples;
  review: ReviewRow | null;
  mayRespond: boolean;
  mayReview: boolean;
}

/** One officer's evidence, by NIP (or the viewer's own when nip is omitted); audited as appraisal.viewed. */
export async function viewOfficerEvidence(
  db: Db,
  input: { nip?: string; periodKey: string },
  ctx: Ctx,
): Promise<Outcome<{ view: OfficerEvidenceView }>> {
  const viewer = ctx.user;
  if (!viewer) return { ok: false, error: 'not_found' };
  const officer = input.nip ? await findOfficerByNip(db, input.nip) : await findOfficerById(db, viewer.id);
  if (!officer || !mayViewEvidence(viewer, officer)) return { ok: false, error: 'not_found' };
  const departmentId = officer.departmentId!;
  const { current, previous } = await computeDepartment(db, departmentId, [officer.id], input.periodKey, ctx.now);
  const mine = current.facts.filter((f) => f.assigneeUserId === officer.id);
  const candidates = exampleCandidates(mine, current.ctx);
  const ids = [...new Set([...candidates.needs, ...candidates.reliable, ...candidates.improvement])];
  const material = await exampleMaterial(db, ids, officer.id);
  const examples = buildExamples(
    candidates,
    material,
    current.responses.filter((r) => r.authorUserId === officer.id),
  );
  const review = (await findReview(db, departmentId, officer.id, input.periodKey)) ?? null;
  const departmentName = (await departmentNames(db)).find((d) => d.id === departmentId)?.name ?? '';
  await appendAudit(db, {
    actor: actor(viewer),
    action: 'appraisal.viewed',
    objectType: 'appraisal_evidence',
    objectId: `${officer.id}:${input.periodKey}`,
    requestId: ctx.requestId,
    at: ctx.now,
    details: { period: input.periodKey, department_id: departmentId, own: viewer.id === officer.id },
  });
  return {
    ok: true,
    view: {
      officer,
      departmentName,
      periodKey: input.periodKey,
      period: current.period,
      evidence: current.evidence.get(officer.id)!,
      previous: previous.evidence.get(officer.id)!,
      examples,
      review,
      mayRespond: mayRespond(viewer, officer, review),
      mayReview: mayReview(viewer, officer, review),
    },
  };
}

export interface DepartmentEvidenceRow {
  officer: OfficerRow;
  evidence: OfficerEvidence;
  review: ReviewRow | null;
}

/** The officers of one department with their headline evidence; audited as appraisal.viewed. */
export async function viewDepartmentEvidence(db: Db, input: { departmentCode?: string; unitCode?: string; periodKey: string }, ctx: Ctx) {
  const scope = evidenceDepartmentScope(ctx.user);
  if (scope === null || !ctx.user) return { ok: false as const, error: 'not_found' as const };
  const departments = (await departmentNames(db)).filter((d) => !scope || scope.includes(d.id));
  const department = input.departmentCode ? departments.find((d) => d.code === input.departmentCode) : scope ? departments[0] : undefined;
  if (input.departmentCode && !department) return { ok: false as const, error: 'not_found' as const };
  if (!department)
    return { ok: true as const, departments, department: null, units: [] as UnitChoice[], unit: null, rows: [] as DepartmentEvidenceRow[] };
  // A unit's officers are read against their whole department (the comparison DESIGN §5 asks for): the
  // unit narrows the list, never the department figures.
  const units = await listUnits(db, department.id);
  const unit = input.unitCode ? units.find((u) => u.code === input.unitCode) : undefined;
  if (input.unitCode && !unit) return { ok: false as const, error: 'not_found' as const };
  const all = (await listOfficers(db, [department.id])).filter(isAppraisable);
  const officers = unit ? all.filter((o) => o.unitId === unit.id) : all;
  const { current } = await computeDepartment(
    db,
    department.id,
    all.map((o) => o.id),
    input.periodKey,
    ctx.now,
  );
  const reviews = new Map((await listReviews(db, input.periodKey, [department.id])).map((r) => [r.officerUserId, r]));
  await appendAudit(db, {
    actor: actor(ctx.user),
    action: 'appraisal.viewed',
    objectType: 'appraisal_department',
    objectId: `${department.id}:${input.periodKey}`,
    requestId: ctx.requestId,
    at: ctx.now,
    details: {
      period: input.periodKey,
      department_id: department.id,
      unit_id: unit?.id ?? null,
      officers: officers.length,
      officer_ids: officers.map((o) => o.id).join(','),
    },
  });
  const rows: DepartmentEvidenceRow[] = officers.map((o) => ({
    officer: o,
    evidence: current.evidence.get(o.id)!,
    review: reviews.get(o.id) ?? null,
  }));
  return { ok: true as const, departments, department, units, unit: unit ?? null, rows };
}

/** The officer's own response (umpan balik), until the period is locked. */
export async function saveOfficerResponse(db: Db, input: { periodKey: string; response: string }, ctx: Ctx): Promise<Outcome> {
  const viewer = ctx.user;
  const officer = viewer ? await findOfficerById(db, viewer.id) : undefined;
  if (!viewer || !officer || !isAppraisable(officer) || viewer.id !== officer.id) return { ok: false, error: 'not_found' };
  const now = ctx.now.getTime();
  return db.transaction().execute(async (trx) => {
    const review = await ensureReview(trx, officer.departmentId!, officer.id, input.periodKey, now);
    if (!mayRespond(viewer, officer, review)) return { ok: false, error: 'locked' };
    if (!(await updateUnlockedReview(trx, review.id, { officer_response: input.response, officer_responded_at: now }, now)))
      return { ok: false, error: 'locked' };
    await appendAudit(trx, {
      actor: actor(viewer),
      action: 'appraisal.response_saved',
      objectType: 'appraisal_review',
      objectId: review.id,
      requestId: ctx.requestId,
      at: ctx.now,
      details: { period: input.periodKey },
    });
    return { ok: true };
  });
}

async function managerCommand(
  db: Db,
  nip: string,
  periodKey: string,
  ctx: Ctx,
  apply: (review: ReviewRow, officer: OfficerRow, trx: Transaction<Database>) => Promise<Outcome>,
): Promise<Outcome> {
  const viewer = ctx.user;
  const officer = await findOfficerByNip(db, nip);
  if (!viewer || !officer || !mayViewEvidence(viewer, officer) || viewer.role !== 'manager') return { ok: false, error: 'not_found' };
  return db.transaction().execute(async (trx) => {
    const review = await ensureReview(trx, officer.departmentId!, officer.id, periodKey, ctx.now.getTime());
    if (!mayReview(viewer, officer, review)) return { ok: false, error: 'locked' };
    return apply(review, officer, trx);
  });
}

/** The department manager's note on an officer's evidence, until locked. */
export async function addManagerNote(db: Db, input: { nip: string; periodKey: string; note: string }, ctx: Ctx): Promise<Outcome> {
  return managerCommand(db, input.nip, input.periodKey, ctx, async (review, _officer, trx) => {
    const now = ctx.now.getTime();
    if (
      !(await updateUnlockedReview(
        trx,
        review.id,
        { manager_note: input.note, manager_noted_at: now, manager_noted_by: ctx.user!.id },
        now,
      ))
    )
      return { ok: false, error: 'locked' };
    await appendAudit(trx, {
      actor: actor(ctx.user!),
      action: 'appraisal.note_saved',
      objectType: 'appraisal_review',
      objectId: review.id,
      requestId: ctx.requestId,
      at: ctx.now,
      details: { period: input.periodKey },
    });
    return { ok: true };
  });
}

/** Locks an officer's evidence for the period: freezes the figures (snapshot) and ends response and note. */
export async function lockPeriod(db: Db, input: { nip: string; periodKey: string }, ctx: Ctx): Promise<Outcome> {
  const officer = await findOfficerByNip(db, input.nip);
  if (!officer || !ctx.user || !mayViewEvidence(ctx.user, officer)) return { ok: false, error: 'not_found' };
  // Computed before the write transaction (SQLite takes the write lock at BEGIN IMMEDIATE).
  const { current } = await computeDepartment(db, officer.departmentId!, [officer.id], input.periodKey, ctx.now);
  const snapshot = JSON.stringify({
    period: input.periodKey,
    computedAt: ctx.now.toISOString(),
    evidence: current.evidence.get(officer.id),
  });
  return managerCommand(db, input.nip, input.periodKey, ctx, async (review, _officer, trx) => {
    const now = ctx.now.getTime();
    if (!(await updateUnlockedReview(trx, review.id, { locked_at: now, locked_by: ctx.user!.id, snapshot }, now)))
      return { ok: false, error: 'locked' };
    await appendAudit(trx, {
      actor: actor(ctx.user!),
      action: 'appraisal.locked',
      objectType: 'appraisal_review',
      objectId: review.id,
      requestId: ctx.requestId,
      at: ctx.now,
      details: { period: input.periodKey },
    });
    return { ok: true };
  });
}

export interface ExportRecord {
  nip: string;
  period: string;
  officerName: string;
  jabatan: string | null;
  departmentCode: string;
  departmentName: string;
  lockedAt: string;
  officerResponse: string | null;
  managerNote: string | null;
  evidence: OfficerEvidence;
}

/** Locked evidence of a period (one department or all) for HR; audited as appraisal.exported. */
export async function exportEvidence(
  db: Db,
  input: { periodKey: string; departmentCode?: string; format: 'csv' | 'xlsx' | 'json' },
  ctx: Ctx,
): Promise<Outcome<{ records: ExportRecord[] }>> {
  if (!ctx.user || !mayExportEvidence(ctx.user)) return { ok: false, error: 'not_found' };
  let departmentId: number | undefined;
  if (input.departmentCode) {
    departmentId = (await departmentNames(db)).find((d) => d.code === input.departmentCode)?.id;
    if (departmentId === undefined) return { ok: false, error: 'not_found' };
  }
  const rows = await listLockedReviews(db, input.periodKey, departmentId);
  const records: ExportRecord[] = rows.map((r) => ({
    nip: r.nip,
    period: r.period,
    officerName: r.officerName,
    jabatan: r.jabatan,
    departmentCode: r.departmentCode,
    departmentName: r.departmentName,
    lockedAt: new Date(r.lockedAt!).toISOString(),
    officerResponse: r.officerResponse,
    managerNote: r.managerNote,
    evidence: (JSON.parse(r.snapshot ?? '{}') as { evidence: OfficerEvidence }).evidence,
  }));
  await appendAudit(db, {
    actor: actor(ctx.user),
    action: 'appraisal.exported',
    objectType: 'appraisal_export',
    objectId: input.periodKey,
    requestId: ctx.requestId,
    at: ctx.now,
    // The officers handed out (ids only), so a breach report can name whose evidence left the portal.
    details: {
      period: input.periodKey,
      department: input.departmentCode ?? null,
      format: input.format,
      rows: records.length,
      officer_ids: rows.map((r) => r.officerUserId).join(','),
    },
  });
  return { ok: true, records };
}

/** Sets the minimum sample below which figures read "data belum cukup" (operators, via the CLI). */
export async function setMinSample(db: Db, n: number, ctx: { user: SessionUser | null; now: Date }): Promise<void> {
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw new RangeError('minimum sample must be 1..1000');
  await db.transaction().execute(async (trx) => {
    await setSetting(trx, 'appraisal_min_sample', String(n));
    await appendAudit(trx, {
      actor: ctx.user ? actor(ctx.user) : null,
      action: 'appraisal.min_sample_set',
      objectType: 'setting',
      objectId: 'appraisal_min_sample',
      at: ctx.now,
      details: { value: n },
    });
  });
}
