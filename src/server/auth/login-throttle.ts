// Login, registration and reset throttling, counted in the database so every app server agrees.
// Per account: 5 failed logins in 15 minutes close the door for the rest of that 15-minute window only,
// so an attacker cannot lock the owner out for long. Per client address: failed logins are counted (so an
// office behind one NAT address can still log in all morning), registrations and reset requests all count.
// A login attempt is counted *before* its password is checked, in one atomic upsert, and given back when
// the password was right: checking first and counting after let 15 parallel guesses all be verified.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { consume, rateLimitKey, refund, reset } from '../security/rate-limit.ts';
import { ACCOUNT_FAILURES, IP_LIMITS, IP_LOGIN_FAILURES, RESET_EMAILS_PER_ACCOUNT } from '../limits.ts';

export type IpScope = keyof typeof IP_LIMITS;

/** Counts one attempt from an address; returns how long to wait when over the limit, else 0. */
export async function hitIpLimit(db: Kysely<Database>, scope: IpScope, ip: string, now: Date): Promise<number> {
  const r = await consume(db, rateLimitKey(`${scope}-ip`, ip), IP_LIMITS[scope], now);
  return r.allowed ? 0 : r.retryAfterMs;
}

/** The attempt's counted hits, to be given back if the password turns out right. */
export interface LoginAttempt {
  accountKey: string;
  accountWindow: number;
  ipKey: string;
  ipWindow: number;
}

export type AttemptOutcome = { ok: true; attempt: LoginAttempt } | { ok: false; lockedBy: 'address' | 'account'; retryAfterMs: number };

/**
 * Counts one login attempt against the address and the account before the password is verified.
 * Over either limit the attempt is refused without checking the password. An attempt refused by the
 * account's limit is given back to the address, so guesses at a locked account cannot lock out an
 * office behind one address. Attempts that fail stay counted; logInSucceeded gives a right one back.
 */
export async function beginLoginAttempt(db: Kysely<Database>, email: string, ip: string, now: Date): Promise<AttemptOutcome> {
  const ipKey = rateLimitKey('login-ip-fail', ip);
  const byIp = await consume(db, ipKey, IP_LOGIN_FAILURES, now);
  if (!byIp.allowed) return { ok: false, lockedBy: 'address', retryAfterMs: byIp.retryAfterMs };
  const accountKey = rateLimitKey('login-fail', email);
  const byAccount = await consume(db, accountKey, ACCOUNT_FAILURES, now);
  if (!byAccount.allowed) {
    await refund(db, ipKey, byIp.windowStart);
    return { ok: false, lockedBy: 'account', retryAfterMs: byAccount.retryAfterMs };
  }
  return { ok: true, attempt: { accountKey, accountWindow: byAccount.windowStart, ipKey, ipWindow: byIp.windowStart } };
}

/**
 * The password was right: this attempt is given back to both counters. Earlier failures in the window
 * stay counted: clearing them would give every guess not counted yet a fresh allowance, and how many
 * guesses get verified would then depend on how parallel requests interleave.
 */
export async function logInSucceeded(db: Kysely<Database>, a: LoginAttempt): Promise<void> {
  await refund(db, a.accountKey, a.accountWindow);
  await refund(db, a.ipKey, a.ipWindow);
}

export async function clearLoginFailures(db: Kysely<Database>, email: string): Promise<void> {
  await reset(db, rateLimitKey('login-fail', email));
}

export async function resetEmailAllowed(db: Kysely<Database>, email: string, now: Date): Promise<boolean> {
  return (await consume(db, rateLimitKey('reset-mail', email), RESET_EMAILS_PER_ACCOUNT, now)).allowed;
}
