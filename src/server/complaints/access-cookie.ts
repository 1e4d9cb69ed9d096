// Keeps a complaint's access key in an HttpOnly cookie after the reporter proved it once,
// so private details and photos stay reachable without the key ever appearing in a URL.
import type { AstroCookies } from 'astro';
import { httpsSite } from '../auth/cookies.ts';
import { accessKeyMatches } from './complaint-codes.ts';

const PREFIX = 'sw_key_';
const MAX_AGE = 60 * 60 * 24 * 30;

/**
 * Secure follows PUBLIC_URL like the session cookie: behind a TLS-terminating proxy the request the
 * server sees is plain http, so `requestIsHttps` alone would leave the key sendable over http.
 */
export function rememberAccessKey(cookies: AstroCookies, code: string, key: string, requestIsHttps = false): void {
  cookies.set(`${PREFIX}${code}`, key, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: requestIsHttps || httpsSite(),
    maxAge: MAX_AGE,
  });
}

/** Whether the request carries the right key for this complaint. */
export function hasAccessKey(cookies: AstroCookies, code: string, storedHash: string): boolean {
  const key = cookies.get(`${PREFIX}${code}`)?.value;
  return !!key && key.length <= 40 && accessKeyMatches(key, storedHash);
}
