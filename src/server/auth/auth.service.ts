// Account commands of residents and staff themselves: register, log in, log out, reset a password, edit the profile.
// Each writes its audit row (ids only: never the typed email, password or token).
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { translator, isLocale } from '../../i18n/index.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import type { Database } from '../db/schema.ts';
import { fromDbBool, toDbBool, toDbTime } from '../db/values.ts';
import { enqueueEmail, SECRET_LINK_MARKER } from '../notifications/outbox.ts';
import {
  consumePasswordReset,
  findPasswordReset,
  findUserByEmail,
  findUserById,
  insertPasswordReset,
  insertUser,
  spendPasswordResets,
  updateUser,
} from './auth.repository.ts';
import type { Affiliation } from './auth.tables.ts';
import { beginLoginAttempt, clearLoginFailures, hitIpLimit, logInSucceeded, resetEmailAllowed } from './login-throttle.ts';
import { hashPassword, verifyPassword } from './password.ts';
import { createSession, invalidateSession, invalidateUserSessions, lifetimesFor, type SessionUser } from './session.ts';
import type { Failure } from '../outcome.ts';

export const RESET_TOKEN_TTL_MS = 30 * 60_000;

export interface RequestContext {
  ip: string;
  requestId?: string;
  now?: Date;
}

export type Throttled = Failure<'throttled', { retryAfterMs: number }>;
export type Started = { ok: true; userId: number; role: SessionUser['role']; locale: string; token: string; maxAgeMs: number };

let dummyHash: Promise<string> | undefined;

export type Registered = { ok: true };

/**
 * Registers a resident (optionally a stakeholder). The answer is the same whether or not the address
 * already has an account, so the form does not reveal who has one: a new account is created and its
 * owner logs in next; an existing account is left alone and its owner gets an email saying someone
 * tried to register with it. Either way one email goes out, and the password is hashed either way so
 * the answer takes as long.
 */
export async function registerResident(
  db: Kysely<Database>,
  input: {
    name: string;
    email: string;
    password: string;
    phone: string | null;
    affiliation: Affiliation | null;
    organisation: string | null;
    locale: string;
    siteUrl: string;
  },
  ctx: RequestContext,
): Promise<Registered | Throttled> {
  const now = ctx.now ?? new Date();
  const wait = await hitIpLimit(db, 'register', ctx.ip, now);
  if (wait) return { ok: false, error: 'throttled', retryAfterMs: wait };
  const passwordHash = await hashPassword(input.password);
  const locale = isLocale(input.locale) ? input.locale : 'id';
  const existing = await findUserByEmail(db, input.email);
  if (existing) {
    // As with reset requests, a disabled or erased account is not invited to log in.
    if (existing.disabled_at === null && existing.erased_at === null) await warnExistingAccount(db, existing, input.siteUrl, ctx, now);
    return { ok: true };
  }
  try {
    await db.transaction().execute(async (trx) => {
      const id = await insertUser(trx, {
        email: input.email,
        password_hash: passwordHash,
        name: input.name,
        phone: input.phone,
        role: 'resident',
        department_id: null,
        nip: null,
        jabatan: null,
        affiliation: input.affiliation,
        organisation: input.affiliation ? input.organisation : null,
        locale,
        created_at: toDbTime(now),
        updated_at: toDbTime(now),
      });
      const t = translator(locale);
      await enqueueEmail(trx, {
        to: input.email,
        locale,
        subject: t('auth.register.welcomeSubject'),
        text: t('auth.register.welcomeBody', { name: input.name, login: `${input.siteUrl}/login` }),
        topic: 'auth.registered',
        now,
      });
      await appendAudit(trx, {
        actor: { id, role: 'resident' },
        action: 'user.registered',
        objectType: 'user',
        objectId: id,
        requestId: ctx.requestId,
        details: { affiliation: input.affiliation },
        at: now,
      });
    });
  } catch (e) {
    // Two registrations racing for one address: the unique index decides, and the loser is told by email.
    const winner = await findUserByEmail(db, input.email);
    if (!winner) throw e;
    if (winner.disabled_at === null && winner.erased_at === null) await warnExistingAccount(db, winner, input.siteUrl, ctx, now);
  }
  return { ok: true };
}

