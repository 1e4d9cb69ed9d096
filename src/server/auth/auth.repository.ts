// Queries over users and password-reset tokens.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Affiliation, Role, UsersTable } from './auth.tables.ts';
import type { Insertable, Updateable } from 'kysely';

type Db = Kysely<Database> | Transaction<Database>;

export async function findUserByEmail(db: Db, email: string) {
  return db.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();
}

export async function findUserById(db: Db, id: number) {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findUserByNip(db: Db, nip: string) {
  return db.selectFrom('users').select('id').where('nip', '=', nip).executeTakeFirst();
}

export async function insertUser(db: Db, values: Insertable<UsersTable>): Promise<number> {
  const row = await db.insertInto('users').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function updateUser(db: Db, id: number, values: Updateable<UsersTable>): Promise<void> {
  await db.updateTable('users').set(values).where('id', '=', id).execute();
}

export interface UserSearch {
  q?: string;
  role?: Role;
  status?: 'active' | 'disabled';
  limit: number;
  offset: number;
}

/** Users for the admin list, newest first, with their department's code. */
export async function searchUsers(db: Db, s: UserSearch) {
  let q = db
    .selectFrom('users')
    .leftJoin('departments', 'departments.id', 'users.department_id')
    .leftJoin('units', 'units.id', 'users.unit_id')
    .select([
      'users.id',
      'users.email',
      'users.name',
      'users.role',
      'users.nip',
      'users.jabatan',
      'users.affiliation',
      'users.affiliation_verified',
      'users.disabled_at',
      'users.created_at',
      'departments.code as department_code',
      'units.name as unit_name',
    ])
    .where('users.erased_at', 'is', null)
    .orderBy('users.id', 'desc');
  if (s.q) {
    const like = `%${s.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) =>
      eb.or([eb(eb.fn('lower', ['users.name']), 'like', like), eb('users.email', 'like', like), eb('users.nip', 'like', like)]),
    );
  }
  if (s.role) q = q.where('users.role', '=', s.role);
  if (s.status === 'active') q = q.where('users.disabled_at', 'is', null);
  if (s.status === 'disabled') q = q.where('users.disabled_at', 'is not', null);
  return q.limit(s.limit).offset(s.offset).execute();
}

export async function insertPasswordReset(
  db: Db,
  v: { userId: number; tokenHash: string; createdAt: number; expiresAt: number },
): Promise<void> {
  await db
    .insertInto('password_resets')
    .values({ user_id: v.userId, token_hash: v.tokenHash, created_at: v.createdAt, expires_at: v.expiresAt, used_at: null })
    .execute();
}

/**
 * Marks an unused, unexpired token used and returns its user; null when it was unknown, used or expired.
 * One conditional UPDATE, so two concurrent submissions cannot both succeed.
 */
export async function consumePasswordReset(db: Db, tokenHash: string, now: number): Promise<number | null> {
  const row = await db
    .updateTable('password_resets')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returning('user_id')
    .executeTakeFirst();
  return row?.user_id ?? null;
}

export async function findPasswordReset(db: Db, tokenHash: string) {
  return db.selectFrom('password_resets').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

/** Spends every other outstanding token of a user, e.g. after a successful reset. */
export async function spendPasswordResets(db: Db, userId: number, now: number): Promise<void> {
  await db.updateTable('password_resets').set({ used_at: now }).where('user_id', '=', userId).where('used_at', 'is', null).execute();
}

export type UserRow = NonNullable<Awaited<ReturnType<typeof findUserById>>>;
export type { Affiliation };
