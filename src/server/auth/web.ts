// Small helpers the account pages share: the safe `next` target, starting a browser session, retry times.
import type { AstroCookies } from 'astro';
import { config } from '../config.ts';
import { setSessionCookie } from './cookies.ts';
import { landingPath } from './auth.policy.ts';
import type { Role } from './auth.tables.ts';

const ORIGIN = 'http://same.invalid';
const NOT_AS_NEXT = new Set(['/login', '/logout', '/register', '/password/reset', '/password/forgot']);

/** A same-origin path to continue to after login, or null: never another host, scheme or protocol-relative URL. */
export function safeNext(value: string | null | undefined): string | null {
  if (!value || value.length > 500 || !value.startsWith('/') || value.startsWith('//') || /[\\\s]/.test(value)) return null;
  let u: URL;
  try {
    u = new URL(value, ORIGIN);
  } catch {
    return null;
  }
  if (u.origin !== ORIGIN || NOT_AS_NEXT.has(u.pathname)) return null;
  return u.pathname + u.search + u.hash;
}

export function afterLogin(role: Role, next: string | null | undefined): string {
  return safeNext(next) ?? landingPath(role);
}

/** Sets the session cookie and remembers the account's language for the pages that follow. */
export function startBrowserSession(cookies: AstroCookies, s: { token: string; maxAgeMs: number; locale: string }): void {
  setSessionCookie(cookies, s.token, s.maxAgeMs);
  if (s.locale === 'id' || s.locale === 'en') {
    cookies.set('lang', s.locale, { path: '/', maxAge: 60 * 60 * 24 * 365, sameSite: 'lax', httpOnly: true });
  }
}

/**
 * The address emailed links start with (config's siteUrl, with a slash). Never the request's Host header,
 * which a client can forge to make a reset link point at another site.
 */
export function publicBaseUrl(): string {
  return `${config().siteUrl}/`;
}

export function retryMinutes(ms: number): number {
  return Math.max(1, Math.ceil(ms / 60_000));
}
