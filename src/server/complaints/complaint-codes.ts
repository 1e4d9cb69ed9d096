// Tracking codes (PLG-26-7K3Q9X: public, unguessable) and private access keys (only their hash is stored).
import { createHash, randomInt, timingSafeEqual } from 'node:crypto';

/** No 0/O, 1/I/L: easy to read aloud and to type from a phone. */
export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

function randomChars(n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return s;
}

/** PREFIX-YY-XXXXXX; 31^6 ≈ 8.9·10^8 codes per prefix and year. */
export function generateTrackingCode(prefix: string, year: number): string {
  return `${prefix}-${String(year % 100).padStart(2, '0')}-${randomChars(6)}`;
}

export const TRACKING_CODE_PATTERN = new RegExp(`^[A-Z]{2,4}-\\d{2}-[${CODE_ALPHABET}]{6}$`);

const LOOSE_CODE = new RegExp(`^([A-Z]{2,4})(\\d{2})([${CODE_ALPHABET}]{6})$`);

/**
 * Accepts what people type or read aloud: lower case, spaces or other separators instead of dashes, or
 * none at all ("plg 26 7k3q9x", "PLG267K3Q9X"); null if it is not a code.
 */
export function normaliseTrackingCode(input: string): string | null {
  const m = LOOSE_CODE.exec(input.toUpperCase().replace(/[\s\-_./]+/g, ''));
  return m ? `${m[1]}-${m[2]}-${m[3]}` : null;
}

/** A 16-character key in four groups (≈ 79 bits), shown once to the reporter. */
export function generateAccessKey(): string {
  return [randomChars(4), randomChars(4), randomChars(4), randomChars(4)].join('-');
}

function canonicalKey(key: string): string {
  return key.toUpperCase().replace(/[^0-9A-Z]/g, '');
}

export function hashAccessKey(key: string): string {
  return createHash('sha256').update(canonicalKey(key)).digest('hex');
}

export function accessKeyMatches(key: string, storedHash: string): boolean {
  const a = Buffer.from(hashAccessKey(key), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
