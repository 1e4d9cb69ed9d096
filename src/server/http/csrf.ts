// CSRF defence by origin: a state-changing browser request must come from our own origin.
//
// Astro's built-in security.checkOrigin does the same but refuses every form POST without an Origin
// header, which would shut out Open311 clients (servers posting form-encoded requests with an api_key
// and no cookies), and it reads PUBLIC_URL only at build time. So the middleware checks instead:
// same rule, declared exemptions for the cookie-less Open311 API and WhatsApp webhook, PUBLIC_URL read at run time.

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Cookie-less APIs authenticated by their own key, not by the browser's cookies: Open311 (api_key) and
 * the WhatsApp webhook (Meta's X-Hub-Signature-256 over the body; Meta's servers send no Origin).
 */
export const CSRF_EXEMPT_PREFIXES = ['/open311/', '/channels/whatsapp/webhook'] as const;

export function isCrossSiteRequest(request: Request, url: URL, publicUrl: URL | undefined): boolean {
  if (SAFE_METHODS.has(request.method)) return false;
  if (CSRF_EXEMPT_PREFIXES.some((p) => url.pathname.startsWith(p))) return false;
  const allowed = new Set([url.origin]);
  if (publicUrl) allowed.add(publicUrl.origin);
  const origin = request.headers.get('origin');
  if (origin && origin !== 'null') return !allowed.has(origin);
  // Older browsers omit Origin on same-origin posts but send Referer; without either, refuse.
  const referer = request.headers.get('referer');
  if (referer) {
    try {
      return !allowed.has(new URL(referer).origin);
    } catch {
      return true;
    }
  }
  return true;
}
