// The pages a visitor without a session sees the same as every other (home, a public complaint, a
// consultation) served from bytes Astro rendered, in front of Astro, as the statistics fast path does
// for /statistics: a request through Astro costs a millisecond or more, a copy a few microseconds.
//
// Which answers are kept: a GET of one of those paths without a query string, from a browser that sends
// no cookie but `lang` (a session, an access key, the supporter marker or any other cookie goes to Astro
// every time: those pages may differ per visitor), whose 200 response the middleware made public
// (public-cache.ts: ETag, `Cache-Control: public`, no Set-Cookie) — a page that marks itself private
// (a confidential complaint, "you already support this") is never kept. The key is the path and the
// language.
//
// When a copy is stale: each copy is kept under the page version (db/migrations/…_page_version.ts)
// read before Astro rendered it; triggers raise the version in the transaction of every write to a
// table these pages read, whichever process writes. The version is read from the database at most every
// STATS_FRESHNESS_MS (default 1 s, as for /statistics), so a change made by another process shows
// within that time (0: read on every request); once this process has answered a request that may have
// written (any method but GET and HEAD), the next request reads it again. A copy is also dropped after
// MAX_COPY_AGE_MS, which bounds what changes with the clock alone: a consultation's phase (opening,
// closing) and the portal name, which siteInfo() itself re-reads every minute — the same minute the
// pages' former `max-age=60` allowed browsers.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Db } from '../db/index.ts';
import { config } from '../config.ts';
import { resolveLocale } from '../../i18n/index.ts';
import { capture, serve, type Cached } from './statistics-fast-path.ts';

type Next = () => unknown;

/** `/`, `/complaints/<code>`, `/consultations/<id>`; a query string never matches. */
const PATHS = /^\/(?:complaints\/[A-Za-z0-9-]{1,40}|consultations\/[1-9][0-9]{0,15})?$/;
/** Copies held at most (least recently used dropped first). */
export const MAX_COPIES = 500;
export const MAX_COPY_AGE_MS = 60_000;

interface Copy extends Cached {
  version: string;
  storedAt: number;
}

/** The version of what the public pages show (raised by triggers on every write they depend on). */
export async function pageVersion(db: Db): Promise<string> {
  const row = await db.selectFrom('page_version').select('version').where('id', '=', 1).executeTakeFirstOrThrow();
  return String(row.version);
}

/** Whether the Cookie header holds nothing but the language choice (or nothing at all). */
function onlyLanguage(header: string | undefined): { ok: boolean; lang?: string } {
  if (!header) return { ok: true };
  let lang: string | undefined;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    const name = (i < 0 ? part : part.slice(0, i)).trim();
    if (name === '') continue;
    if (name !== 'lang') return { ok: false };
    lang = decodeURIComponent(part.slice(i + 1).trim());
  }
  return { ok: true, lang };
}

export interface PageCache {
  (req: IncomingMessage, res: ServerResponse, next: Next): Promise<void>;
  size(): number;
}

export function pageCache(opts: { db: () => Db; freshnessMs?: () => number; clock?: () => number }): PageCache {
  const copies = new Map<string, Copy>();
  const freshnessMs = opts.freshnessMs ?? (() => config().statsFreshnessMs);
  const clock = opts.clock ?? Date.now;
  let known: { version: string; at: number } | undefined;
  let reading: { promise: Promise<string>; generation: number } | undefined;
  // Raised when a request that may have written ends: reads started before it are not remembered.
  let generation = 0;

  // One database read at a time: the requests arriving meanwhile wait for the same answer.
  const currentVersion = async (): Promise<string> => {
    const now = clock();
    if (known && now - known.at < freshnessMs()) return known.version;
    if (!reading || reading.generation !== generation) {
      const started = generation;
      const promise = pageVersion(opts.db());
      reading = { promise, generation: started };
      promise.then(
        (version) => {
          if (generation === started) known = { version, at: now };
        },
        () => undefined,
      );
      promise
        .finally(() => {
          if (reading?.promise === promise) reading = undefined;
        })
        .catch(() => undefined);
    }
    return reading.promise;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse, next: Next): Promise<void> => {
    const url = req.url ?? '';
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.once('close', () => {
        generation++;
        known = undefined;
      });
      return void next();
    }
    if (!PATHS.test(url)) return void next();
    const cookies = onlyLanguage(req.headers.cookie);
    if (!cookies.ok) return void next();
    const started = performance.now();
    let version: string;
    try {
      version = await currentVersion();
    } catch {
      return void next(); // Astro answers (and logs) whatever is wrong with the database
    }
    const key = `${url}|${resolveLocale(null, cookies.lang)}`;
    const hit = copies.get(key);
    if (hit && hit.version === version && clock() - hit.storedAt < MAX_COPY_AGE_MS) {
      copies.delete(key);
      copies.set(key, hit);
      return serve(req, res, hit, started);
    }
    if (hit) copies.delete(key);
    if (req.method === 'GET') {
      const storedAt = clock();
      capture(res, (copy) => {
        const cacheControl = String(copy.headers['cache-control'] ?? '');
        if (copy.status !== 200 || copy.headers['set-cookie'] !== undefined || !copy.etag || !/^public\b/.test(cacheControl)) return;
        copies.set(key, { ...copy, version, storedAt });
        if (copies.size > MAX_COPIES) copies.delete(copies.keys().next().value!);
      });
    }
    return void next();
  };

  return Object.assign(handle, { size: () => copies.size });
}
