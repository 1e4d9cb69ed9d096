// ETag and a public Cache-Control for the pages that read nothing of the visitor: the home page, the
// complaint list, a public complaint, the consultation list and a consultation, seen without a session.
// Browsers and shared caches revalidate every time (max-age=0, must-revalidate): a conditional request
// whose If-None-Match names the page as rendered now gets 304 without the body. Astro renders the page
// for that (the validator is the page itself, so nothing can go stale unnoticed) unless the page byte
// cache (page-cache.ts) holds it for the current page version.
// Never for a response that sets a cookie, that its page marked private, or for a signed-in visitor.
import { createHash } from 'node:crypto';

/** Route patterns whose anonymous rendering is the same for everyone (the language is in the URL or the lang cookie: Vary: Cookie). */
export const PUBLIC_PAGES = new Set(['/', '/complaints', '/complaints/[code]', '/consultations', '/consultations/[id]']);
export const PUBLIC_CACHE_CONTROL = 'public, max-age=0, must-revalidate';

export interface CacheContext {
  request: Request;
  routePattern: string;
  signedIn: boolean;
  /** Set-Cookie values the page asked for (Astro adds them to the response after the middleware). */
  settingCookies: boolean;
}

export function etagMatches(request: Request, etag: string): boolean {
  const inm = request.headers.get('if-none-match');
  if (!inm) return false;
  const bare = etag.replace(/^W\//, '');
  return inm.split(',').some((t) => t.trim() === '*' || t.trim().replace(/^W\//, '') === bare);
}

export async function withPublicCaching(ctx: CacheContext, response: Response): Promise<Response> {
  if (ctx.request.method !== 'GET' || response.status !== 200 || !PUBLIC_PAGES.has(ctx.routePattern)) return response;
  if (response.headers.has('cache-control')) return response; // the page decided
  if (ctx.signedIn || ctx.settingCookies || response.headers.has('set-cookie')) {
    // The same address is public for others: say plainly that this answer is for this browser only.
    response.headers.set('Cache-Control', 'private, no-cache');
    return response;
  }
  if (!/^text\/html\b/i.test(response.headers.get('content-type') ?? '')) return response;
  const body = new Uint8Array(await response.arrayBuffer());
  // Weak: the compression layer sends other bytes of the same page.
  const etag = `W/"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  const headers = new Headers(response.headers);
  headers.set('ETag', etag);
  headers.set('Cache-Control', PUBLIC_CACHE_CONTROL);
  headers.append('Vary', 'Cookie');
  if (etagMatches(ctx.request, etag)) {
    headers.delete('content-type');
    headers.delete('content-length');
    return new Response(null, { status: 304, headers });
  }
  return new Response(body, { status: 200, statusText: response.statusText, headers });
}
