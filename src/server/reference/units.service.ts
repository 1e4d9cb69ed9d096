// Units inside departments: the admin assigns a staff member's unit; lists of a department's units for
// the admin page, the inbox filter and the reports filter.
import type { Db } from '../db/index.ts';
import type { SessionUser } from '../auth/session.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import type { UnitKind } from './units.tables.ts';
import type { Outcome } from '../outcome.ts';

export interface UnitChoice {
  id: number;
  code: string;
  name: string;
  kind: UnitKind;
  departmentId: number;
}

/** Active units, of one department or of all, by department then name. */
export async function listUnits(db: Db, departmentId?: number | null): Promise<UnitChoice[]> {
  let q = db
    .selectFrom('units')
    .select(['id', 'code', 'name', 'kind', 'department_id'])
    .where('active', '=', 1)
    .orderBy('department_id')
    .orderBy('name');
  if (departmentId !== undefined && departmentId !== null) q = q.where('department_id', '=', departmentId);
  const rows = await q.execute();
  return rows.map((r) => ({ id: Number(r.id), code: r.code, name: r.name, kind: r.kind, departmentId: Number(r.department_id) }));
}

/** The unit of a staff member: its code, or null for the department as a whole. */
export async function unitOfUser(db: Db, userId: number): Promise<{ id: number; code: string; name: string } | null> {
  const r = await db
    .selectFrom('users')
    .innerJoin('units', 'units.id', 'users.unit_id')
    .select(['units.id', 'units.code', 'units.name'])
    .where('users.id', '=', userId)
    .executeTakeFirst();
  return r ? { id: Number(r.id), code: r.code, name: r.name } : null;
}

/**
 * The admin sets (or clears, with '') the unit of a department's officer or manager. The unit must
 * belong to the staff member's own department: a unit is part of a department, never a way around it.
 */
export async function setUserUnit(
  db: Db,
  actor: SessionUser | null,
  userId: number,
  unitCode: string,
  ctx: { requestId?: string; now?: Date } = {},
): Promise<Outcome<object, 'forbidden' | 'not_found' | 'invalid'>> {
  if (!actor || actor.role !== 'admin') return { ok: false, error: 'forbidden' };
  return db.transaction().execute(async (trx) => {
    const user = await trx
      .selectFrom('users')
      .select(['id', 'department_id', 'unit_id'])
      .where('id', '=', userId)
      .where('erased_at', 'is', null)
      .where('role', 'in', ['officer', 'manager'])
      .executeTakeFirst();
    if (!user) return { ok: false as const, error: 'not_found' as const };
    let unitId: number | null = null;
    if (unitCode !== '') {
      const unit = await trx
        .selectFrom('units')
        .select(['id', 'department_id'])
        .where('code', '=', unitCode)
        .where('active', '=', 1)
        .executeTakeFirst();
      if (!unit || user.department_id === null || Number(unit.department_id) !== Number(user.department_id))
        return { ok: false as const, error: 'invalid' as const };
      unitId = Number(unit.id);
    }
    await trx.updateTable('users').set({ unit_id: unitId }).where('id', '=', userId).execute();
    await appendAudit(trx, {
      actor: { id: actor.id, role: actor.role },
      action: 'user.unit_set',
      objectType: 'user',
      objectId: userId,
      requestId: ctx.requestId,
      details: { unit: unitCode || null },
      at: ctx.now ?? new Date(),
    });
    return { ok: true as const };
  });
}
