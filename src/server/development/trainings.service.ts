// Commands on trainings (kegiatan pengembangan kompetensi, DESIGN.md §6b): create (from a final plan
// item or ad hoc), edit, move through planned → running → completed → evaluated or cancel with a
// reason, enrol and withdraw participants, record attendance per day, mark completion (which alone
// credits the training's JP), record certificate numbers, and the audited exports. Each command checks
// the policy, runs in one transaction, compares-and-sets the training's `version` read in it and writes
// its audit row; outcomes are named so pages can answer 404 / 409 / 422.
import type { Transaction } from 'kysely';
import type { Database, Db } from '../db/index.ts';
import type { SessionUser } from '../auth/session.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import { listCompetencies } from '../consultations/consultations.repository.ts';
import { findDepartmentByCode } from './development.repository.ts';
import type { EnrolInput, TrainingInput } from './trainings.schema.ts';
import type { TrainingState } from './training.tables.ts';
import type { DbBool } from '../db/values.ts';
import {
  jpCredit,
  mayChangeEnrolment,
  mayManageTraining,
  mayMove,
  mayRecordResults,
  mayViewTraining,
  trainingDays,
  trainingScope,
} from './trainings.policy.ts';
import * as repo from './trainings.repository.ts';
import { createTrainingEvaluation } from './evaluation.ts';

export interface Ctx {
  actor: SessionUser;
  now: Date;
  requestId?: string;
}

export type TrainingError =
  | 'not_found'
  | 'stale'
  | 'transition'
  | 'closed'
  | 'plan_item'
  | 'competency'
  | 'department'
  | 'unknown_nip'
  | 'duplicate'
  | 'capacity'
  | 'participant';
export type Outcome<T = void> = { ok: true; value: T } | { ok: false; error: TrainingError };

const fail = (error: TrainingError): { ok: false; error: TrainingError } => ({ ok: false, error });
const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });

/** A compare-and-set that found another version after this command had written: roll it all back. */
class StaleVersion extends Error {}

/** One transaction; a StaleVersion thrown inside rolls it back and answers 'stale'. */
async function inTransaction<T>(db: Db, fn: (trx: Transaction<Database>) => Promise<Outcome<T>>): Promise<Outcome<T>> {
  try {
    return await db.transaction().execute(fn);
  } catch (e) {
    if (e instanceof StaleVersion) return fail('stale');
    throw e;
  }
}

function audit(ctx: Ctx) {
  return { actor: { id: ctx.actor.id, role: ctx.actor.role }, requestId: ctx.requestId ?? null, at: ctx.now };
}

export interface TrainingView {
  training: repo.TrainingRow;
  participants: repo.ParticipantRow[];
  attendance: Map<number, Set<string>>;
  days: string[];
  mayManage: boolean;
}

