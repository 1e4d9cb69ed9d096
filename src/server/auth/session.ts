// Sessions after Lucia's reference implementation: token "<id>.<secret>", only SHA-256(secret) stored,
// constant-time comparison, sliding idle timeout plus an absolute lifetime (stricter for staff).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import { config } from '../config.ts';
import type { Database } from '../db/schema.ts';
import { fromDbBool, toDbTime } from '../db/values.ts';
import type { Affiliation, Role } from './auth.tables.ts';

/** Touch the session row at most this often, so reads stay reads. */
const TOUCH_INTERVAL_MS = 60_000;

export function generateSecureRandomString(bytes = 24): string {
  return randomBytes(bytes).toString('base64url');
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function isStaffRole(role: Role): boolean {
  return role !== 'resident';
}

export function lifetimesFor(role: Role): Lifetimes {
  const s = config().sessions;
  return isStaffRole(role) ? s.staff : s.resident;
}

/** Creates a session; the token is returned once and never stored. */
export async function createSession(
  db: Kysely<Database>,
  userId: number,
  now: Date = new Date(),
): Promise<{ token: string; session: Session }> {
  const id = generateSecureRandomString(16); // 128 bits
  const secret = generateSecureRandomString(32); // 256 bits
  const session: Session = { id, userId, createdAt: now, lastUsedAt: now };
  await db
    .insertInto('sessions')
    .values({ id, secret_hash: hashSecret(secret), user_id: userId, created_at: toDbTime(now), last_used_at: toDbTime(now) })
    .execute();
  return { token: `${id}.${secret}`, session };
}

/** The session and user a token stands for, or null (unknown, wrong secret, expired, disabled user). */
export async function validateSessionToken(
  db: Kysely<Database>,
  token: string,
  now: Date = new Date(),
  lifetimes: (role: Role) => Lifetimes = lifetimesFor,
): Promise<SessionValidation | null> {
  const dot = token.indexOf('.');
  if (dot < 1 || dot !== token.lastIndexOf('.')) return null;
  const id = token.slice(0, dot);
  const secret = token.slice(dot + 1);
  if (id.length > 64 || secret.length > 128) return null;

  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.id',
      'sessions.secret_hash',
      'sessions.created_at',
      'sessions.last_used_at',
      'sessions.user_id',
      'users.email',
      'users.name',
      'users.role',
      'users.department_id',
      'users.unit_id',
      'users.nip',
      'users.affiliation',
      'users.affiliation_verified',
      'users.locale',
      'users.disabled_at',
      'users.erased_at',
    ])
    .where('sessions.id', '=', id)
    .executeTakeFirst();
  if (!row) return null;

  const expected = Buffer.from(row.secret_hash, 'hex');
  const given = Buffer.from(hashSecret(secret), 'hex');
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;

  const t = now.getTime();
  const limits = lifetimes(row.role);
  const expired = t - Number(row.created_at) >= limits.absoluteMs || t - Number(row.last_used_at) >= limits.idleMs;
  if (expired || row.disabled_at !== null || row.erased_at !== null) {
    await invalidateSession(db, id);
    return null;
  }
  let lastUsedAt = new Date(Number(row.last_used_at));
  if (t - lastUsedAt.getTime() >= TOUCH_INTERVAL_MS) {
    await db.updateTable('sessions').set({ last_used_at: t }).where('id', '=', id).execute();
    lastUsedAt = now;
  }
  return {
    session: { id, userId: row.user_id, createdAt: new Date(Number(row.created_at)), lastUsedAt },
    user: {
      id: row.user_id,
      email: row.email,
      name: row.name,
      role: row.role,
      departmentId: row.department_id,
      unitId: row.unit_id === null ? null : Number(row.unit_id),
      nip: row.nip,
      affiliation: row.affiliation,
      affiliationVerified: fromDbBool(row.affiliation_verified),
      locale: row.locale,
    },
  };
}

export async function invalidateSession(db: Kysely<Database>, sessionId: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

export async function invalidateUserSessions(db: Kysely<Database>, userId: number): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

export interface Lifetimes {
  idleMs: number;
  absoluteMs: number;
}

export interface Session {
  id: string;
  userId: number;
  createdAt: Date;
  lastUsedAt: Date;
}

export interface SessionUser {
  id: number;
  email: string;
  name: string;
  role: Role;
  departmentId: number | null;
  /** The unit of the department the staff member belongs to (units inside departments); null or absent = the whole department. */
  unitId?: number | null;
  nip: string | null;
  affiliation: Affiliation | null;
  affiliationVerified: boolean;
  locale: string;
}

export interface SessionValidation {
  session: Session;
  user: SessionUser;
}
