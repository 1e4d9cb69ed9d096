// Shared steps of the reference admin pages: who may enter, and reading a posted form.
import type { AstroGlobal } from 'astro';
import { canAdministerReference } from './refadmin.policy.ts';
import { formFields, readForm } from '../http/forms.ts';
import { systemClock } from '../clock.ts';

/** A response to return at once (login redirect, or the 404 others get), or null to go on. */
export async function guardAdmin(astro: AstroGlobal): Promise<Response | null> {
  const user = astro.locals.user;
  if (!user) return astro.redirect(`/login?next=${encodeURIComponent(astro.url.pathname)}`, 303);
  if (!canAdministerReference(user)) return astro.rewrite('/404');
  astro.response.headers.set('Cache-Control', 'private, no-store');
  return null;
}

export async function postedFields(astro: AstroGlobal): Promise<Record<string, string>> {
  const fields = formFields(await readForm(astro.request));
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, Array.isArray(v) ? v[0]! : v]));
}

export function adminCtx(astro: AstroGlobal) {
  return { user: astro.locals.user, now: systemClock.now(), requestId: astro.locals.requestId };
}
