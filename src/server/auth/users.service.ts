// Admin commands on accounts: create staff, edit, change role, disable / re-enable, verify an affiliation.
// Every command checks the policy, runs in one transaction and writes its audit row.
import type { Kysely, Transaction } from 'kysely';
import { appendAudit } from '../audit/audit.repository.ts';
import type { Database } from '../db/schema.ts';
import { fromDbBool, toDbBool, toDbTime } from '../db/values.ts';
import { findDepartmentByCode, findDepartmentById, listDepartments } from '../reference/reference.repository.ts';
import { findUserByEmail, findUserById, findUserByNip, insertUser, searchUsers, updateUser, type UserSearch } from './auth.repository.ts';
import type { Role } from './auth.tables.ts';
import { mayChangeRoleOrStatus, mayManageUsers, mayVerifyAffiliation } from './auth.policy.ts';
import { hashPassword } from './password.ts';
import { invalidateUserSessions } from './session.ts';
import type { MessageKey } from '../../i18n/index.ts';

export interface Actor {
  id: number;
  role: Role;
}

export interface StaffInput {
  name: string;
  role: Role;
  departmentCode: string | null;
  nip: string | null;
  jabatan: string | null;
  phone: string | null;
}

export type UserCommandResult =
  | { ok: true; userId: number }
  | { ok: false; reason: 'forbidden' | 'notFound' }
  | { ok: false; reason: 'invalid'; field: string; message: MessageKey };

const needsDepartment = (role: Role) => role === 'officer' || role === 'manager';

async function departmentFor(db: Kysely<Database>, role: Role, code: string | null): Promise<number | null | 'unknown'> {
  if (!needsDepartment(role)) return null;
  const d = code ? await findDepartmentByCode(db, code) : undefined;
  return d ? d.id : 'unknown';
}

/** Creates a staff account (also used by `cli create-user`, with actor null meaning the operator). */
export async function createStaffUser(
  db: Kysely<Database>,
  actor: Actor | null,
  input: StaffInput & { email: string; password: string },
  ctx: { requestId?: string; now?: Date; viaCli?: boolean } = {},
): Promise<UserCommandResult> {
  if (!ctx.viaCli && !mayManageUsers(actor)) return { ok: false, reason: 'forbidden' };
  const now = ctx.now ?? new Date();
  const departmentId = await departmentFor(db, input.role, input.departmentCode);
  if (departmentId === 'unknown')
    return { ok: false, reason: 'invalid', field: 'departmentCode', message: 'auth.errors.departmentRequired' };
  if (await findUserByEmail(db, input.email)) return { ok: false, reason: 'invalid', field: 'email', message: 'auth.errors.emailTaken' };
  if (input.nip && (await findUserByNip(db, input.nip)))
    return { ok: false, reason: 'invalid', field: 'nip', message: 'auth.errors.nipTaken' };
  const passwordHash = await hashPassword(input.password);
  const userId = await db.transaction().execute(async (trx) => {
    const id = await insertUser(trx, {
      email: input.email,
      password_hash: passwordHash,
      name: input.name,
      phone: input.phone,
      role: input.role,
      department_id: departmentId,
      nip: input.nip,
      jabatan: input.jabatan,
      affiliation: null,
      organisation: null,
      created_at: toDbTime(now),
      updated_at: toDbTime(now),
    });
    await appendAudit(trx, {
      actor,
      action: 'user.created',
      objectType: 'user',
      objectId: id,
      requestId: ctx.requestId,
      details: { role: input.role, department: input.departmentCode, via: ctx.viaCli ? 'cli' : 'admin' },
      at: now,
    });
    return id;
  });
  return { ok: true, userId };
}

