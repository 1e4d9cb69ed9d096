// Shared steps of the reference admin pages: reading a posted form and the acting context.
import type { AstroGlobal } from 'astro';
import { formFields, readForm } from '../http/forms.ts';
import { systemClock } from '../clock.ts';

export async function postedFields(astro: AstroGlobal): Promise<Record<string, string>> {
  const fields = formFields(await readForm(astro.request));
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, Array.isArray(v) ? v[0]! : v]));
}

export function adminCtx(astro: AstroGlobal) {
  return { user: astro.locals.user, now: systemClock.now(), requestId: astro.locals.requestId };
}
