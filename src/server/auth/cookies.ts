// The session cookie: HttpOnly, SameSite=Lax, and Secure with the __Host- prefix when served over https.
import type { AstroCookies } from 'astro';
import { config } from '../config.ts';

export function sessionCookieName(): string {
  return config().publicUrl?.protocol === 'https:' ? '__Host-session' : 'session';
}

export function setSessionCookie(cookies: AstroCookies, token: string, maxAgeMs: number): void {
  const https = config().publicUrl?.protocol === 'https:';
  cookies.set(sessionCookieName(), token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: https,
    maxAge: Math.floor(maxAgeMs / 1000),
  });
}

export function deleteSessionCookie(cookies: AstroCookies): void {
  const https = config().publicUrl?.protocol === 'https:';
  cookies.delete(sessionCookieName(), { path: '/', httpOnly: true, sameSite: 'lax', secure: https });
}

export function readSessionCookie(cookies: AstroCookies): string | undefined {
  return cookies.get(sessionCookieName())?.value;
}
