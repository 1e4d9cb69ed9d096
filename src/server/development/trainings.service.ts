// Commands on trainings (kegiatan pengembangan kompetensi, DESIGN.md §6b): create (from a final plan
// item or ad hoc), edit, move through planned → running → completed → evaluated or cancel with a
// reason, and the audited exports; their participants' commands are in training-participants.service.ts
// and what all commands share in trainings.command.ts. Each command checks the policy, runs in one
// transaction, compares-and-sets the training's `version` read in it and writes its audit row;
// outcomes are named so pages can answer 404 / 409 / 422.
import type { Transaction } from 'kysely';
import type { Database, Db } from '../db/index.ts';
import type { SessionUser } from '../auth/session.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import { listCompetencies } from '../consultations/consultations.repository.ts';
import { findDepartmentByCode } from './development.repository.ts';
import type { TrainingInput } from './trainings.schema.ts';
import type { TrainingState } from './training.tables.ts';
import { mayChangeEnrolment, mayManageTraining, mayMove, mayViewTraining, trainingDays, trainingScope } from './trainings.policy.ts';
import * as repo from './trainings.repository.ts';
import { listParticipants, loadAttendance, type ParticipantRow } from './training-participants.repository.ts';
import { createTrainingEvaluation } from './evaluation.ts';
import { audit, bump, fail, inTransaction, managed, ok, StaleVersion, type Ctx, type Outcome } from './trainings.command.ts';

export interface TrainingView {
  training: repo.TrainingRow;
  participants: ParticipantRow[];
  attendance: Map<number, Set<string>>;
  days: string[];
  mayManage: boolean;
}

/** A training as the viewer may see it; null → 404. */
export async function readTraining(db: Db, user: SessionUser | null, id: number): Promise<TrainingView | null> {
  const training = await repo.findTraining(db, id);
  if (!training || !mayViewTraining(user, training)) return null;
  const [participants, attendance] = await Promise.all([listParticipants(db, id), loadAttendance(db, id)]);
  return {
    training,
    participants,
    attendance,
    days: trainingDays(training.starts_on, training.ends_on),
    mayManage: mayManageTraining(user, training),
  };
}

/** The trainings of a year the viewer may see, optionally of one department and one state; null → 404. */
export async function listTrainingsFor(
  db: Db,
  user: SessionUser | null,
  f: { year: number; departmentCode?: string; state?: TrainingState },
) {
  const scope = trainingScope(user);
  if (!scope) return null;
  let departmentId: number | undefined;
  if (f.departmentCode) {
    const d = await findDepartmentByCode(db, f.departmentCode);
    if (!d || (scope.departmentIds && !scope.departmentIds.includes(d.id))) return null;
    departmentId = d.id;
  }
  return repo.listTrainings(db, { year: f.year, departmentIds: scope.departmentIds, departmentId, state: f.state });
}

/** Resolves and checks the department, plan item and competency of a training form. */
async function trainingValues(trx: Transaction<Database>, ctx: Ctx, v: TrainingInput): Promise<Outcome<repo.TrainingValues>> {
  let departmentId = v.department;
  let competency = v.competency;
  const year = Number(v.starts_on.slice(0, 4));
  if (v.plan_item !== null) {
    const item = (await repo.listFinalPlanItems(trx, year)).find((i) => i.id === v.plan_item);
    if (!item) return fail('plan_item');
    departmentId = item.department_id;
    // The item's competency unless the form names another: evaluations and effects are read per competency.
    competency ??= item.competency_id === null ? null : Number(item.competency_id);
  }
  // A manager's ad hoc training is their department's; a plan item's is the plan's (checked below).
  else if (ctx.actor.role === 'manager') departmentId = ctx.actor.departmentId;
  if (departmentId !== null && !(await repo.findDepartmentById(trx, departmentId))) return fail('department');
  if (!mayManageTraining(ctx.actor, { department_id: departmentId })) return fail('not_found');
  if (v.competency !== null) {
    const known = new Set((await listCompetencies(trx, { activeOnly: true })).map((c) => Number(c.id)));
    if (!known.has(v.competency)) return fail('competency');
  }
  return ok({
    department_id: departmentId,
    plan_item_id: v.plan_item,
    year,
    title: v.title,
    competency_id: competency,
    kind: v.kind,
    jalur: v.jalur,
    bentuk: v.bentuk,
    provider: v.provider,
    starts_on: v.starts_on,
    ends_on: v.ends_on,
    jp: v.jp,
    place: v.place,
    capacity: v.capacity,
  });
}

