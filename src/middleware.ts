// Per request: id, language, client address, security headers, body limit and an access log line.
// It never decides who may see what: pages and endpoints ask their policy modules.
import { defineMiddleware } from 'astro:middleware';
import { resolveLocale, translator } from './i18n/index.ts';
import { config } from './server/config.ts';
import { HttpError, noteDatabaseUnavailable, plainErrorPage } from './server/http/errors.ts';
import { securityHeaders, withHeaders } from './server/http/security-headers.ts';
import { withPublicCaching } from './server/http/public-cache.ts';
import { clientIp } from './server/http/client-ip.ts';
import { isCrossSiteRequest } from './server/http/csrf.ts';
import { UnreadableFormError } from './server/http/forms.ts';
import { logger } from './server/log.ts';
import { deleteSessionCookie, readSessionCookie } from './server/auth/cookies.ts';
import { validateSessionToken } from './server/auth/session.ts';
import { getDb, isDatabaseUnavailable } from './server/db/index.ts';

const LANG_COOKIE = 'lang';
const requestIds = new WeakMap<Request, string>();
const ONE_YEAR = 60 * 60 * 24 * 365;
const OWN_BODY_LIMIT = new Set(['/complaints/new']);

export const onRequest = defineMiddleware(async (ctx, next) => {
  const started = performance.now();
  const cfg = config();
  // Astro runs the middleware again to render the 500 page; keep the id the failure was logged under.
  const requestId = requestIds.get(ctx.request) ?? crypto.randomUUID();
  requestIds.set(ctx.request, requestId);
  const query = ctx.url.searchParams.get('lang');
  const locale = resolveLocale(query, ctx.cookies.get(LANG_COOKIE)?.value);
  const t = translator(locale);
  ctx.locals.requestId = requestId;
  ctx.locals.locale = locale;
  ctx.locals.t = t;
  ctx.locals.clientIp = clientIp(ctx.request, socketAddress(ctx), cfg.trustedProxy);
  ctx.locals.user = null;
  ctx.locals.session = null;
  if (query === locale) {
    ctx.cookies.set(LANG_COOKIE, locale, { path: '/', maxAge: ONE_YEAR, sameSite: 'lax', httpOnly: true });
  }

  let response: Response;
  const declared = Number(ctx.request.headers.get('content-length') ?? '0');
  try {
    await readSession(ctx);
    // The complaint form answers an oversized body itself, with the styled form and a message.
    if (declared > cfg.bodyLimitBytes && !OWN_BODY_LIMIT.has(ctx.url.pathname)) throw new HttpError(413, 'payload too large');
    if (isCrossSiteRequest(ctx.request, ctx.url, cfg.publicUrl)) throw new HttpError(403, 'cross-site request');
    response = await next();
  } catch (e) {
    if (isDatabaseUnavailable(e)) {
      logger().error(
        { requestId, route: ctx.routePattern, err: e instanceof Error ? e.message : String(e) },
        'request failed: database unavailable',
      );
      response = await databaseUnavailablePage(ctx, requestId);
    } else if (!(e instanceof HttpError)) {
      logger().error({ requestId, route: ctx.routePattern, err: e instanceof Error ? e.message : String(e) }, 'request failed');
      throw e;
    } else {
      const mb = Math.round(cfg.bodyLimitBytes / 1024 / 1024);
      response =
        e.status === 413
          ? plainErrorPage({
              status: 413,
              lang: locale,
              t,
              title: t('common.errors.tooLargeTitle'),
              text: t('common.errors.tooLargeText', { limit: mb }),
            })
          : e instanceof UnreadableFormError
            ? plainErrorPage({
                status: e.status,
                lang: locale,
                t,
                title: t('common.errors.unreadableFormTitle'),
                text: t('common.errors.unreadableFormText'),
              })
            : plainErrorPage({
                status: e.status,
                lang: locale,
                t,
                title: t('common.errors.forbiddenTitle'),
                text: t('common.errors.forbiddenText'),
              });
    }
  }

  response = withHeaders(response, {
    ...securityHeaders({ https: cfg.publicUrl?.protocol === 'https:', imgSrc: [cfg.map.tileOrigin] }),
    'X-Request-Id': requestId,
  });
  // Pages the same for every anonymous visitor: ETag, a short public max-age, 304 when unchanged.
  response = await withPublicCaching(
    {
      request: ctx.request,
      routePattern: ctx.routePattern,
      signedIn: ctx.locals.user !== null || readSessionCookie(ctx.cookies) !== undefined,
      settingCookies: [...ctx.cookies.headers()].length > 0,
    },
    response,
  );
  logger().info(
    {
      requestId,
      method: ctx.request.method,
      route: ctx.routePattern,
      status: response.status,
      ms: Math.round(performance.now() - started),
    },
    'request',
  );
  return response;
});

type Context = Parameters<Parameters<typeof defineMiddleware>[0]>[0];

/**
 * The 503 page (come back soon) for a request that failed because the database could not be
 * reached. Astro's error path would answer 500 whatever its page sets, so it is rendered here, under
 * the same request id, without asking the database for the session again.
 */
function databaseUnavailablePage(ctx: Context, requestId: string): Promise<Response> {
  const page = new Request(new URL('/503', ctx.request.url), { method: 'GET', headers: ctx.request.headers });
  requestIds.set(page, requestId);
  sessions.set(page, 'failed');
  noteDatabaseUnavailable(page);
  return ctx.rewrite(page);
}

type Validated = Awaited<ReturnType<typeof validateSessionToken>>;
/** Per request, what the session check found: 'failed' when the database could not answer. */
const sessions = new WeakMap<Request, Validated | 'failed'>();

/**
 * The signed-in user, checked once per request: the error page rendered after a failure (the
 * middleware runs again for it) reuses the answer, and does not ask a database that just failed.
 */
async function readSession(ctx: Context): Promise<void> {
  const token = readSessionCookie(ctx.cookies);
  if (!token) return;
  let valid = sessions.get(ctx.request);
  if (valid === undefined) {
    sessions.set(ctx.request, 'failed');
    valid = await validateSessionToken(getDb(), token);
    sessions.set(ctx.request, valid);
  }
  if (valid === 'failed') return; // signed out for the error page only; the cookie stays
  if (valid) {
    ctx.locals.user = valid.user;
    ctx.locals.session = valid.session;
  } else {
    deleteSessionCookie(ctx.cookies);
  }
}

function socketAddress(ctx: { clientAddress: string }): string | undefined {
  try {
    return ctx.clientAddress;
  } catch {
    return undefined;
  }
}