/** "Someone tried to register with your address": the account owner learns of it; the form learns nothing. */
async function warnExistingAccount(
  db: Kysely<Database>,
  user: { id: number; email: string; name: string; locale: string },
  siteUrl: string,
  ctx: RequestContext,
  now: Date,
): Promise<void> {
  const locale = isLocale(user.locale) ? user.locale : 'id';
  const t = translator(locale);
  await db.transaction().execute(async (trx) => {
    await enqueueEmail(trx, {
      to: user.email,
      locale,
      subject: t('auth.register.existingSubject'),
      text: t('auth.register.existingBody', { name: user.name, login: `${siteUrl}/login`, forgot: `${siteUrl}/password/forgot` }),
      topic: 'auth.register_existing',
      now,
    });
    await appendAudit(trx, { action: 'auth.register_existing', objectType: 'user', objectId: user.id, requestId: ctx.requestId, at: now });
  });
}

/** Checks the credentials and opens a new session; throttled per account and per address. */
export async function logIn(
  db: Kysely<Database>,
  input: { email: string; password: string; previousSessionId?: string | null },
  ctx: RequestContext,
): Promise<Started | Throttled | Failure<'invalid'>> {
  const now = ctx.now ?? new Date();
  // The attempt is counted before the password is checked, so parallel guesses cannot all be verified.
  const counted = await beginLoginAttempt(db, input.email, ctx.ip, now);
  const user = await findUserByEmail(db, input.email);
  if (!counted.ok) {
    if (counted.lockedBy === 'account') {
      await appendAudit(db, {
        action: 'auth.login_throttled',
        objectType: 'user',
        objectId: user?.id ?? null,
        requestId: ctx.requestId,
        at: now,
      });
    }
    return { ok: false, error: 'throttled', retryAfterMs: counted.retryAfterMs };
  }
  // Verify against a dummy hash for unknown accounts, so timing does not reveal which emails exist.
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  const valid = await verifyPassword(user?.password_hash ?? (await dummyHash), input.password);
  const usable = user && user.disabled_at === null && user.erased_at === null;
  if (!valid || !usable) {
    await appendAudit(db, {
      action: 'auth.login_failed',
      objectType: 'user',
      objectId: user?.id ?? null,
      requestId: ctx.requestId,
      details: { reason: !user ? 'unknown_account' : !valid ? 'wrong_password' : 'disabled' },
      at: now,
    });
    return { ok: false, error: 'invalid' };
  }
  await logInSucceeded(db, counted.attempt);
  // A new session at every login, and the one the browser came with (if any) ends: no fixation.
  if (input.previousSessionId) await invalidateSession(db, input.previousSessionId);
  return startSession(db, user.id, user.role, user.locale, ctx, 'auth.login', now);
}

async function startSession(
  db: Kysely<Database>,
  userId: number,
  role: SessionUser['role'],
  locale: string,
  ctx: RequestContext,
  action: string,
  now: Date,
): Promise<Started> {
  const { token } = await createSession(db, userId, now);
  await appendAudit(db, { actor: { id: userId, role }, action, objectType: 'user', objectId: userId, requestId: ctx.requestId, at: now });
  return { ok: true, userId, role, locale, token, maxAgeMs: lifetimesFor(role).absoluteMs };
}

export async function logOut(db: Kysely<Database>, user: SessionUser, sessionId: string, ctx: RequestContext): Promise<void> {
  await invalidateSession(db, sessionId);
  await appendAudit(db, {
    actor: { id: user.id, role: user.role },
    action: 'auth.logout',
    objectType: 'user',
    objectId: user.id,
    requestId: ctx.requestId,
    at: ctx.now,
  });
}

export function hashResetToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * Emails a one-time reset link when the address belongs to an active account. The answer is the same
 * either way, so the form does not reveal who has an account.
 */
export async function requestPasswordReset(
  db: Kysely<Database>,
  input: { email: string; baseUrl: string },
  ctx: RequestContext,
): Promise<{ ok: true } | Throttled> {
  const now = ctx.now ?? new Date();
  const wait = await hitIpLimit(db, 'reset', ctx.ip, now);
  if (wait) return { ok: false, error: 'throttled', retryAfterMs: wait };
  const user = await findUserByEmail(db, input.email);
  const active = user && user.disabled_at === null && user.erased_at === null;
  if (!active || !(await resetEmailAllowed(db, input.email, now))) {
    await appendAudit(db, {
      action: 'auth.password_reset_requested',
      objectType: 'user',
      objectId: user?.id ?? null,
      requestId: ctx.requestId,
      details: { sent: false },
      at: now,
    });
    return { ok: true };
  }
  const token = randomBytes(32).toString('base64url');
  const t = translator(isLocale(user.locale) ? user.locale : 'id');
  const link = new URL(`/password/reset?token=${token}`, input.baseUrl).toString();
  await db.transaction().execute(async (trx) => {
    await insertPasswordReset(trx, {
      userId: user.id,
      tokenHash: hashResetToken(token),
      createdAt: toDbTime(now),
      expiresAt: toDbTime(now) + RESET_TOKEN_TTL_MS,
    });
    await enqueueEmail(trx, {
      to: user.email,
      locale: user.locale,
      subject: t('auth.reset.emailSubject'),
      // The stored body (readable on /admin/outbox) holds a marker; the live link goes in at send time.
      text: t('auth.reset.emailBody', { name: user.name, link: SECRET_LINK_MARKER, minutes: RESET_TOKEN_TTL_MS / 60_000 }),
      secretLink: link,
      topic: 'auth.password_reset',
      now,
    });
    await appendAudit(trx, {
      action: 'auth.password_reset_requested',
      objectType: 'user',
      objectId: user.id,
      requestId: ctx.requestId,
      details: { sent: true },
      at: now,
    });
  });
  return { ok: true };
}