/** Edits an account's name, contact, department, NIP, jabatan and role; a role change is audited on its own. */
export async function updateUserByAdmin(
  db: Kysely<Database>,
  actor: Actor,
  userId: number,
  input: StaffInput,
  ctx: { requestId?: string; now?: Date } = {},
): Promise<UserCommandResult> {
  if (!mayManageUsers(actor)) return { ok: false, reason: 'forbidden' };
  const now = ctx.now ?? new Date();
  const before = await findUserById(db, userId);
  if (!before || before.erased_at !== null) return { ok: false, reason: 'notFound' };
  const roleChanges = before.role !== input.role;
  if (roleChanges && !mayChangeRoleOrStatus(actor, before))
    return { ok: false, reason: 'invalid', field: 'role', message: 'accounts.users.errors.ownRole' };
  const departmentId = await departmentFor(db, input.role, input.departmentCode);
  if (departmentId === 'unknown')
    return { ok: false, reason: 'invalid', field: 'departmentCode', message: 'auth.errors.departmentRequired' };
  if (input.nip && input.nip !== before.nip) {
    const other = await findUserByNip(db, input.nip);
    if (other && other.id !== userId) return { ok: false, reason: 'invalid', field: 'nip', message: 'auth.errors.nipTaken' };
  }
  await db.transaction().execute(async (trx) => {
    await updateUser(trx, userId, {
      name: input.name,
      phone: input.phone,
      role: input.role,
      department_id: departmentId,
      // A unit belongs to one department: moving the account to another department leaves its unit.
      ...(before.department_id !== departmentId ? { unit_id: null } : {}),
      nip: input.nip,
      jabatan: input.jabatan,
      // A resident's affiliation stays with them; staff accounts carry none.
      ...(input.role !== 'resident' ? { affiliation: null, organisation: null, affiliation_verified: toDbBool(false) } : {}),
      updated_at: toDbTime(now),
    });
    const fields = (['name', 'phone', 'nip', 'jabatan'] as const).filter((k) => before[k] !== input[k]);
    if (before.department_id !== departmentId) fields.push('department' as never);
    await appendAudit(trx, {
      actor,
      action: 'user.updated',
      objectType: 'user',
      objectId: userId,
      requestId: ctx.requestId,
      details: { fields: fields.join(',') },
      at: now,
    });
    if (roleChanges) {
      await appendAudit(trx, {
        actor,
        action: 'user.role_changed',
        objectType: 'user',
        objectId: userId,
        requestId: ctx.requestId,
        details: { from: before.role, to: input.role },
        at: now,
      });
      // New powers (or fewer) take effect at the next login, with the session lifetimes of the new role.
      await invalidateUserSessions(trx, userId);
    }
  });
  return { ok: true, userId };
}

/** Disables an account (all its sessions end at once) or enables it again. */
export async function setUserDisabled(
  db: Kysely<Database>,
  actor: Actor,
  userId: number,
  disabled: boolean,
  ctx: { requestId?: string; now?: Date } = {},
): Promise<UserCommandResult> {
  if (!mayManageUsers(actor)) return { ok: false, reason: 'forbidden' };
  const now = ctx.now ?? new Date();
  const target = await findUserById(db, userId);
  if (!target || target.erased_at !== null) return { ok: false, reason: 'notFound' };
  if (!mayChangeRoleOrStatus(actor, target))
    return { ok: false, reason: 'invalid', field: 'status', message: 'accounts.users.errors.ownStatus' };
  await db.transaction().execute(async (trx: Transaction<Database>) => {
    await updateUser(trx, userId, { disabled_at: disabled ? toDbTime(now) : null, updated_at: toDbTime(now) });
    if (disabled) await invalidateUserSessions(trx, userId);
    await appendAudit(trx, {
      actor,
      action: disabled ? 'user.disabled' : 'user.enabled',
      objectType: 'user',
      objectId: userId,
      requestId: ctx.requestId,
      at: now,
    });
  });
  return { ok: true, userId };
}

export async function setAffiliationVerified(
  db: Kysely<Database>,
  actor: Actor,
  userId: number,
  verified: boolean,
  ctx: { requestId?: string; now?: Date } = {},
): Promise<UserCommandResult> {
  const now = ctx.now ?? new Date();
  const target = await findUserById(db, userId);
  if (!target || target.erased_at !== null) return { ok: false, reason: 'notFound' };
  if (!mayVerifyAffiliation(actor, target)) return { ok: false, reason: 'forbidden' };
  await db.transaction().execute(async (trx) => {
    await updateUser(trx, userId, { affiliation_verified: toDbBool(verified), updated_at: toDbTime(now) });
    await appendAudit(trx, {
      actor,
      action: verified ? 'user.affiliation_verified' : 'user.affiliation_unverified',
      objectType: 'user',
      objectId: userId,
      requestId: ctx.requestId,
      details: { affiliation: target.affiliation },
      at: now,
    });
  });
  return { ok: true, userId };
}

/** One account as the admin edit page shows it. */
export async function userForAdmin(db: Kysely<Database>, actor: Actor, userId: number) {
  if (!mayManageUsers(actor)) return null;
  const u = await findUserById(db, userId);
  if (!u || u.erased_at !== null) return null;
  const dept = u.department_id ? await findDepartmentById(db, u.department_id) : undefined;
  // An admin opening someone's contact data is recorded, naming the account, for breach reports (UU PDP).
  await appendAudit(db, { actor, action: 'user.viewed', objectType: 'user', objectId: u.id });
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    phone: u.phone,
    role: u.role,
    departmentCode: dept?.code ?? null,
    nip: u.nip,
    jabatan: u.jabatan,
    affiliation: u.affiliation,
    organisation: u.organisation,
    affiliationVerified: fromDbBool(u.affiliation_verified),
    disabled: u.disabled_at !== null,
    createdAt: new Date(Number(u.created_at)),
  };
}

/** The admin's user list; null when the actor may not manage users. */
export async function listUsersForAdmin(db: Kysely<Database>, actor: Actor, search: UserSearch) {
  if (!mayManageUsers(actor)) return null;
  return searchUsers(db, search);
}

/** Department codes and names for the staff form and `cli departments`. */
export async function departmentChoices(db: Kysely<Database>) {
  return (await listDepartments(db)).map((d) => ({ code: d.code, name: d.name, active: fromDbBool(d.active) }));
}
