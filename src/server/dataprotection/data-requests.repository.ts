// The register of data subject requests: received, due 3 × 24 hours later, completed.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { RequestKind, RequestState } from './dataprotection.tables.ts';

export const ANSWER_WITHIN_MS = 72 * 60 * 60 * 1000;

export async function insertDataRequest(
  db: Kysely<Database>,
  r: {
    kind: RequestKind;
    subjectType: 'user' | 'complaint';
    subjectId: string;
    channel?: 'self' | 'operator';
    state: RequestState;
    receivedAt: number;
    completedAt: number | null;
    details?: Record<string, number | string>;
  },
): Promise<number> {
  const row = await db
    .insertInto('data_requests')
    .values({
      kind: r.kind,
      subject_type: r.subjectType,
      subject_id: r.subjectId,
      channel: r.channel ?? 'self',
      state: r.state,
      received_at: r.receivedAt,
      due_at: r.receivedAt + ANSWER_WITHIN_MS,
      completed_at: r.completedAt,
      details: JSON.stringify(r.details ?? {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function listDataRequests(db: Kysely<Database>, opts: { state?: RequestState; limit: number; offset: number }) {
  let q = db.selectFrom('data_requests').selectAll().orderBy('received_at', 'desc').orderBy('id', 'desc');
  if (opts.state) q = q.where('state', '=', opts.state);
  return q.limit(opts.limit).offset(opts.offset).execute();
}

/** Closes a request that is still open; false when it was already closed. */
export async function closeDataRequest(db: Kysely<Database>, id: number, state: 'completed' | 'refused', at: number): Promise<boolean> {
  const r = await db
    .updateTable('data_requests')
    .set({ state, completed_at: at })
    .where('id', '=', id)
    .where('state', '=', 'received')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}
