// Open311 GeoReport v2 API (separate from the HTML pages, DESIGN.md §7): discovery, services, service
// definitions, requests (GET; POST with an api_key) and tokens, in JSON or XML.
import type { APIContext, APIRoute } from 'astro';
import { allowPublic } from '../../../server/auth/guard.ts';
import { config } from '../../../server/config.ts';
import { getDb } from '../../../server/db/index.ts';
import { formFields, readForm } from '../../../server/http/forms.ts';
import { HttpError } from '../../../server/http/errors.ts';
import { findActiveApiKey } from '../../../server/open311/api-keys.ts';
import { errorResponse, listResponse, objectResponse, splitFormat, w3cDate, type Format } from '../../../server/open311/format.ts';
import { discovery, listServices, serviceDefinition, servicesChangeset } from '../../../server/open311/open311.service.ts';
import {
  departmentNameOf,
  fileRequest,
  findRequest,
  findRequests,
  Open311Error,
  parseListQuery,
  toOpen311,
} from '../../../server/open311/requests.ts';
import { headOf, loadMedia, preflight, withCors } from '../../../server/open311/http.ts';
import { findOwnRequest, withheldRequest } from '../../../server/open311/own-requests.ts';
import { findUpdates, parseUpdatesQuery } from '../../../server/open311/updates.ts';
import { regionBbox } from '../../../server/open311/region-bbox.ts';
import { appendAudit } from '../../../server/audit/audit.repository.ts';
import { loadCalendar } from '../../../server/calendar/calendar.repository.ts';
import { consume, rateLimitKey } from '../../../server/security/rate-limit.ts';
import { systemClock } from '../../../server/clock.ts';
import { OPEN311_WINDOW_MS } from '../../../server/limits.ts';

export const ALL: APIRoute = async (ctx) => {
  // A public API; filing requires an api_key, checked per request below.
  await allowPublic(ctx);
  if (ctx.request.method === 'OPTIONS') return preflight();
  const parsed = splitFormat(ctx.params.path ?? '');
  const read = ctx.request.method === 'GET' || ctx.request.method === 'HEAD';
  let r: Response;
  if (!parsed) r = errorResponse('xml', 404, 'Unknown resource; add .json or .xml to the path');
  else {
    try {
      r = await handle(ctx, parsed.path, parsed.format);
    } catch (e) {
      if (e instanceof Open311Error) r = errorResponse(parsed.format, e.status, e.message);
      // A body that is not a form, or too large: the API's own error list, not the HTML page.
      else if (e instanceof HttpError) r = errorResponse(parsed.format, e.status, e.message);
      else throw e;
    }
  }
  if (!read) return r;
  withCors(r);
  return ctx.request.method === 'HEAD' ? headOf(r) : r;
};

