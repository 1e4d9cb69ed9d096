// The demo's gaming scenario, continued: the resolution check catches the scripted fast
// closer, and a careful colleague keeps the credit for answering before a reassignment. Deterministic
// (no random numbers), run after the fast closures are scripted, written as the commands would write it.
import type { Transaction } from 'kysely';
import type { Db } from '../db/index.ts';
import type { Database } from '../db/schema.ts';

const HOUR = 3_600_000;

export interface DemoCast {
  fastCloser: number;
  careful: number;
  colleague: number;
  manager: number;
  verifier: number;
}

/**
 * The fast closer's closures (resolved within minutes, "no response" before them) were flagged for a check:
 * every second one was returned by the verifier an hour later (back in progress, the return an internal
 * 'dispute' event, as checks.service.ts records it), the others accepted. And a third of the careful
 * officer's longer cases were reassigned by the manager to a colleague after the careful officer's first
 * response, the colleague resolving them.
 */
export async function scriptChecksAndReassignments(
  db: Db,
  cast: DemoCast,
  prefix: string,
): Promise<{ returned: number; accepted: number; reassigned: number }> {
  const fast = await db
    .selectFrom('complaints')
    .select(['id', 'assigned_at', 'first_response_at', 'resolved_at', 'department_id'])
    .where('assignee_user_id', '=', cast.fastCloser)
    .where('state', 'in', ['resolved', 'closed'])
    .where('reopened_count', '=', 0)
    .where('code', 'like', `${prefix}-%`)
    .orderBy('id')
    .execute();
  const closures = fast.filter(
    (r) => r.assigned_at !== null && r.resolved_at !== null && Number(r.resolved_at) - Number(r.assigned_at) <= 30 * 60_000,
  );
  let returned = 0;
  let accepted = 0;
  let reassigned = 0;
  await db.transaction().execute(async (trx) => {
    for (const [i, r] of closures.entries()) {
      const resolvedAt = Number(r.resolved_at);
      const resolve = await trx
        .selectFrom('complaint_events')
        .select('id')
        .where('complaint_id', '=', r.id)
        .where('action', '=', 'resolve')
        .orderBy('at', 'desc')
        .executeTakeFirst();
      if (!resolve) continue;
      const decidedAt = resolvedAt + HOUR;
      const back = i % 2 === 0;
      await trx
        .insertInto('resolution_checks')
        .values({
          complaint_id: r.id,
          resolve_event_id: resolve.id,
          resolver_user_id: cast.fastCloser,
          department_id: r.department_id,
          resolved_at: resolvedAt,
          reasons: 'fast no_response',
          state: back ? 'returned' : 'accepted',
          decided_by: cast.verifier,
          decided_at: decidedAt,
          version: 1,
          created_at: resolvedAt,
        })
        .execute();
      if (back) {
        // Returned before the reporter was asked: no confirmation, no closing, no rating followed.
        await trx
          .deleteFrom('complaint_events')
          .where('complaint_id', '=', r.id)
          .where('action', 'in', ['confirm', 'auto_close'])
          .execute();
        await trx.deleteFrom('complaint_ratings').where('complaint_id', '=', r.id).execute();
        await trx
          .insertInto('complaint_events')
          .values({
            complaint_id: r.id,
            at: decidedAt,
            actor_user_id: cast.verifier,
            actor_kind: 'verifier',
            action: 'dispute',
            from_state: 'resolved',
            to_state: 'in_progress',
            note: 'Dikembalikan: tidak ada tanggapan kepada pelapor dan tidak ada bukti penanganan di lokasi (data demo).',
            visibility: 'internal',
            department_id: r.department_id,
            details: JSON.stringify({ returned: true, resolve_event_id: resolve.id }),
          })
          .execute();
        await trx
          .updateTable('complaints')
          .set({ state: 'in_progress', reopened_count: 1, last_reopened_at: decidedAt, closed_at: null, updated_at: decidedAt })
          .where('id', '=', r.id)
          .execute();
        returned++;
      } else {
        // Accepted on its face, but nothing changed on the street: a reporter who rates it is unhappy.
        await trx.updateTable('complaint_ratings').set({ score: 2 }).where('complaint_id', '=', r.id).execute();
        await trx
          .insertInto('complaint_events')
          .values({
            complaint_id: r.id,
            at: decidedAt,
            actor_user_id: cast.verifier,
            actor_kind: 'verifier',
            action: 'check_accepted',
            from_state: 'resolved',
            to_state: 'resolved',
            visibility: 'internal',
            department_id: r.department_id,
            details: JSON.stringify({ returned: false, resolve_event_id: resolve.id }),
          })
          .execute();
        accepted++;
      }
    }
    await makeCareful(trx, cast.careful, prefix);
    const careful = await trx
      .selectFrom('complaints')
      .select(['id', 'first_response_at', 'resolved_at', 'department_id'])
      .where('assignee_user_id', '=', cast.careful)
      .where('state', 'in', ['resolved', 'closed'])
      .where('reopened_count', '=', 0)
      .where('code', 'like', `${prefix}-%`)
      .orderBy('id')
      .execute();
    const long = careful.filter(
      (r) => r.first_response_at !== null && r.resolved_at !== null && Number(r.resolved_at) - Number(r.first_response_at) > 2 * HOUR,
    );
    for (const [i, r] of long.entries()) {
      if (i % 3 !== 0) continue;
      const at = Math.round((Number(r.first_response_at) + Number(r.resolved_at)) / 2);
      await trx
        .insertInto('complaint_events')
        .values({
          complaint_id: r.id,
          at,
          actor_user_id: cast.manager,
          actor_kind: 'department',
          action: 'assign',
          from_state: 'in_progress',
          to_state: 'in_progress',
          visibility: 'internal',
          department_id: r.department_id,
          details: JSON.stringify({ assignee_user_id: cast.colleague }),
        })
        .execute();
      await trx
        .updateTable('complaint_events')
        .set({ actor_user_id: cast.colleague })
        .where('complaint_id', '=', r.id)
        .where('action', '=', 'resolve')
        .execute();
      await trx.updateTable('complaints').set({ assignee_user_id: cast.colleague }).where('id', '=', r.id).execute();
      reassigned++;
    }
  });
  return { returned, accepted, reassigned };
}

