// The JP ledger: per PNS and year, JP planned by their department's plan and JP realised by
// completed trainings, against the 20 JP right of PP 11/2017 Pasal 203 ayat (4) jo. PP 17/2020.
// Planned: the plan's items for everyone, for a group whose name is the PNS's jabatan (a group is a head
// count; the jabatan is the only membership the portal knows), and items naming their NIP. Realised: the
// JP credited to completed participations in trainings of that year, matched by account or NIP.
import type { Db } from '../db/index.ts';
import type { SessionUser } from '../auth/session.ts';
import { JP_PER_YEAR } from './jp-entitlement.ts';
import { developmentScope } from './development.policy.ts';
import * as repo from './jp-ledger.repository.ts';

export interface LedgerEntry {
  userId: number;
  nip: string;
  name: string;
  departmentId: number;
  /** null: the department has no plan for the year. */
  planned: number | null;
  planStatus: 'draft' | 'final' | null;
  realised: number;
  /** JP still missing to 20 realised (0 when met). */
  missing: number;
}

/** JP the plan gives one PNS: items for everyone, their jabatan's group, or their NIP. */
export function plannedJpFor(officer: { nip: string; jabatan: string | null }, plan: repo.LedgerPlan): number {
  const jabatan = officer.jabatan?.trim().toLowerCase() ?? '';
  const groupIds = new Set(plan.groups.filter((g) => jabatan !== '' && g.name.trim().toLowerCase() === jabatan).map((g) => g.id));
  return plan.items.reduce((n, i) => {
    if (i.nips.length > 0) return i.nips.includes(officer.nip) ? n + i.jp : n;
    if (i.groupId === null || groupIds.has(i.groupId)) return n + i.jp;
    return n;
  }, 0);
}

/** Ledger entries of the given PNS for a year. */
export async function ledgerOf(db: Db, officers: readonly repo.LedgerOfficer[], year: number): Promise<LedgerEntry[]> {
  if (officers.length === 0) return [];
  const plans = await repo.loadPlansOfYear(db, year, [...new Set(officers.map((o) => o.departmentId))]);
  const credits = await repo.loadCredits(
    db,
    year,
    officers.map((o) => o.userId),
    officers.map((o) => o.nip),
  );
  const byUser = new Map(officers.map((o) => [o.userId, o]));
  const byNip = new Map(officers.map((o) => [o.nip, o]));
  const realised = new Map<number, number>();
  for (const c of credits) {
    const o = (c.userId !== null ? byUser.get(c.userId) : undefined) ?? byNip.get(c.nip);
    if (o) realised.set(o.userId, (realised.get(o.userId) ?? 0) + c.jp);
  }
  return officers.map((o) => {
    const plan = plans.get(o.departmentId);
    const r = realised.get(o.userId) ?? 0;
    return {
      userId: o.userId,
      nip: o.nip,
      name: o.name,
      departmentId: o.departmentId,
      planned: plan ? plannedJpFor(o, plan) : null,
      planStatus: plan?.status ?? null,
      realised: r,
      missing: Math.max(0, JP_PER_YEAR - r),
    };
  });
}

/** The signed-in PNS's own entry; null when they have no NIP or department. */
export async function myLedger(db: Db, user: SessionUser, year: number): Promise<LedgerEntry | null> {
  const officers = await repo.listPnsOfDepartments(db, undefined, user.id);
  return (await ledgerOf(db, officers, year))[0] ?? null;
}

export interface DepartmentLedger {
  department: { id: number; code: string; name: string };
  pns: number;
  below: LedgerEntry[];
  entries: LedgerEntry[];
}

/** The ledger of every department the viewer may see (HR, admin: all; a manager: their own); null → 404. */
export async function ledgerByDepartment(db: Db, user: SessionUser | null, year: number): Promise<DepartmentLedger[] | null> {
  const scope = developmentScope(user);
  if (!scope) return null;
  let q = db.selectFrom('departments').select(['id', 'code', 'name']).where('active', '=', 1);
  if (scope.departmentIds) q = q.where('id', 'in', scope.departmentIds.length ? scope.departmentIds : [-1]);
  const departments = (await q.orderBy('name').execute()).map((d) => ({ id: Number(d.id), code: d.code, name: d.name }));
  const entries = await ledgerOf(
    db,
    await repo.listPnsOfDepartments(
      db,
      departments.map((d) => d.id),
    ),
    year,
  );
  return departments.map((d) => {
    const mine = entries.filter((e) => e.departmentId === d.id);
    return { department: d, pns: mine.length, below: mine.filter((e) => e.realised < JP_PER_YEAR), entries: mine };
  });
}
