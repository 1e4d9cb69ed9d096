// The pages behind the signed links in emails (confirm an alert, unsubscribe from an alert or a
// followed complaint) work the same way: a GET only shows a button, because mail scanners and link
// prefetchers open links and must not act for anyone; the button's POST acts. The signed token is the
// authority, so no login is needed; the POST is rate limited per address.
import type { AstroGlobal } from 'astro';
import { getDb } from '../db/index.ts';
import { readForm } from '../http/forms.ts';
import { consume, rateLimitKey } from '../security/rate-limit.ts';
import { LINK_POSTS } from '../limits.ts';

export interface SignedLinkPage {
  /** The token from the link (GET) or the form (POST). */
  token: string | null;
  /** The POST acted. */
  done: boolean;
  /** Why the POST was not carried out (rate limited). */
  message?: string;
  /** The token is good: the button is shown. */
  valid: boolean;
}

export async function signedLinkPage(
  astro: AstroGlobal,
  opts: { rateKey: string; act: (token: string | null) => Promise<boolean>; isValid: (token: string | null) => Promise<boolean> },
): Promise<SignedLinkPage> {
  const { t } = astro.locals;
  astro.response.headers.set('Cache-Control', 'private, no-store');
  astro.response.headers.set('Referrer-Policy', 'no-referrer');
  let token = astro.url.searchParams.get('t');
  let done = false;
  let message: string | undefined;
  if (astro.request.method === 'POST') {
    const posted = (await readForm(astro.request)).get('t');
    token = typeof posted === 'string' ? posted : null;
    const limit = await consume(getDb(), rateLimitKey(opts.rateKey, astro.locals.clientIp), LINK_POSTS);
    if (!limit.allowed) {
      astro.response.status = 429;
      message = t('follows.rateLimited', { minutes: Math.max(1, Math.ceil(limit.retryAfterMs / 60000)) });
    } else done = await opts.act(token);
  }
  const valid = done || (!message && (await opts.isValid(token)));
  if (!valid && !message) astro.response.status = 400;
  return { token, done, message, valid };
}