/** A training as the viewer may see it; null → 404. */
export async function readTraining(db: Db, user: SessionUser | null, id: number): Promise<TrainingView | null> {
  const training = await repo.findTraining(db, id);
  if (!training || !mayViewTraining(user, training)) return null;
  const [participants, attendance] = await Promise.all([repo.listParticipants(db, id), repo.loadAttendance(db, id)]);
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

/** The training, locked, that the actor may manage, at the version the form was made from. */
async function managed(trx: Transaction<Database>, ctx: Ctx, id: number, version: number): Promise<Outcome<repo.TrainingRow>> {
  const t = await repo.lockTraining(trx, id);
  if (!t || !mayManageTraining(ctx.actor, t)) return fail('not_found');
  if (t.version !== version) return fail('stale');
  return ok(t);
}

async function bump(trx: Transaction<Database>, ctx: Ctx, t: repo.TrainingRow, set: Record<string, unknown> = {}): Promise<boolean> {
  return repo.bumpTraining(trx, t.id, t.version, set, ctx.now.getTime());
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

/** Enrols a portal officer (by their NIP) or an external PNS (NIP and name); capacity is enforced. */
export async function enrolParticipant(db: Db, ctx: Ctx, id: number, version: number, v: EnrolInput): Promise<Outcome<number>> {
  return inTransaction(db, async (trx) => {
    const t = await managed(trx, ctx, id, version);
    if (!t.ok) return t;
    if (!mayChangeEnrolment(t.value.state)) return fail('closed');
    let person: repo.Person;
    const officer = await repo.findOfficerByNip(trx, v.nip);
    if (v.source === 'portal') {
      if (!officer) return fail('unknown_nip');
      person = { userId: officer.id, name: officer.name, departmentId: officer.departmentId };
    } else {
      // An external PNS whose NIP belongs to a portal officer is that officer (one ledger per NIP).
      person = officer
        ? { userId: officer.id, name: officer.name, departmentId: officer.departmentId }
        : { userId: null, name: v.name, departmentId: null };
    }
    const existing = await repo.findParticipantByNip(trx, id, v.nip);
    if (existing && existing.status !== 'withdrawn') return fail('duplicate');
    if (t.value.capacity !== null && t.value.participants >= t.value.capacity) return fail('capacity');
    const now = ctx.now.getTime();
    let pid: number;
    if (existing) {
      pid = existing.id;
      await repo.reenrolParticipant(trx, pid, person, now);
    } else {
      pid = await repo.insertParticipant(trx, id, v.nip, person, now);
    }
    if (!(await bump(trx, ctx, t.value))) throw new StaleVersion();
    await appendAudit(trx, {
      ...audit(ctx),
      action: 'training.participant_enrolled',
      objectType: 'training',
      objectId: id,
      details: { participant: pid, external: person.userId === null },
    });
    return ok(pid);
  });
}

async function participantOf(trx: Transaction<Database>, trainingId: number, participantId: number) {
  return (await repo.listParticipants(trx, trainingId)).find((p) => p.id === participantId);
}

export async function withdrawParticipant(db: Db, ctx: Ctx, id: number, version: number, participantId: number): Promise<Outcome> {
  return inTransaction(db, async (trx) => {
    const t = await managed(trx, ctx, id, version);
    if (!t.ok) return t;
    if (!mayChangeEnrolment(t.value.state)) return fail('closed');
    const p = await participantOf(trx, id, participantId);
    if (!p || p.status !== 'enrolled') return fail('participant');
    if (!(await repo.updateParticipant(trx, p, { status: 'withdrawn', jp_credited: 0, completed_at: null }, ctx.now.getTime())))
      throw new StaleVersion();
    if (!(await bump(trx, ctx, t.value))) throw new StaleVersion();
    await appendAudit(trx, {
      ...audit(ctx),
      action: 'training.participant_withdrawn',
      objectType: 'training',
      objectId: id,
      details: { participant: p.id },
    });
    return ok(undefined);
  });
}

/**
 * The whole attendance grid of a training in one post: `present` holds "participantId|day" for every
 * ticked box; every other (participant, day) of the training's enrolled or completed participants is
 * recorded absent.
 */
export async function recordAttendance(
  db: Db,
  ctx: Ctx,
  id: number,
  version: number,
  present: ReadonlySet<string>,
): Promise<Outcome<number>> {
  return inTransaction(db, async (trx) => {
    const t = await managed(trx, ctx, id, version);
    if (!t.ok) return t;
    if (!mayRecordResults(t.value.state)) return fail('closed');
    const days = trainingDays(t.value.starts_on, t.value.ends_on);
    const people = (await repo.listParticipants(trx, id)).filter((p) => p.status !== 'withdrawn');
    const now = ctx.now.getTime();
    let ticked = 0;
    const rows = people.flatMap((p) =>
      days.map((day) => {
        const here = present.has(`${p.id}|${day}`);
        if (here) ticked++;
        return { participant_id: p.id, day, present: (here ? 1 : 0) as DbBool, recorded_by: ctx.actor.id, recorded_at: now };
      }),
    );
    await repo.replaceAttendance(
      trx,
      people.map((p) => p.id),
      rows,
    );
    if (!(await bump(trx, ctx, t.value))) throw new StaleVersion();
    await appendAudit(trx, {
      ...audit(ctx),
      action: 'training.attendance_recorded',
      objectType: 'training',
      objectId: id,
      details: { participants: people.length, days: days.length, present: ticked },
    });
    return ok(ticked);
  });
}

/**
 * Marks participants completed: each is credited the training's JP for its year (and only now).
 * `which` is a list of participant ids, or 'present' for every enrolled participant present on at
 * least one day.
 */
export async function completeParticipants(
  db: Db,
  ctx: Ctx,
  id: number,
  version: number,
  which: readonly number[] | 'present',
): Promise<Outcome<number>> {
  return inTransaction(db, async (trx) => {
    const t = await managed(trx, ctx, id, version);
    if (!t.ok) return t;
    if (!mayRecordResults(t.value.state)) return fail('closed');
    const people = await repo.listParticipants(trx, id);
    let chosen: repo.ParticipantRow[];
    if (which === 'present') {
      const attendance = await repo.loadAttendance(trx, id);
      chosen = people.filter((p) => p.status === 'enrolled' && (attendance.get(p.id)?.size ?? 0) > 0);
    } else {
      chosen = people.filter((p) => which.includes(p.id));
      if (chosen.length !== new Set(which).size || chosen.some((p) => p.status !== 'enrolled')) return fail('participant');
    }
    const now = ctx.now.getTime();
    for (const p of chosen) {
      if (
        !(await repo.updateParticipant(
          trx,
          p,
          { status: 'completed', completed_at: now, jp_credited: jpCredit('completed', t.value.jp, t.value.state) },
          now,
        ))
      )
        throw new StaleVersion();
    }
    if (!(await bump(trx, ctx, t.value))) throw new StaleVersion();
    await appendAudit(trx, {
      ...audit(ctx),
      action: 'training.participants_completed',
      objectType: 'training',
      objectId: id,
      details: { participants: chosen.length, jp: t.value.jp },
    });
    return ok(chosen.length);
  });
}

/** Records the certificate number (nomor sertifikat / STTPP) of a participant who was not withdrawn. */
export async function setCertificate(
  db: Db,
  ctx: Ctx,
  id: number,
  version: number,
  participantId: number,
  certificateNo: string,
): Promise<Outcome> {
  return inTransaction(db, async (trx) => {
    const t = await managed(trx, ctx, id, version);
    if (!t.ok) return t;
    if (t.value.state === 'cancelled') return fail('closed');
    const p = await participantOf(trx, id, participantId);
    if (!p || p.status === 'withdrawn') return fail('participant');
    if (!(await repo.updateParticipant(trx, p, { certificate_no: certificateNo }, ctx.now.getTime()))) throw new StaleVersion();
    if (!(await bump(trx, ctx, t.value))) throw new StaleVersion();
    await appendAudit(trx, {
      ...audit(ctx),
      action: 'training.certificate_recorded',
      objectType: 'training',
      objectId: id,
      details: { participant: p.id },
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
