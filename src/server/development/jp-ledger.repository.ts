// Queries of the JP ledger: the PNS (portal staff with a NIP) of departments, their plans' items and
// groups for a year, and the JP credited to them by completed trainings of that year.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';

type Q = Kysely<Database> | Transaction<Database>;
const num = (v: unknown) => Number(v);

export interface LedgerOfficer {
  userId: number;
  nip: string;
  name: string;
  jabatan: string | null;
  departmentId: number;
}

/** Active officers and managers with a NIP of the given departments (all when undefined). */
export async function listPnsOfDepartments(db: Q, departmentIds?: readonly number[], userId?: number): Promise<LedgerOfficer[]> {
  let q = db
    .selectFrom('users')
    .select(['id', 'nip', 'name', 'jabatan', 'department_id'])
    .where('role', 'in', ['officer', 'manager'])
    .where('nip', 'is not', null)
    .where('department_id', 'is not', null)
    .where('disabled_at', 'is', null)
    .where('erased_at', 'is', null);
  if (departmentIds) q = departmentIds.length === 0 ? q.where('id', '=', -1) : q.where('department_id', 'in', [...departmentIds]);
  if (userId !== undefined) q = q.where('id', '=', userId);
  const rows = await q.orderBy('name').orderBy('id').execute();
  return rows.map((r) => ({ userId: num(r.id), nip: r.nip!, name: r.name, jabatan: r.jabatan, departmentId: num(r.department_id) }));
}

export interface LedgerPlan {
  departmentId: number;
  status: 'draft' | 'final';
  items: { jp: number; groupId: number | null; nips: string[] }[];
  groups: { id: number; name: string }[];
}

/** Each department's plan for the year (one per department and year; final or still a draft). */
export async function loadPlansOfYear(db: Q, year: number, departmentIds?: readonly number[]): Promise<Map<number, LedgerPlan>> {
  let q = db.selectFrom('training_plans').select(['id', 'department_id', 'status']).where('year', '=', year);
  if (departmentIds) q = departmentIds.length === 0 ? q.where('id', '=', -1) : q.where('department_id', 'in', [...departmentIds]);
  const plans = await q.execute();
  const out = new Map<number, LedgerPlan>();
  if (plans.length === 0) return out;
  const ids = plans.map((p) => num(p.id));
  const items = await db
    .selectFrom('training_plan_items')
    .select(['plan_id', 'jp', 'target_group_id', 'target_nips'])
    .where('plan_id', 'in', ids)
    .execute();
  const groups = await db.selectFrom('training_plan_groups').select(['id', 'plan_id', 'name']).where('plan_id', 'in', ids).execute();
  for (const p of plans) {
    const id = num(p.id);
    out.set(num(p.department_id), {
      departmentId: num(p.department_id),
      status: p.status,
      items: items
        .filter((i) => num(i.plan_id) === id)
        .map((i) => ({
          jp: num(i.jp),
          groupId: i.target_group_id === null ? null : num(i.target_group_id),
          nips: String(i.target_nips).split(' ').filter(Boolean),
        })),
      groups: groups.filter((g) => num(g.plan_id) === id).map((g) => ({ id: num(g.id), name: g.name })),
    });
  }
  return out;
}

export interface CreditRow {
  /** The participation's id. */
  id: number;
  userId: number | null;
  nip: string;
  jp: number;
}

/** JP credited by completed participations in trainings of the year, for these users or NIPs. */
export async function loadCredits(db: Q, year: number, userIds: readonly number[], nips: readonly string[]): Promise<CreditRow[]> {
  if (userIds.length === 0 && nips.length === 0) return [];
  const out: CreditRow[] = [];
  // Chunks keep SQLite's parameter limit out of reach.
  for (let i = 0; i < Math.max(userIds.length, nips.length); i += 400) {
    const u = userIds.slice(i, i + 400);
    const n = nips.slice(i, i + 400);
    const rows = await db
      .selectFrom('training_participants as p')
      .innerJoin('trainings as t', 't.id', 'p.training_id')
      .select(['p.id', 'p.user_id', 'p.nip', 'p.jp_credited'])
      .where('p.status', '=', 'completed')
      .where('t.year', '=', year)
      .where((eb) => eb.or([...(u.length ? [eb('p.user_id', 'in', u)] : []), ...(n.length ? [eb('p.nip', 'in', n)] : [])]))
      .execute();
    for (const r of rows)
      out.push({ id: num(r.id), userId: r.user_id === null ? null : num(r.user_id), nip: r.nip, jp: num(r.jp_credited) });
  }
  // A row matched by both user and NIP in different chunks is counted once.
  const seen = new Set<number>();
  return out.filter((r) => !seen.has(r.id) && seen.add(r.id) !== undefined);
}
