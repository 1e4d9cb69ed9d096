// SQL of the overdue digest: the breach history (recorded once per complaint, stage and due time), the
// new breaches of a department since a time, and the one-per-day digest rows of each manager.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';

type Conn = Kysely<Database>;

/** Open complaints past a due time with a department, `limit` at a time after `afterId` (keyset paging). */
export async function listOverdueAfter(db: Conn, now: number, afterId: number, limit: number) {
  const rows = await db
    .selectFrom('complaints as c')
    .select(['c.id', 'c.department_id', 'c.state', 'c.response_due_at', 'c.resolution_due_at', 'c.first_response_at'])
    .where('c.department_id', 'is not', null)
    .where('c.id', '>', afterId)
    .where('c.state', 'in', ['assigned', 'in_progress', 'reopened'])
    .where((eb) =>
      eb.or([eb.and([eb('c.first_response_at', 'is', null), eb('c.response_due_at', '<', now)]), eb('c.resolution_due_at', '<', now)]),
    )
    .orderBy('c.id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    departmentId: Number(r.department_id),
    state: r.state,
    firstResponseAt: r.first_response_at === null ? null : Number(r.first_response_at),
    responseDueAt: r.response_due_at === null ? null : Number(r.response_due_at),
    resolutionDueAt: r.resolution_due_at === null ? null : Number(r.resolution_due_at),
  }));
}

/** Records a breach once (the same complaint, stage and due time again is ignored); true when new. */
export async function recordBreach(
  db: Conn,
  b: { complaintId: number; departmentId: number; stage: 'response' | 'resolution'; dueAt: number; now: number },
): Promise<boolean> {
  const r = await db
    .insertInto('overdue_breaches')
    .values({ complaint_id: b.complaintId, department_id: b.departmentId, stage: b.stage, due_at: b.dueAt, noticed_at: b.now })
    .onConflict((oc) => oc.columns(['complaint_id', 'stage', 'due_at']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0n) > 0;
}

/** Departments with at least one breach noticed in (since, until]. */
export async function departmentsWithBreaches(db: Conn, since: number, until: number): Promise<number[]> {
  const rows = await db
    .selectFrom('overdue_breaches')
    .select('department_id')
    .distinct()
    .where('noticed_at', '>', since)
    .where('noticed_at', '<=', until)
    .execute();
  return rows.map((r) => Number(r.department_id));
}

/** New breaches of a department noticed in (since, until], counted per stage. */
export async function breachCounts(
  db: Conn,
  departmentId: number,
  since: number,
  until: number,
): Promise<{ response: number; resolution: number }> {
  const rows = await db
    .selectFrom('overdue_breaches')
    .select(['stage', (eb) => eb.fn.countAll().as('n')])
    .where('department_id', '=', departmentId)
    .where('noticed_at', '>', since)
    .where('noticed_at', '<=', until)
    .groupBy('stage')
    .execute();
  const out = { response: 0, resolution: 0 };
  for (const r of rows) out[r.stage] = Number(r.n);
  return out;
}

export async function activeManagers(db: Conn, departmentId: number) {
  const rows = await db
    .selectFrom('users')
    .select(['id', 'email', 'locale'])
    .where('department_id', '=', departmentId)
    .where('role', '=', 'manager')
    .where('disabled_at', 'is', null)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

/** When the manager's last digest was made (the start of the next one's window); 0 if never. */
export async function lastDigestAt(db: Conn, userId: number): Promise<number> {
  const r = await db
    .selectFrom('overdue_digests')
    .select((eb) => eb.fn.max('created_at').as('at'))
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return r?.at === null || r?.at === undefined ? 0 : Number(r.at);
}

/** Claims the manager's digest of a local day; false when it was already made (by this or another worker). */
export async function claimDigest(
  trx: Transaction<Database>,
  d: { userId: number; day: string; breaches: number; now: number },
): Promise<boolean> {
  const r = await trx
    .insertInto('overdue_digests')
    .values({ user_id: d.userId, day: d.day, breaches: d.breaches, created_at: d.now })
    .onConflict((oc) => oc.columns(['user_id', 'day']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0n) > 0;
}
