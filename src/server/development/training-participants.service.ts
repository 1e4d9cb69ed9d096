// Commands on a training's participants (DESIGN.md §6b): enrol and withdraw, record attendance per day,
// mark completion (which alone credits the training's JP) and record certificate numbers. Each checks
// the policy, runs in one transaction, compares-and-sets the training's `version` and writes its audit row.
import type { Transaction } from 'kysely';
import type { Database, Db } from '../db/index.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import type { EnrolInput } from './trainings.schema.ts';
import type { DbBool } from '../db/values.ts';
import { jpCredit, mayChangeEnrolment, mayRecordResults, trainingDays } from './trainings.policy.ts';
import * as repo from './training-participants.repository.ts';
import { audit, bump, fail, inTransaction, managed, ok, StaleVersion, type Ctx, type Outcome } from './trainings.command.ts';

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
