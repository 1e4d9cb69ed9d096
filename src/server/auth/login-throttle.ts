// Login, registration and reset throttling, counted in the database so every app server agrees.
// Per account: 5 failed logins in 15 minutes close the door for the rest of that 15-minute window only,
// so an attacker cannot lock the owner out for long. Per client address: failed logins are counted (so an
// office behind one NAT address can still log in all morning), registrations and reset requests all count.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { consume, peek, rateLimitKey, reset, type Limit } from '../security/rate-limit.ts';

const MIN = 60_000;
export const ACCOUNT_FAILURES: Limit = { points: 5, windowMs: 15 * MIN };
export const IP_LOGIN_FAILURES: Limit = { points: 20, windowMs: 15 * MIN };
export const IP_LIMITS = {
  register: { points: 20, windowMs: 60 * MIN },
  reset: { points: 10, windowMs: 60 * MIN },
} satisfies Record<string, Limit>;
/** Reset emails per account per hour; further requests are accepted but send nothing. */
export const RESET_EMAILS_PER_ACCOUNT: Limit = { points: 3, windowMs: 60 * MIN };

export type IpScope = keyof typeof IP_LIMITS;

/** Counts one attempt from an address; returns how long to wait when over the limit, else 0. */
export async function hitIpLimit(db: Kysely<Database>, scope: IpScope, ip: string, now: Date): Promise<number> {
  const r = await consume(db, rateLimitKey(`${scope}-ip`, ip), IP_LIMITS[scope], now);
  return r.allowed ? 0 : r.retryAfterMs;
}

export async function accountLocked(db: Kysely<Database>, email: string, now: Date): Promise<boolean> {
  return (await peek(db, rateLimitKey('login-fail', email), ACCOUNT_FAILURES, now)) >= ACCOUNT_FAILURES.points;
}

/** How long an address must wait after too many failed logins (at most one window), else 0. */
export async function addressLocked(db: Kysely<Database>, ip: string, now: Date): Promise<number> {
  const failures = await peek(db, rateLimitKey('login-ip-fail', ip), IP_LOGIN_FAILURES, now);
  return failures >= IP_LOGIN_FAILURES.points ? IP_LOGIN_FAILURES.windowMs : 0;
}

export async function recordLoginFailure(db: Kysely<Database>, email: string, ip: string, now: Date): Promise<void> {
  await consume(db, rateLimitKey('login-fail', email), ACCOUNT_FAILURES, now);
  await consume(db, rateLimitKey('login-ip-fail', ip), IP_LOGIN_FAILURES, now);
}

export async function clearLoginFailures(db: Kysely<Database>, email: string): Promise<void> {
  await reset(db, rateLimitKey('login-fail', email));
}

export async function resetEmailAllowed(db: Kysely<Database>, email: string, now: Date): Promise<boolean> {
  return (await consume(db, rateLimitKey('reset-mail', email), RESET_EMAILS_PER_ACCOUNT, now)).allowed;
}
