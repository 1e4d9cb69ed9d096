// The one-time receipt (tracking code + access key) handed from the form POST to the confirmation page
// in a short-lived HttpOnly cookie, so the key is never in a URL and is shown once.
import type { AstroCookies } from 'astro';
import { httpsSite } from '../auth/cookies.ts';

const NAME = 'sw_receipt';
const PATH = '/complaints/submitted';

export interface Receipt {
  code: string;
  key: string;
  routed: boolean;
  emailed: boolean;
}

/** Secure when the request came over https or PUBLIC_URL is https (the server may sit behind a TLS proxy). */
export function setReceipt(cookies: AstroCookies, r: Receipt, requestIsHttps = false): void {
  const value = [r.code, r.key, r.routed ? '1' : '0', r.emailed ? '1' : '0'].join('|');
  cookies.set(NAME, value, { path: PATH, httpOnly: true, sameSite: 'strict', secure: requestIsHttps || httpsSite(), maxAge: 600 });
}

/** Reads and clears the receipt. */
export function takeReceipt(cookies: AstroCookies): Receipt | null {
  const v = cookies.get(NAME)?.value;
  cookies.delete(NAME, { path: PATH });
  const parts = v?.split('|');
  if (!parts || parts.length !== 4) return null;
  return { code: parts[0]!, key: parts[1]!, routed: parts[2] === '1', emailed: parts[3] === '1' };
}
