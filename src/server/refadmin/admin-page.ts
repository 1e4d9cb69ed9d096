// Shared steps of the reference admin pages: reading a posted form and the acting context.
import type { AstroGlobal } from 'astro';
import { formFields, readForm, firstValues } from '../http/forms.ts';
import { systemClock } from '../clock.ts';

export async function postedFields(astro: AstroGlobal): Promise<Record<string, string>> {
  const fields = formFields(await readForm(astro.request));
  return firstValues(fields);
}

export function adminCtx(astro: AstroGlobal) {
  return { user: astro.locals.user, now: systemClock.now(), requestId: astro.locals.requestId };
}