export async function createTraining(db: Db, ctx: Ctx, v: TrainingInput): Promise<Outcome<number>> {
  if (!trainingScope(ctx.actor)?.mayCreate) return fail('not_found');
  return inTransaction(db, async (trx) => {
    const values = await trainingValues(trx, ctx, v);
    if (!values.ok) return values;
    const id = await repo.insertTraining(trx, values.value, ctx.actor.id, ctx.now.getTime());
    await appendAudit(trx, {
      ...audit(ctx),
      action: 'training.created',
      objectType: 'training',
      objectId: id,
      details: {
        department_id: values.value.department_id,
        plan_item_id: values.value.plan_item_id,
        year: values.value.year,
        jp: values.value.jp,
      },
    });
    return ok(id);
  });
}

export async function updateTraining(db: Db, ctx: Ctx, id: number, version: number, v: TrainingInput): Promise<Outcome> {
  return inTransaction(db, async (trx) => {
    const t = await managed(trx, ctx, id, version);
    if (!t.ok) return t;
    if (!mayChangeEnrolment(t.value.state)) return fail('closed');
    // The plan item it came from stays (even if that plan was reopened since), and so does the
    // department of a plan-item training: the plan's.
    const department = t.value.plan_item_id !== null ? t.value.department_id : v.department;
    const values = await trainingValues(trx, ctx, { ...v, plan_item: null, department });
    if (!values.ok) return values;
    const { plan_item_id: _keep, ...rest } = values.value;
    if (rest.capacity !== null && rest.capacity < t.value.participants) return fail('capacity');
    if (!(await bump(trx, ctx, t.value, rest))) throw new StaleVersion();
    await appendAudit(trx, {
      ...audit(ctx),
      action: 'training.updated',
      objectType: 'training',
      objectId: id,
      details: { jp: rest.jp, starts_on: rest.starts_on, ends_on: rest.ends_on },
    });
    return ok(undefined);
  });
}

/** planned → running → completed → evaluated, or cancelled with a reason (required). */
export async function moveTraining(db: Db, ctx: Ctx, id: number, version: number, to: TrainingState, reason = ''): Promise<Outcome> {
  const moved = await changeState(db, ctx, id, version, to, reason);
  // A completed training opens its participants' evaluation form at once (DESIGN §6b); creating it is
  // idempotent, and who may not manage the department's surveys leaves it to one who may.
  if (moved.ok && to === 'completed') await createTrainingEvaluation(db, ctx, id);
  return moved;
}

async function changeState(db: Db, ctx: Ctx, id: number, version: number, to: TrainingState, reason: string): Promise<Outcome> {
  return inTransaction(db, async (trx) => {
    const t = await managed(trx, ctx, id, version);
    if (!t.ok) return t;
    if (!mayMove(t.value.state, to)) return fail('transition');
    const r = reason.trim();
    if (to === 'cancelled' && r.length < 5) return fail('transition');
    if (!(await bump(trx, ctx, t.value, to === 'cancelled' ? { state: to, cancel_reason: r } : { state: to }))) throw new StaleVersion();
    await appendAudit(trx, {
      ...audit(ctx),
      action: 'training.state_changed',
      objectType: 'training',
      objectId: id,
      details: { from: t.value.state, to, reason: to === 'cancelled' ? r : null },
    });
    return ok(undefined);
  });
}

/** Moodle "upload users" rows of a training's participants (not withdrawn), with the export audited; null → 404. */
export async function exportMoodle(db: Db, ctx: Ctx, id: number) {
  const view = await readTraining(db, ctx.actor, id);
  if (!view) return null;
  const people = view.participants.filter((p) => p.status !== 'withdrawn');
  await appendAudit(db, {
    ...audit(ctx),
    action: 'training.moodle_exported',
    objectType: 'training',
    objectId: id,
    details: { participants: people.length },
  });
  return { training: view.training, participants: people };
}

/** The realised JP of a year in the viewer's scope (a manager: their department), audited; null → 404. */
export async function exportRealisedJp(
  db: Db,
  ctx: Ctx,
  year: number,
  departmentCode: string | undefined,
  format: 'csv' | 'xlsx' | 'json',
) {
  const scope = trainingScope(ctx.actor);
  if (!scope) return null;
  let department: { id: number; code: string; name: string } | undefined;
  if (departmentCode) {
    department = await findDepartmentByCode(db, departmentCode);
    if (!department) return null;
  } else if (scope.departmentIds) {
    department = await repo.findDepartmentById(db, scope.departmentIds[0]!);
  }
  if (scope.departmentIds && (!department || !scope.departmentIds.includes(department.id))) return null;
  const rows = await repo.listRealised(db, year, department?.id);
  await appendAudit(db, {
    ...audit(ctx),
    action: 'training.jp_exported',
    objectType: 'department',
    objectId: department?.id ?? null,
    details: { year, department: department?.code ?? null, format, rows: rows.length },
  });
  return { year, department: department ?? null, rows };
}
