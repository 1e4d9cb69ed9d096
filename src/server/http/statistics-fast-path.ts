// The public statistics (/statistics, /statistics.csv) served from bytes Astro rendered, in front of
// Astro's pipeline: a request through Astro costs about a millisecond before any page code runs, and
// these pages are the same for every visitor without a session until the data change.
//
// The first request (per path and language) goes through Astro; its 200 response is copied as it is
// written and kept, but only when its ETag is the one the current data fingerprint gives (Astro's own
// cache may still hold the previous figures for up to STATS_FRESHNESS_MS) and it sets no cookie.
// Later requests get those bytes and headers with a fresh X-Request-Id, or 304 for a matching
// If-None-Match. Requests with a session cookie or any query string (e.g. ?lang=, which sets the
// language cookie) always go through Astro.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Db } from '../db/index.ts';
import { resolveLocale } from '../../i18n/index.ts';
import { sessionCookieName } from '../auth/cookies.ts';
import { currentStatisticsEtag } from '../metrics/statistics.service.ts';
import { csvEtag, pageEtag } from '../metrics/statistics.view.ts';
import { logger } from '../log.ts';

type Next = () => unknown;

export interface Cached {
  etag: string;
  status: number;
  headers: OutgoingHttpHeaders;
  body: Buffer;
}

/** Expected ETag of each served path, given the data ETag and the visitor's language. */
const ROUTES: Record<string, (dataEtag: string, locale: string) => string> = {
  '/statistics': (dataEtag, locale) => pageEtag(dataEtag, locale, null),
  '/statistics.csv': (dataEtag) => csvEtag(dataEtag),
};

// Per-request or per-connection headers: never replayed from the copy. The copy holds the page as
// Astro wrote it; the compression layer (compression.ts) encodes it per request, as the client accepts.
const NOT_REPLAYED = new Set([
  'x-request-id',
  'content-length',
  'transfer-encoding',
  'date',
  'connection',
  'keep-alive',
  'content-encoding',
]);
// A 304 carries the validators and caching headers, not the entity's own.
const NOT_IN_304 = new Set(['content-type', 'content-disposition', 'content-length', 'content-language']);

export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return decodeURIComponent(part.slice(i + 1).trim());
  }
  return undefined;
}

/** Weak comparison (RFC 9110 §8.8.3.2): W/ is ignored on both sides. */
function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  const bare = etag.replace(/^W\//, '');
  return !!ifNoneMatch && ifNoneMatch.split(',').some((t) => t.trim().replace(/^W\//, '') === bare);
}

export interface StatisticsFastPath {
  (req: IncomingMessage, res: ServerResponse, next: Next): Promise<void>;
  /** Number of copies held (for tests and the operator's curiosity). */
  size(): number;
}

export function statisticsFastPath(opts: { db: () => Db; now?: () => Date }): StatisticsFastPath {
  const cache = new Map<string, Cached>();
  const now = opts.now ?? (() => new Date());

  const handle = async (req: IncomingMessage, res: ServerResponse, next: Next): Promise<void> => {
    const url = req.url ?? '';
    const expected = req.method === 'GET' ? ROUTES[url] : undefined;
    const cookies = req.headers.cookie;
    if (!expected || cookieValue(cookies, sessionCookieName()) !== undefined) return void next();
    const started = performance.now();
    const locale = resolveLocale(null, cookieValue(cookies, 'lang'));
    let etag: string;
    try {
      etag = expected(await currentStatisticsEtag(opts.db(), now()), locale);
    } catch {
      return void next(); // let Astro answer (and log) whatever is wrong with the database
    }
    const key = `${url}|${locale}`;
    const hit = cache.get(key);
    if (hit && hit.etag === etag) return serve(req, res, hit, started);
    capture(res, (copy) => {
      if (copy.status === 200 && copy.headers['set-cookie'] === undefined && copy.headers.etag === etag) cache.set(key, copy);
    });
    return void next();
  };

  return Object.assign(handle, { size: () => cache.size });
}

export function serve(req: IncomingMessage, res: ServerResponse, c: Cached, started: number): void {
  const requestId = randomUUID();
  const fresh = matches(req.headers['if-none-match'], c.etag);
  const headers: OutgoingHttpHeaders = { 'x-request-id': requestId };
  for (const [k, v] of Object.entries(c.headers)) if (!fresh || !NOT_IN_304.has(k)) headers[k] = v;
  if (fresh) {
    res.writeHead(304, headers);
    res.end();
  } else {
    headers['content-length'] = c.body.length;
    res.writeHead(c.status, headers);
    res.end(c.body);
  }
  logger().info(
    {
      requestId,
      method: req.method,
      route: req.url,
      status: fresh ? 304 : c.status,
      ms: Math.round(performance.now() - started),
      served: 'copy',
    },
    'request',
  );
}

/** Copies what Astro writes to `res` (status, headers, body) and hands it over once the response ends. */
export function capture(res: ServerResponse, done: (copy: Cached) => void): void {
  const chunks: Buffer[] = [];
  let status = 0;
  let headers: OutgoingHttpHeaders = {};
  const { writeHead, write, end } = res;
  res.writeHead = function (this: ServerResponse, code: number, ...rest: any[]) {
    status = code;
    const h = rest.find((x) => x && typeof x === 'object');
    if (h && !Array.isArray(h))
      headers = Object.fromEntries(Object.entries(h as OutgoingHttpHeaders).map(([k, v]) => [k.toLowerCase(), v]));
    return writeHead.apply(this, [code, ...rest] as any);
  } as typeof res.writeHead;
  res.write = function (this: ServerResponse, chunk: any, ...rest: any[]) {
    if (chunk) chunks.push(Buffer.from(chunk));
    return write.apply(this, [chunk, ...rest] as any);
  } as typeof res.write;
  res.end = function (this: ServerResponse, chunk?: any, ...rest: any[]) {
    if (chunk && typeof chunk !== 'function') chunks.push(Buffer.from(chunk));
    const result = end.apply(this, [chunk, ...rest] as any);
    res.writeHead = writeHead;
    res.write = write;
    res.end = end;
    // Headers set with setHeader before writeHead (none today) would be merged by node; keep them too.
    const merged: OutgoingHttpHeaders = {};
    for (const [k, v] of Object.entries({ ...res.getHeaders(), ...headers })) if (!NOT_REPLAYED.has(k) && v !== undefined) merged[k] = v;
    if (status === 0) status = res.statusCode;
    done({ etag: String(headers.etag ?? ''), status, headers: merged, body: Buffer.concat(chunks) });
    return result;
  } as typeof res.end;
}