async function handle(ctx: APIContext, path: string, format: Format): Promise<Response> {
  const { request, url, locals } = ctx;
  const db = getDb();
  const cfg = config();
  const now = systemClock.now();
  const base = cfg.siteUrl;
  const w3c = (d: Date | null) => w3cDate(d, cfg.timeZone);

  const method = request.method === 'HEAD' ? 'GET' : request.method;
  let fields: Record<string, string> = {};
  let form: FormData | undefined;
  if (method === 'POST') {
    form = await readForm(request);
    fields = singleFields(formFields(form));
  }
  // Keys come in the POST body (the spec's place) or, for reading a key's own withheld requests, the
  // X-Api-Key header; never in a URL that proxies would log.
  const apiKey = fields.api_key || (method === 'GET' ? request.headers.get('x-api-key') : null) || undefined;
  const key = apiKey ? await findActiveApiKey(db, apiKey, now) : undefined;
  if (apiKey && !key) throw new Open311Error(403, 'Invalid api_key');
  const limit = key
    ? await consume(db, rateLimitKey('open311.key', String(key.id)), { points: key.requests_per_minute, windowMs: OPEN311_WINDOW_MS }, now)
    : await consume(
        db,
        rateLimitKey('open311.ip', locals.clientIp),
        { points: cfg.open311.anonymousReadsPerMinute, windowMs: OPEN311_WINDOW_MS },
        now,
      );
  if (!limit.allowed) {
    // Error descriptions are in one language, English, whatever the client's locale.
    const r = errorResponse(format, 429, `Too many requests; try again in ${Math.ceil(limit.retryAfterMs / 1000)} seconds`);
    r.headers.set('Retry-After', String(Math.ceil(limit.retryAfterMs / 1000)));
    return r;
  }

  if (method === 'GET' && path === 'discovery') {
    const d = discovery(base, cfg.open311.contact, await servicesChangeset(db));
    // XML wraps lists in singular elements: <endpoints><endpoint>…<formats><format>…
    const body =
      format === 'json' ? d : { ...d, endpoints: { endpoint: d.endpoints.map((e) => ({ ...e, formats: { format: e.formats } })) } };
    return objectResponse(format, 'discovery', body);
  }
  if (method === 'GET' && path === 'services') {
    return listResponse(format, 'services', 'service', await listServices(db, locals.locale));
  }
  const definition = /^services\/([a-z0-9-]+)$/.exec(path);
  if (method === 'GET' && definition) {
    const def = await serviceDefinition(db, definition[1]!, locals.locale);
    if (!def) throw new Open311Error(404, 'service_code not found');
    const body =
      format === 'json' ? def : { ...def, attributes: { attribute: def.attributes.map((a) => ({ ...a, values: { value: a.values } })) } };
    return objectResponse(format, 'service_definition', body);
  }
  if (path === 'requests' && method === 'POST') {
    if (!key) throw new Open311Error(403, 'api_key is required to file a request');
    let notAttached: string | null = null;
    const outcome = await fileRequest(
      db,
      fields,
      {
        user: null,
        now,
        calendar: await loadCalendar(db),
        uploadDir: cfg.uploadDir,
        requestId: locals.requestId,
        siteUrl: base,
        locale: locals.locale,
        channel: 'open311',
        apiKeyId: key.id,
        bbox: regionBbox(cfg.region),
      },
      async () => {
        const m = await loadMedia(form, fields.media_url, {
          allowHosts: cfg.open311.mediaAllowHosts,
          timeoutMs: cfg.open311.mediaTimeoutMs,
        });
        notAttached = m.notAttached;
        return m.photos;
      },
    );
    if (notAttached) {
      // Filed without the image: the reason is kept with the complaint's record and told to the client.
      await appendAudit(db, {
        actor: null,
        action: 'complaint.media_not_attached',
        objectType: 'complaint',
        objectId: outcome.code,
        requestId: locals.requestId,
        details: { reason: notAttached, api_key_id: key.id },
        at: now,
      });
    }
    const notice = outcome.routed ? await departmentNameOf(db, outcome.code) : undefined;
    return listResponse(format, 'service_requests', 'request', [
      {
        service_request_id: outcome.code,
        service_notice: [
          notice ? locals.t('open311.noticeRouted', { department: notice }) : locals.t('open311.noticeVerifying'),
          notAttached ? `Image not attached: ${notAttached}` : '',
        ]
          .filter(Boolean)
          .join(' '),
        account_id: null,
      },
    ]);
  }
  if (path === 'requests' && method === 'GET') {
    const rows = await findRequests(db, parseListQuery(url.searchParams, now));
    return listResponse(format, 'service_requests', 'request', await toOpen311(db, rows, { locale: locals.locale, baseUrl: base, w3c }));
  }
  if (path === 'servicerequestupdates' && method === 'GET') {
    return listResponse(
      format,
      'service_request_updates',
      'request_update',
      await findUpdates(db, parseUpdatesQuery(url.searchParams, now), w3c),
    );
  }
  const single = /^requests\/([A-Za-z0-9-]+)$/.exec(path);
  if (single && method === 'GET') {
    const row = await findRequest(db, single[1]!);
    if (row)
      return listResponse(format, 'service_requests', 'request', await toOpen311(db, [row], { locale: locals.locale, baseUrl: base, w3c }));
    // Not public any more: the key that filed it still learns its status.
    const own = key ? await findOwnRequest(db, single[1]!, key.id) : undefined;
    if (!own) throw new Open311Error(404, 'service_request_id not found');
    const item =
      own.kind === 'withheld'
        ? withheldRequest(own, w3c)
        : (await toOpen311(db, [own.row], { locale: locals.locale, baseUrl: base, w3c }))[0]!;
    return listResponse(format, 'service_requests', 'request', [item]);
  }
  // Requests are created in real time, so a token is simply the request's id.
  const token = /^tokens\/([A-Za-z0-9-]+)$/.exec(path);
  if (token && method === 'GET') {
    const row = await findRequest(db, token[1]!);
    const own = !row && key ? await findOwnRequest(db, token[1]!, key.id) : undefined;
    const code = row?.code ?? (own?.kind === 'withheld' ? own.code : own?.row.code);
    if (!code) throw new Open311Error(404, 'token not found');
    return listResponse(format, 'service_requests', 'request', [{ service_request_id: code, token: code }]);
  }
  if (!['GET', 'POST'].includes(method)) {
    const r = errorResponse(format, 405, `method ${request.method} not supported`);
    r.headers.set('Allow', 'GET, HEAD, POST, OPTIONS');
    return r;
  }
  throw new Open311Error(404, 'Unknown resource');
}

/** One value per field: a repeated field is refused rather than silently reduced to one of its values. */
function singleFields(fields: Record<string, string | string[]>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(fields)) {
    if (Array.isArray(v)) throw new Open311Error(400, `parameter ${k} is given more than once`);
    out[k] = v;
  }
  return out;
}
