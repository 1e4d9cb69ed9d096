// Open311 GeoReport v2 API (separate from the HTML pages, DESIGN.md §7): discovery, services, service
// definitions, requests (GET; POST with an api_key) and tokens, in JSON or XML.
import type { APIContext, APIRoute } from 'astro';
import { allowPublic } from '../../../server/auth/guard.ts';
import { config } from '../../../server/config.ts';
import { getDb } from '../../../server/db/index.ts';
import { formFields, readForm, firstValues } from '../../../server/http/forms.ts';
import { HttpError } from '../../../server/http/errors.ts';
import { findActiveApiKey } from '../../../server/open311/api-keys.ts';
import { errorResponse, listResponse, objectResponse, splitFormat, w3cDate, type Format } from '../../../server/open311/format.ts';
import { discovery, listServices, serviceDefinition } from '../../../server/open311/open311.service.ts';
import { departmentNameOf, fileRequest, findRequest, findRequests, Open311Error, parseListQuery, toOpen311 } from '../../../server/open311/requests.ts';
import { loadCalendar } from '../../../server/calendar/calendar.repository.ts';
import { consume, rateLimitKey } from '../../../server/security/rate-limit.ts';
import { systemClock } from '../../../server/clock.ts';

const CHANGESET = new Date('2026-11-22T00:00:00Z');

export const ALL: APIRoute = async (ctx) => {
  // A public API; filing requires an api_key, checked per request below.
  await allowPublic(ctx);
  const parsed = splitFormat(ctx.params.path ?? '');
  if (!parsed) return errorResponse('xml', 404, 'Unknown resource; add .json or .xml to the path');
  try {
    return await handle(ctx, parsed.path, parsed.format);
  } catch (e) {
    if (e instanceof Open311Error) return errorResponse(parsed.format, e.status, e.message);
    // A body that is not a form, or too large: the API's own error list, not the HTML page.
    if (e instanceof HttpError) return errorResponse(parsed.format, e.status, e.message);
    throw e;
  }
};

async function handle(ctx: APIContext, path: string, format: Format): Promise<Response> {
  const { request, url, locals } = ctx;
  const db = getDb();
  const cfg = config();
  const now = systemClock.now();
  const base = cfg.siteUrl;
  const w3c = (d: Date | null) => w3cDate(d, cfg.timeZone);

  let fields: Record<string, string> = {};
  if (request.method === 'POST') {
    const form = formFields(await readForm(request));
    fields = firstValues(form);
  }
  // Keys come in the POST body only (the spec's place), never in a URL that proxies would log.
  const apiKey = fields.api_key || undefined;
  const key = apiKey ? await findActiveApiKey(db, apiKey, now) : undefined;
  if (apiKey && !key) throw new Open311Error(403, 'Invalid api_key');
  const limit = key
    ? await consume(db, rateLimitKey('open311.key', String(key.id)), { points: key.requests_per_minute, windowMs: 60_000 }, now)
    : await consume(db, rateLimitKey('open311.ip', locals.clientIp), { points: cfg.open311.anonymousReadsPerMinute, windowMs: 60_000 }, now);
  if (!limit.allowed) {
    const r = errorResponse(format, 429, locals.t('open311.rateLimited', { seconds: Math.ceil(limit.retryAfterMs / 1000) }));
    r.headers.set('Retry-After', String(Math.ceil(limit.retryAfterMs / 1000)));
    return r;
  }

  if (request.method === 'GET' && path === 'discovery') {
    const d = discovery(base, cfg.dpoContact, CHANGESET);
    // XML wraps lists in singular elements: <endpoints><endpoint>…<formats><format>…
    const body = format === 'json' ? d : { ...d, endpoints: { endpoint: d.endpoints.map((e) => ({ ...e, formats: { format: e.formats } })) } };
    return objectResponse(format, 'discovery', body);
  }
  if (request.method === 'GET' && path === 'services') {
    return listResponse(format, 'services', 'service', await listServices(db, locals.locale));
  }
  const definition = /^services\/([a-z0-9-]+)$/.exec(path);
  if (request.method === 'GET' && definition) {
    const def = await serviceDefinition(db, definition[1]!, locals.locale);
    if (!def) throw new Open311Error(404, 'service_code not found');
    const body =
      format === 'json'
        ? def
        : { ...def, attributes: { attribute: def.attributes.map((a) => ({ ...a, values: { value: a.values } })) } };
    return objectResponse(format, 'service_definition', body);
  }
  if (path === 'requests' && request.method === 'POST') {
    if (!key) throw new Open311Error(403, 'api_key is required to file a request');
    const outcome = await fileRequest(db, fields, {
      user: null,
      now,
      calendar: await loadCalendar(db),
      uploadDir: cfg.uploadDir,
      requestId: locals.requestId,
      siteUrl: base,
      locale: locals.locale,
      channel: 'open311',
    });
    const notice = outcome.routed ? await departmentNameOf(db, outcome.code) : undefined;
    return listResponse(format, 'service_requests', 'request', [
      {
        service_request_id: outcome.code,
        service_notice: notice ? locals.t('open311.noticeRouted', { department: notice }) : locals.t('open311.noticeVerifying'),
        account_id: null,
      },
    ]);
  }
  if (path === 'requests' && request.method === 'GET') {
    const rows = await findRequests(db, parseListQuery(url.searchParams, now));
    return listResponse(format, 'service_requests', 'request', await toOpen311(db, rows, { locale: locals.locale, baseUrl: base, w3c }));
  }
  const single = /^requests\/([A-Za-z0-9-]+)$/.exec(path);
  if (single && request.method === 'GET') {
    const row = await findRequest(db, single[1]!);
    if (!row) throw new Open311Error(404, 'service_request_id not found');
    return listResponse(format, 'service_requests', 'request', await toOpen311(db, [row], { locale: locals.locale, baseUrl: base, w3c }));
  }
  // Requests are created in real time, so a token is simply the request's id.
  const token = /^tokens\/([A-Za-z0-9-]+)$/.exec(path);
  if (token && request.method === 'GET') {
    const row = await findRequest(db, token[1]!);
    if (!row) throw new Open311Error(404, 'token not found');
    return listResponse(format, 'service_requests', 'request', [{ service_request_id: row.code, token: row.code }]);
  }
  if (!['GET', 'POST'].includes(request.method)) throw new Open311Error(400, `method ${request.method} not supported`);
  throw new Open311Error(404, 'Unknown resource');
}