/** Whether a reset token can still be used (to show the form or an "expired link" page). */
export async function resetTokenUsable(db: Kysely<Database>, token: string, now: Date = new Date()): Promise<boolean> {
  const row = await findPasswordReset(db, hashResetToken(token));
  return !!row && row.used_at === null && Number(row.expires_at) > now.getTime();
}

/** Sets a new password with a one-time token; every session of the account ends. */
export async function resetPassword(
  db: Kysely<Database>,
  input: { token: string; password: string },
  ctx: RequestContext,
): Promise<{ ok: true; userId: number } | Throttled | Failure<'invalid_token'>> {
  const now = ctx.now ?? new Date();
  const wait = await hitIpLimit(db, 'reset', ctx.ip, now);
  if (wait) return { ok: false, error: 'throttled', retryAfterMs: wait };
  if (!(await resetTokenUsable(db, input.token, now))) return { ok: false, error: 'invalid_token' };
  const passwordHash = await hashPassword(input.password);
  const userId = await db.transaction().execute(async (trx) => {
    const id = await consumePasswordReset(trx, hashResetToken(input.token), toDbTime(now));
    if (id === null) return null;
    await updateUser(trx, id, { password_hash: passwordHash, updated_at: toDbTime(now) });
    await spendPasswordResets(trx, id, toDbTime(now));
    await invalidateUserSessions(trx, id);
    const role = (await findUserById(trx, id))?.role ?? 'resident';
    await appendAudit(trx, {
      actor: { id, role },
      action: 'auth.password_reset',
      objectType: 'user',
      objectId: id,
      requestId: ctx.requestId,
      at: now,
    });
    return id;
  });
  if (userId === null) return { ok: false, error: 'invalid_token' };
  const user = await findUserById(db, userId);
  if (user) await clearLoginFailures(db, user.email);
  return { ok: true, userId };
}

/** A user edits their own name, phone, affiliation and language; a changed affiliation needs verifying again. */
export async function updateProfile(
  db: Kysely<Database>,
  user: SessionUser,
  input: { name: string; phone: string | null; affiliation: Affiliation | null; organisation: string | null; locale: 'id' | 'en' },
  ctx: RequestContext,
): Promise<void> {
  const now = ctx.now ?? new Date();
  await db.transaction().execute(async (trx) => {
    const before = await findUserById(trx, user.id);
    if (!before) return;
    const organisation = input.affiliation ? input.organisation : null;
    const affiliationChanged = before.affiliation !== input.affiliation || before.organisation !== organisation;
    await updateUser(trx, user.id, {
      name: input.name,
      phone: input.phone,
      affiliation: input.affiliation,
      organisation,
      locale: input.locale,
      ...(affiliationChanged ? { affiliation_verified: toDbBool(false) } : {}),
      updated_at: toDbTime(now),
    });
    const changed = (['name', 'phone', 'locale'] as const).filter((k) => before[k] !== input[k]);
    if (affiliationChanged) changed.push('affiliation' as never);
    await appendAudit(trx, {
      actor: { id: user.id, role: user.role },
      action: 'user.profile_updated',
      objectType: 'user',
      objectId: user.id,
      requestId: ctx.requestId,
      details: { fields: changed.join(','), affiliation: input.affiliation },
      at: now,
    });
  });
}

export async function findProfile(db: Kysely<Database>, userId: number) {
  const u = await findUserById(db, userId);
  if (!u) return null;
  return {
    name: u.name,
    email: u.email,
    phone: u.phone,
    affiliation: u.affiliation,
    organisation: u.organisation,
    affiliationVerified: fromDbBool(u.affiliation_verified),
    locale: u.locale,
    role: u.role,
    nip: u.nip,
    jabatan: u.jabatan,
  };
}
