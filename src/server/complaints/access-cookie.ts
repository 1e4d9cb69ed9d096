// Keeps a complaint's access key in an HttpOnly cookie after the reporter proved it once,
// so private details and photos stay reachable without the key ever appearing in a URL.
import type { AstroCookies } from 'astro';
import { accessKeyMatches } from './complaint-codes.ts';

const PREFIX = 'sw_key_';
const MAX_AGE = 60 * 60 * 24 * 30;

export function rememberAccessKey(cookies: AstroCookies, code: string, key: string, secure: boolean): void {
  cookies.set(`${PREFIX}${code}`, key, { path: '/', httpOnly: true, sameSite: 'lax', secure, maxAge: MAX_AGE });
}

/** Whether the request carries the right key for this complaint. */
export function hasAccessKey(cookies: AstroCookies, code: string, storedHash: string): boolean {
  const key = cookies.get(`${PREFIX}${code}`)?.value;
  return !!key && key.length <= 40 && accessKeyMatches(key, storedHash);
}
