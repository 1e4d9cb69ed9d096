// The complaint form's one-time token: a random form id, the device it was first shown to and the
// time of that first render, signed with an application secret. Re-rendering after a validation
// error keeps the token, so the fill time counts from the first render of that form session; the
// form id makes filing idempotent (complaint_filings) and keys the photos kept across an error.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db/index.ts';
import { appSecret } from '../security/app-secrets.ts';
import { CODE_ALPHABET } from './complaint-codes.ts';

export interface FormToken {
  /** 128 random bits, hex. */
  formId: string;
  /** The browser's device id (cookie), for the per-device rate limit. */
  deviceId: string;
  /** When the form was first rendered (epoch ms). */
  issuedAt: number;
}

const SECRET_NAME = 'complaint_form_token';
const ID = /^[0-9a-f]{32}$/;

export function newFormId(): string {
  return randomBytes(16).toString('hex');
}

function sign(secret: Buffer, payload: string): string {
  return createHmac('sha256', secret).update(`form:${payload}`).digest('base64url');
}

export async function issueFormToken(db: Db, t: FormToken): Promise<string> {
  const payload = `${t.formId}.${t.deviceId}.${t.issuedAt.toString(36)}`;
  return `${payload}.${sign(await appSecret(db, SECRET_NAME), payload)}`;
}

/** The token's content when its signature is right; null for a missing, altered or foreign token. */
export async function readFormToken(db: Db, token: string | undefined): Promise<FormToken | null> {
  if (!token || token.length > 200) return null;
  const parts = token.split('.');
  if (parts.length !== 4) return null;
  const [formId, deviceId, issued, mac] = parts as [string, string, string, string];
  if (!ID.test(formId) || !ID.test(deviceId)) return null;
  const expected = Buffer.from(sign(await appSecret(db, SECRET_NAME), `${formId}.${deviceId}.${issued}`));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  const issuedAt = parseInt(issued, 36);
  if (!Number.isSafeInteger(issuedAt)) return null;
  return { formId, deviceId, issuedAt };
}

/**
 * The access key for the complaint filed with this form, derived from the form id under the secret:
 * a second POST of the same form (a retry after a lost answer) can show the same key again although
 * only its hash is stored. Whoever holds the signed token already holds the filing.
 */
export async function accessKeyForForm(db: Db, formId: string): Promise<string> {
  const mac = createHmac('sha256', await appSecret(db, SECRET_NAME))
    .update(`access-key:${formId}`)
    .digest();
  let s = '';
  // 16 characters from 16 bytes (the small modulo bias costs under a bit of the ≈ 79).
  for (let i = 0; i < 16; i++) s += CODE_ALPHABET[mac[i]! % CODE_ALPHABET.length];
  return s.match(/.{4}/g)!.join('-');
}
