// The one-click unsubscribe link in a follower's email: the complaint and the account, signed with an
// application secret, so the link works without logging in and cannot be forged for another person.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { appSecret } from '../security/app-secrets.ts';

const SECRET_NAME = 'complaint_follow_unsubscribe';
const SHAPE = /^([0-9a-z]{1,12})\.([0-9a-z]{1,12})\.([A-Za-z0-9_-]{43})$/;

function sign(secret: Buffer, payload: string): string {
  return createHmac('sha256', secret).update(`unfollow:${payload}`).digest('base64url');
}

export async function issueUnsubscribeToken(db: Kysely<Database>, complaintId: number, userId: number): Promise<string> {
  const payload = `${complaintId.toString(36)}.${userId.toString(36)}`;
  return `${payload}.${sign(await appSecret(db, SECRET_NAME), payload)}`;
}

/** The follow the token names, when its signature is right; null otherwise. */
export async function readUnsubscribeToken(
  db: Kysely<Database>,
  token: string | null | undefined,
): Promise<{ complaintId: number; userId: number } | null> {
  const m = token ? SHAPE.exec(token) : null;
  if (!m) return null;
  const expected = Buffer.from(sign(await appSecret(db, SECRET_NAME), `${m[1]}.${m[2]}`));
  const given = Buffer.from(m[3]!);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return { complaintId: parseInt(m[1]!, 36), userId: parseInt(m[2]!, 36) };
}
