// Test users and logged-in cookies, created directly in the database.
import type { Kysely } from 'kysely';
import type { Database } from '../../src/server/db/schema.ts';
import type { Affiliation, Role } from '../../src/server/auth/auth.tables.ts';
import { createSession } from '../../src/server/auth/session.ts';
import { hashPassword } from '../../src/server/auth/password.ts';

let counter = 0;
let cachedHash: string | undefined;
export const TEST_PASSWORD = 'kata-sandi-uji-123';

export interface NewTestUser {
  role?: Role;
  email?: string;
  name?: string;
  departmentCode?: string;
  nip?: string;
  affiliation?: Affiliation;
  organisation?: string;
  phone?: string;
}

export async function createTestUser(
  db: Kysely<Database>,
  u: NewTestUser = {},
): Promise<{ id: number; email: string; role: Role; departmentId: number | null }> {
  counter += 1;
  const role = u.role ?? 'resident';
  let departmentId: number | null = null;
  if (role === 'officer' || role === 'manager') {
    const code = u.departmentCode ?? 'PUPR';
    const d = await db.selectFrom('departments').select('id').where('code', '=', code).executeTakeFirstOrThrow();
    departmentId = d.id;
  }
  cachedHash ??= await hashPassword(TEST_PASSWORD);
  const now = Date.now();
  const email = u.email ?? `${role}${counter}.${now}@example.test`;
  const row = await db
    .insertInto('users')
    .values({
      email,
      password_hash: cachedHash,
      name: u.name ?? `Pengguna Uji ${counter}`,
      phone: u.phone ?? null,
      role,
      department_id: departmentId,
      nip: u.nip ?? null,
      jabatan: null,
      affiliation: u.affiliation ?? null,
      organisation: u.organisation ?? null,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, email, role, departmentId };
}

/** A Cookie header value for a fresh session of the user (plain-http cookie name). */
export async function sessionCookie(db: Kysely<Database>, userId: number): Promise<string> {
  const { token } = await createSession(db, userId);
  return `session=${token}`;
}
