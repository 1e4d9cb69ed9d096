// Open311 GeoReport v2 API (separate from the HTML pages): discovery, services, service definitions.
// Service requests (GET/POST requests, tokens) are answered once complaints can be filed.
import type { APIRoute } from 'astro';
import { config } from '../../../server/config.ts';
import { getDb } from '../../../server/db/index.ts';
import { errorResponse, listResponse, objectResponse, splitFormat } from '../../../server/open311/format.ts';
import { discovery, listServices, serviceDefinition } from '../../../server/open311/open311.service.ts';

const CHANGESET = new Date('2026-11-22T00:00:00Z');

export const ALL: APIRoute = async ({ params, request, url, locals }) => {
  const parsed = splitFormat(params.path ?? '');
  if (!parsed) return errorResponse('xml', 404, 'Unknown resource; add .json or .xml to the path');
  const { path, format } = parsed;
  const db = getDb();
  const base = (config().publicUrl?.origin ?? url.origin).replace(/\/$/, '');

  if (request.method === 'GET' && path === 'discovery') {
    const d = discovery(base, config().dpoContact, CHANGESET);
    // XML wraps lists in singular elements: <endpoints><endpoint>…<formats><format>…
    const body = format === 'json' ? d : { ...d, endpoints: { endpoint: d.endpoints.map((e) => ({ ...e, formats: { format: e.formats } })) } };
    return objectResponse(format, 'discovery', body);
  }
  if (request.method === 'GET' && path === 'services') {
    const services = await listServices(db, locals.locale);
    return listResponse(format, 'services', 'service', services);
  }
  const definition = /^services\/([a-z0-9-]+)$/.exec(path);
  if (request.method === 'GET' && definition) {
    const def = await serviceDefinition(db, definition[1]!);
    return def ? objectResponse(format, 'service_definition', def) : errorResponse(format, 404, 'service_code not found');
  }
  if (!['GET', 'POST'].includes(request.method)) return errorResponse(format, 400, `method ${request.method} not supported`);
  return errorResponse(format, 404, 'Unknown resource');
};