/**
 * The careful officer answers before the response is due and resolves before the resolution is due: their
 * never-reopened complaints answered or resolved late are moved to an hour before the due time (never
 * before the stage before them), events and columns alike.
 */
async function makeCareful(trx: Transaction<Database>, officer: number, prefix: string): Promise<void> {
  const rows = await trx
    .selectFrom('complaints')
    .select(['id', 'assigned_at', 'response_due_at', 'resolution_due_at', 'first_response_at', 'resolved_at'])
    .where('assignee_user_id', '=', officer)
    .where('reopened_count', '=', 0)
    .where('code', 'like', `${prefix}-%`)
    .orderBy('id')
    .execute();
  for (const r of rows) {
    if (r.assigned_at === null) continue;
    const assigned = Number(r.assigned_at);
    let responded = r.first_response_at === null ? null : Number(r.first_response_at);
    if (
      responded !== null &&
      r.response_due_at !== null &&
      responded > Number(r.response_due_at) &&
      Number(r.response_due_at) - HOUR > assigned + HOUR
    ) {
      responded = Number(r.response_due_at) - HOUR;
      await trx.updateTable('complaints').set({ first_response_at: responded }).where('id', '=', r.id).execute();
      await trx
        .updateTable('complaint_events')
        .set({ at: responded })
        .where('complaint_id', '=', r.id)
        .where('action', '=', 'respond')
        .execute();
    }
    if (
      r.resolved_at !== null &&
      responded !== null &&
      r.resolution_due_at !== null &&
      Number(r.resolved_at) > Number(r.resolution_due_at)
    ) {
      const resolved = Math.max(responded + HOUR, Number(r.resolution_due_at) - HOUR);
      if (resolved >= Number(r.resolved_at)) continue;
      await trx.updateTable('complaints').set({ resolved_at: resolved, first_resolved_at: resolved }).where('id', '=', r.id).execute();
      await trx
        .updateTable('complaint_events')
        .set({ at: resolved })
        .where('complaint_id', '=', r.id)
        .where('action', '=', 'resolve')
        .execute();
    }
  }
}
