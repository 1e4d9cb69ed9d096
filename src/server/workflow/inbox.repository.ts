// The department inbox query: one department's complaints with filters, full-text search
// (SQLite FTS5 / PostgreSQL to_tsvector), the next due time first, counts per state.
import { sql, type Expression, type SqlBool } from 'kysely';
import type { Db } from '../db/index.ts';
import { dbKind } from '../db/index.ts';
import type { Channel, ComplaintState } from '../complaints/complaint-states.ts';

export interface InboxFilter {
  departmentId: number;
  states: readonly ComplaintState[];
  category?: string;
  /** A kota (NN.NN) of a region with a kota level: its kecamatan are the ones whose code starts with it. */
  kota?: string;
  kecamatan?: string;
  /** How the complaints arrived (DESIGN.md §10). */
  channel?: Channel;
  /** A unit of the department (its id), or 'none' for complaints held by the department as a whole. */
  unit?: number | 'none';
  /** The viewer's own unit: its complaints come first. */
  ownUnit?: number | null;
  /** A user id, or 'none' for unassigned. */
  assignee?: number | 'none';
  overdue?: boolean;
  q?: string;
  now: number;
}

/** Words of a search as an FTS5 query: each a quoted token, all required (no operators from the user). */
export function ftsQuery(q: string): string | null {
  const words = q.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  if (words.length === 0) return null;
  return words
    .slice(0, 12)
    .map((w) => `"${w}"`)
    .join(' ');
}

function base(db: Db, f: InboxFilter) {
  let q = db.selectFrom('complaints as c').where('c.department_id', '=', f.departmentId);
  if (f.category) q = q.where('c.category_id', 'in', db.selectFrom('categories').select('id').where('code', '=', f.category));
  if (f.kota) q = q.where('c.kecamatan_code', 'like', `${f.kota}.%`);
  if (f.kecamatan) q = q.where('c.kecamatan_code', '=', f.kecamatan);
  if (f.channel) q = q.where('c.channel', '=', f.channel);
  if (f.unit === 'none') q = q.where('c.unit_id', 'is', null);
  else if (typeof f.unit === 'number') q = q.where('c.unit_id', '=', f.unit);
  if (f.assignee === 'none') q = q.where('c.assignee_user_id', 'is', null);
  else if (typeof f.assignee === 'number') q = q.where('c.assignee_user_id', '=', f.assignee);
  if (f.overdue) {
    q = q.where((eb) =>
      eb.or([
        eb.and([eb('c.state', '=', 'assigned'), eb('c.response_due_at', '<', f.now)]),
        eb.and([eb('c.state', 'in', ['assigned', 'in_progress', 'reopened']), eb('c.resolution_due_at', '<', f.now)]),
      ]),
    );
  }
  if (f.q) {
    if (dbKind(db) === 'postgres') {
      const words = f.q.trim().slice(0, 200);
      if (words)
        q = q.where(
          sql<SqlBool>`to_tsvector('simple', c.title || ' ' || c.description) @@ plainto_tsquery('simple', ${words})` as Expression<SqlBool>,
        );
    } else {
      const m = ftsQuery(f.q);
      if (m) q = q.where(sql<SqlBool>`c.id in (select rowid from complaints_fts where complaints_fts match ${m})` as Expression<SqlBool>);
    }
  }
  return q;
}

/** The due time that matters now: the response until the first one, then the resolution. */
const nextDue = sql<number | null>`case when c.state = 'assigned' then c.response_due_at else c.resolution_due_at end`;

export async function listInbox(db: Db, f: InboxFilter, page: { limit: number; offset: number }) {
  let q = base(db, f)
    .innerJoin('categories as cat', 'cat.id', 'c.category_id')
    .innerJoin('areas as kec', 'kec.code', 'c.kecamatan_code')
    .leftJoin('users as a', 'a.id', 'c.assignee_user_id')
    .leftJoin('units as un', 'un.id', 'c.unit_id')
    .select([
      'un.name as unit_name',
      'c.code',
      'c.title',
      'c.state',
      'c.priority',
      'c.privacy',
      'c.submitted_at',
      'c.response_due_at',
      'c.resolution_due_at',
      'cat.name_id as category_name_id',
      'cat.name_en as category_name_en',
      'kec.common_name as kecamatan_name',
      'a.name as assignee_name',
      nextDue.as('next_due'),
    ]);
  if (f.states.length > 0) q = q.where('c.state', 'in', f.states);
  // An officer of a unit sees the unit's complaints first, then the rest of the department's.
  if (f.ownUnit) q = q.orderBy(sql`case when c.unit_id = ${f.ownUnit} then 0 else 1 end`);
  return q
    .orderBy(sql`case when ${nextDue} is null then 1 else 0 end`)
    .orderBy(nextDue)
    .orderBy('c.id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}

export async function countInbox(db: Db, f: InboxFilter): Promise<number> {
  let q = base(db, f).select((eb) => eb.fn.countAll<number>().as('n'));
  if (f.states.length > 0) q = q.where('c.state', 'in', f.states);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

/** Counts per state under the same filters (the state filter itself left out). */
export async function countInboxByState(db: Db, f: InboxFilter): Promise<Map<ComplaintState, number>> {
  const rows = await base(db, f)
    .select(['c.state', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('c.state')
    .execute();
  return new Map(rows.map((r) => [r.state, Number(r.n)]));
}
