// The session cookie: HttpOnly, SameSite=Lax, and Secure with the __Host- prefix when served over https.
import type { AstroCookies } from 'astro';
import { config } from '../config.ts';

/** Whether the portal is served over https (PUBLIC_URL), so cookies get Secure even behind a TLS proxy. */
export function httpsSite(): boolean {
  return config().publicUrl?.protocol === 'https:';
}

export function sessionCookieName(): string {
  return httpsSite() ? '__Host-session' : 'session';
}

export function setSessionCookie(cookies: AstroCookies, token: string, maxAgeMs: number): void {
  const https = httpsSite();
  cookies.set(sessionCookieName(), token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: https,
    maxAge: Math.floor(maxAgeMs / 1000),
  });
}

export function deleteSessionCookie(cookies: AstroCookies): void {
  const https = httpsSite();
  cookies.delete(sessionCookieName(), { path: '/', httpOnly: true, sameSite: 'lax', secure: https });
}

export function readSessionCookie(cookies: AstroCookies): string | undefined {
  return cookies.get(sessionCookieName())?.value;
}
