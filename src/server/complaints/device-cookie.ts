// A random id for the browser filing complaints, kept in a cookie and signed into each form token,
// so the rate limit counts per device rather than per (shared, CGNAT) network address.
import { randomBytes } from 'node:crypto';
import type { AstroCookies } from 'astro';

const NAME = 'sw_device';
const ONE_YEAR = 60 * 60 * 24 * 365;

export function deviceId(cookies: AstroCookies, secure: boolean): string {
  const known = cookies.get(NAME)?.value;
  if (known && /^[0-9a-f]{32}$/.test(known)) return known;
  const id = randomBytes(16).toString('hex');
  cookies.set(NAME, id, { path: '/complaints', httpOnly: true, sameSite: 'lax', secure, maxAge: ONE_YEAR });
  return id;
}

/** The device id this browser already has, without handing out a new one (for read-only pages). */
export function knownDeviceId(cookies: AstroCookies): string | null {
  const known = cookies.get(NAME)?.value;
  return known && /^[0-9a-f]{32}$/.test(known) ? known : null;
}
