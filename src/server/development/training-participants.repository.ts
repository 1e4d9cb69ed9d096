// Queries of a training's participants: who is enrolled (a portal officer found by NIP, or an external
// PNS), their status, JP credited and certificate, and the attendance per day. Numbers from PostgreSQL's
// bigint columns are turned into numbers here.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { ParticipantStatus } from './training.tables.ts';

type Q = Kysely<Database> | Transaction<Database>;
const num = (v: unknown) => Number(v);
const numOrNull = (v: unknown) => (v === null || v === undefined ? null : Number(v));

export interface ParticipantRow {
  id: number;
  training_id: number;
  user_id: number | null;
  nip: string;
  name: string;
  email: string | null;
  department_id: number | null;
  status: ParticipantStatus;
  completed_at: number | null;
  jp_credited: number;
  certificate_no: string;
  version: number;
}

export async function listParticipants(db: Q, trainingId: number): Promise<ParticipantRow[]> {
  const rows = await db
    .selectFrom('training_participants as p')
    .leftJoin('users as u', 'u.id', 'p.user_id')
    .select([
      'p.id',
      'p.training_id',
      'p.user_id',
      'p.nip',
      'p.name',
      'u.email',
      'p.department_id',
      'p.status',
      'p.completed_at',
      'p.jp_credited',
      'p.certificate_no',
      'p.version',
    ])
    .where('p.training_id', '=', trainingId)
    .orderBy('p.name')
    .orderBy('p.id')
    .execute();
  return rows.map((r) => ({
    ...r,
    id: num(r.id),
    training_id: num(r.training_id),
    user_id: numOrNull(r.user_id),
    department_id: numOrNull(r.department_id),
    completed_at: numOrNull(r.completed_at),
    jp_credited: num(r.jp_credited),
    version: num(r.version),
    email: r.email ?? null,
  }));
}

/** Participant id → days present. */
export async function loadAttendance(db: Q, trainingId: number): Promise<Map<number, Set<string>>> {
  const rows = await db
    .selectFrom('training_attendance as a')
    .innerJoin('training_participants as p', 'p.id', 'a.participant_id')
    .select(['a.participant_id', 'a.day', 'a.present'])
    .where('p.training_id', '=', trainingId)
    .execute();
  const out = new Map<number, Set<string>>();
  for (const r of rows) {
    if (Number(r.present) !== 1) continue;
    const k = num(r.participant_id);
    (out.get(k) ?? out.set(k, new Set()).get(k)!).add(r.day);
  }
  return out;
}

/** An active portal officer (or manager) with this NIP. */
export async function findOfficerByNip(db: Q, nip: string) {
  const r = await db
    .selectFrom('users')
    .select(['id', 'name', 'nip', 'department_id'])
    .where('nip', '=', nip)
    .where('role', 'in', ['officer', 'manager'])
    .where('disabled_at', 'is', null)
    .where('erased_at', 'is', null)
    .executeTakeFirst();
  return r ? { id: num(r.id), name: r.name, nip: r.nip!, departmentId: numOrNull(r.department_id) } : undefined;
}

export async function findParticipantByNip(db: Q, trainingId: number, nip: string) {
  const r = await db
    .selectFrom('training_participants')
    .select(['id', 'status'])
    .where('training_id', '=', trainingId)
    .where('nip', '=', nip)
    .executeTakeFirst();
  return r ? { id: num(r.id), status: r.status } : undefined;
}

export interface Person {
  userId: number | null;
  name: string;
  departmentId: number | null;
}

export async function insertParticipant(trx: Q, trainingId: number, nip: string, p: Person, now: number): Promise<number> {
  const r = await trx
    .insertInto('training_participants')
    .values({
      training_id: trainingId,
      user_id: p.userId,
      nip,
      name: p.name,
      department_id: p.departmentId,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return num(r.id);
}

/** A withdrawn participant enrolled again: their row (one per NIP and training) starts over. */
export async function reenrolParticipant(trx: Q, participantId: number, p: Person, now: number): Promise<void> {
  await trx
    .updateTable('training_participants')
    .set((eb) => ({
      status: 'enrolled',
      user_id: p.userId,
      name: p.name,
      department_id: p.departmentId,
      jp_credited: 0,
      completed_at: null,
      certificate_no: '',
      version: eb('version', '+', 1),
      updated_at: now,
    }))
    .where('id', '=', participantId)
    .execute();
}

/** Compare-and-set on the participant's version. */
export async function updateParticipant(
  trx: Q,
  p: { id: number; version: number },
  set: { status?: ParticipantStatus; jp_credited?: number; completed_at?: number | null; certificate_no?: string },
  now: number,
): Promise<boolean> {
  const r = await trx
    .updateTable('training_participants')
    .set({ ...set, version: p.version + 1, updated_at: now })
    .where('id', '=', p.id)
    .where('version', '=', p.version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Replaces the attendance of these participants with the given rows. */
export async function replaceAttendance(
  trx: Q,
  participantIds: number[],
  rows: { participant_id: number; day: string; present: 0 | 1; recorded_by: number | null; recorded_at: number }[],
): Promise<void> {
  if (participantIds.length > 0) await trx.deleteFrom('training_attendance').where('participant_id', 'in', participantIds).execute();
  for (let i = 0; i < rows.length; i += 500)
    await trx
      .insertInto('training_attendance')
      .values(rows.slice(i, i + 500))
      .execute();
}
