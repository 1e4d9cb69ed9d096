// What every command on a training shares (DESIGN.md §6b): the context and named outcomes, the one
// transaction that a lost compare-and-set rolls back, the audit envelope, and the locked training the
// actor may manage at the version the form was made from.
import type { Transaction } from 'kysely';
import type { Database, Db } from '../db/index.ts';
import type { SessionUser } from '../auth/session.ts';
import { mayManageTraining } from './trainings.policy.ts';
import * as repo from './trainings.repository.ts';

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

export const fail = (error: TrainingError): { ok: false; error: TrainingError } => ({ ok: false, error });
export const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });

/** A compare-and-set that found another version after this command had written: roll it all back. */
export class StaleVersion extends Error {}

/** One transaction; a StaleVersion thrown inside rolls it back and answers 'stale'. */
export async function inTransaction<T>(db: Db, fn: (trx: Transaction<Database>) => Promise<Outcome<T>>): Promise<Outcome<T>> {
  try {
    return await db.transaction().execute(fn);
  } catch (e) {
    if (e instanceof StaleVersion) return fail('stale');
    throw e;
  }
}

export function audit(ctx: Ctx) {
  return { actor: { id: ctx.actor.id, role: ctx.actor.role }, requestId: ctx.requestId ?? null, at: ctx.now };
}

/** The training, locked, that the actor may manage, at the version the form was made from. */
export async function managed(trx: Transaction<Database>, ctx: Ctx, id: number, version: number): Promise<Outcome<repo.TrainingRow>> {
  const t = await repo.lockTraining(trx, id);
  if (!t || !mayManageTraining(ctx.actor, t)) return fail('not_found');
  if (t.version !== version) return fail('stale');
  return ok(t);
}

export async function bump(trx: Transaction<Database>, ctx: Ctx, t: repo.TrainingRow, set: Record<string, unknown> = {}): Promise<boolean> {
  return repo.bumpTraining(trx, t.id, t.version, set, ctx.now.getTime());
}
