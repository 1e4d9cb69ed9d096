// The public statistics served from Astro's own bytes in front of Astro (src/server/http/statistics-fast-path.ts),
// against the built server: the copy has the page's headers (CSP and the other security headers, ETag,
// Cache-Control, Vary), answers 304, differs by language cookie, is never used for a logged-in
// visitor or a query string, and is dropped the moment the data fingerprint changes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dialectName, type TestDb } from '../support/db.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { createTestUser, sessionCookie } from '../support/users.ts';
import { seedDemo } from '../../src/server/demo/seed-demo.ts';

let db: TestDb;
let server: RunningServer;

beforeAll(async () => {
  db = await createTestDb();
  await seedDemo(db.db, { complaints: 300, seed: 5, now: new Date() });
  // LOG_LEVEL=info: the access log says which answers came from the copy.
  server = await startServer({ DATABASE_URL: db.url, STATS_FRESHNESS_MS: '0', LOG_LEVEL: 'info' });
});

afterAll(async () => {
  await server?.stop();
  await db?.cleanup();
});

// Uncompressed, to compare lengths and validators byte for byte (compression-cache.test.ts covers encodings).
const get = (p: string, headers: Record<string, string> = {}) =>
  fetch(`${server.url}${p}`, { headers: { 'accept-encoding': 'identity', ...headers }, redirect: 'manual' });
const copies = () =>
  server
    .output()
    .split('\n')
    .filter((l) => l.includes('"served":"copy"')).length;
const PER_RESPONSE = new Set(['x-request-id', 'date', 'transfer-encoding', 'content-length', 'connection', 'keep-alive']);
const stable = (r: Response) => Object.fromEntries([...r.headers].filter(([k]) => !PER_RESPONSE.has(k)).sort());

/** Waits until the access log line of the last request has been written. */
async function settle(): Promise<void> {
  await new Promise((r) => setTimeout(r, 150));
}

describe(`statistics fast path (${dialectName})`, () => {
  it('serves the page Astro rendered, with the same headers, from the copy', async () => {
    const first = await get('/statistics');
    const firstBody = await first.text();
    await settle();
    const before = copies();
    const second = await get('/statistics');
    const secondBody = await second.text();
    await settle();
    expect(copies()).toBe(before + 1);
    expect(second.status).toBe(200);
    expect(secondBody).toBe(firstBody);
    expect(stable(second)).toEqual(stable(first));
    expect(second.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(second.headers.get('x-frame-options')).toBe('DENY');
    expect(second.headers.get('cache-control')).toBe('public, max-age=300');
    expect(second.headers.get('vary')).toBe('Cookie, Accept-Encoding');
    expect(second.headers.get('content-length')).toBe(String(Buffer.byteLength(secondBody)));
    expect(second.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(second.headers.get('x-request-id')).not.toBe(first.headers.get('x-request-id'));
  });

  it('answers a matching If-None-Match with 304 and the caching and security headers', async () => {
    const etag = (await get('/statistics')).headers.get('etag')!;
    const r = await get('/statistics', { 'if-none-match': `W/${etag}, "other"` });
    expect(r.status).toBe(304);
    expect(r.headers.get('etag')).toBe(etag);
    expect(r.headers.get('cache-control')).toBe('public, max-age=300');
    expect(r.headers.get('vary')).toBe('Cookie');
    expect(r.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(r.headers.get('content-type')).toBeNull();
    expect(await r.text()).toBe('');
    expect((await get('/statistics', { 'if-none-match': '"st-nope"' })).status).toBe(200);
  });

  it('keeps one copy per language, chosen by the lang cookie', async () => {
    for (let i = 0; i < 2; i++) await (await get('/statistics', { cookie: 'lang=en' })).text();
    const en = await get('/statistics', { cookie: 'theme=x; lang=en' });
    const id = await get('/statistics', { cookie: 'lang=id' });
    expect(en.headers.get('etag')).toMatch(/-en-anon"$/);
    expect(id.headers.get('etag')).toMatch(/-id-anon"$/);
    expect(await en.text()).toContain('<html lang="en"');
    expect(await id.text()).toContain('<html lang="id"');
  });

  it('leaves logged-in visitors and query strings to Astro', async () => {
    await (await get('/statistics')).text();
    const cookie = await sessionCookie(db.db, (await createTestUser(db.db, { role: 'resident' })).id);
    await settle();
    const before = copies();
    const mine = await get('/statistics', { cookie });
    expect(mine.headers.get('cache-control')).toBe('private, no-cache');
    expect(mine.headers.get('etag')).not.toMatch(/-anon"$/);
    const lang = await get('/statistics?lang=en');
    expect(lang.headers.get('set-cookie')).toContain('lang=en');
    expect(await lang.text()).toContain('<html lang="en"');
    await settle();
    expect(copies()).toBe(before);
  });

  it('drops the copy when the data change, and serves the new figures', async () => {
    await (await get('/statistics')).text();
    const old = await get('/statistics');
    const oldEtag = old.headers.get('etag')!;
    const oldBody = await old.text();
    // A new complaint for DISDUKCAPIL changes its volume on the page (the last full month is in the period).
    const c = await db.db.selectFrom('complaints').selectAll().orderBy('id').limit(1).executeTakeFirstOrThrow();
    const { id: _, ...row } = c;
    const month = new Date();
    month.setUTCDate(1);
    const inLastMonth = month.getTime() - 10 * 86_400_000;
    await db.db
      .insertInto('complaints')
      .values({ ...row, code: 'PLG-99-FASTPA', submitted_at: inLastMonth, updated_at: Date.now() + 5000 } as any)
      .execute();
    await settle();
    const before = copies();
    const fresh = await get('/statistics');
    const freshBody = await fresh.text();
    await settle();
    expect(copies()).toBe(before); // rendered by Astro again
    expect(fresh.headers.get('etag')).not.toBe(oldEtag);
    expect(freshBody).not.toBe(oldBody);
    expect((await get('/statistics', { 'if-none-match': oldEtag })).status).toBe(200);
    const again = await get('/statistics');
    expect(await again.text()).toBe(freshBody);
    await settle();
    expect(copies()).toBe(before + 2); // the If-None-Match miss and this one, from the new copy
  });

  it('serves the CSV from its copy too', async () => {
    const first = await get('/statistics.csv');
    const body = await first.text();
    await settle();
    const before = copies();
    const second = await get('/statistics.csv');
    expect(await second.text()).toBe(body);
    expect(stable(second)).toEqual(stable(first));
    expect(second.headers.get('content-disposition')).toMatch(/^attachment; filename="statistik-/);
    const etag = second.headers.get('etag')!;
    expect(etag).toMatch(/-csv"$/);
    const nm = await get('/statistics.csv', { 'if-none-match': etag });
    expect(nm.status).toBe(304);
    expect(nm.headers.get('content-disposition')).toBeNull();
    await settle();
    expect(copies()).toBe(before + 2);
  });
});
