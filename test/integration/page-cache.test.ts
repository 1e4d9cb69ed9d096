// The page byte cache of the anonymous public pages (src/server/http/page-cache.ts) against the built
// server: the copy is the page Astro renders, byte for byte; a write from another connection (as another
// app server or the worker would make) shows on the next request; 304 for a matching If-None-Match; a
// signed-in visitor, or any cookie but the language, always gets Astro's own rendering and never leaves
// a copy an anonymous visitor could get.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dialectName, type TestDb } from '../support/db.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { createTestUser, sessionCookie } from '../support/users.ts';
import { seedDemo } from '../../src/server/demo/seed-demo.ts';
import { pageVersion } from '../../src/server/http/page-cache.ts';

let db: TestDb;
let server: RunningServer;
let complaintPath: string;
let consultationPath: string;

const get = (p: string, headers: Record<string, string> = {}, method = 'GET') =>
  fetch(`${server.url}${p}`, { method, headers: { 'accept-encoding': 'identity', ...headers }, redirect: 'manual' });
const copies = () =>
  server
    .output()
    .split('\n')
    .filter((l) => l.includes('"served":"copy"')).length;
const settle = () => new Promise((r) => setTimeout(r, 150));

async function firstLink(p: string, pattern: RegExp): Promise<string> {
  const m = pattern.exec(await (await get(p)).text());
  if (!m) throw new Error(`no ${pattern} on ${p}`);
  return m[0];
}

/** Two GETs: the second must come from the copy; returns both bodies. */
async function twice(p: string, headers: Record<string, string> = {}): Promise<[string, string, Response]> {
  const a = await (await get(p, headers)).text();
  await settle();
  const before = copies();
  const r = await get(p, headers);
  const b = await r.text();
  await settle();
  expect(copies(), p).toBe(before + 1);
  return [a, b, r];
}

beforeAll(async () => {
  db = await createTestDb();
  await seedDemo(db.db, { complaints: 120, seed: 3, now: new Date() });
  server = await startServer({ DATABASE_URL: db.url, STATS_FRESHNESS_MS: '0', LOG_LEVEL: 'info' });
  complaintPath = await firstLink('/complaints', /\/complaints\/[A-Z]{2,4}-\d{2}-[0-9A-Z]{6}(?=")/);
  consultationPath = await firstLink('/consultations', /\/consultations\/\d+(?=")/);
});

afterAll(async () => {
  await server?.stop();
  await db?.cleanup();
});

describe(`page byte cache (${dialectName})`, () => {
  it('serves home, a public complaint and a consultation from the copy, the same bytes and headers as Astro renders', async () => {
    for (const p of ['/', complaintPath, consultationPath]) {
      const [rendered, copy, r] = await twice(p);
      expect(r.status, p).toBe(200);
      expect(copy, p).toBe(rendered);
      // Another cookie than the language goes through Astro: the uncached rendering, same bytes.
      const uncached = await (await get(p, { cookie: 'other=1' })).text();
      expect(uncached, p).toBe(copy);
      expect(r.headers.get('cache-control'), p).toBe('public, max-age=0, must-revalidate');
      expect(r.headers.get('etag'), p).toMatch(/^W\/"/);
      expect(r.headers.get('content-security-policy'), p).toContain("default-src 'self'");
      expect(r.headers.get('content-length'), p).toBe(String(Buffer.byteLength(copy)));
    }
  });

  it('keeps a copy per language', async () => {
    const [, en] = await twice('/', { cookie: 'lang=en' });
    const [, id] = await twice('/', { cookie: 'lang=id' });
    expect(en).toContain('lang="en"');
    expect(id).toContain('lang="id"');
  });

  it('answers If-None-Match with 304 from the copy, and HEAD without a body', async () => {
    const [, , r] = await twice(complaintPath);
    const etag = r.headers.get('etag')!;
    const before = copies();
    const notModified = await get(complaintPath, { 'if-none-match': etag });
    expect(notModified.status).toBe(304);
    expect(await notModified.text()).toBe('');
    expect(notModified.headers.get('etag')).toBe(etag);
    expect(notModified.headers.get('cache-control')).toBe('public, max-age=0, must-revalidate');
    const head = await get(complaintPath, {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    await settle();
    expect(copies()).toBe(before + 2);
    expect((await get(complaintPath, { 'if-none-match': 'W/"other"' })).status).toBe(200);
  });

  it('shows a change to a complaint on the next request', async () => {
    await twice(complaintPath);
    const code = complaintPath.split('/').pop()!;
    const version = await pageVersion(db.db);
    await db.db.updateTable('complaints').set({ title: 'Judul yang baru saja diubah' }).where('code', '=', code).execute();
    expect(await pageVersion(db.db)).not.toBe(version);
    const [after] = await twice(complaintPath);
    expect(after).toContain('Judul yang baru saja diubah');
  });

  it('shows a new contribution to a consultation on the next request', async () => {
    const [before] = await twice(consultationPath);
    const id = Number(consultationPath.split('/').pop());
    const author = await createTestUser(db.db, { role: 'resident' });
    const now = Date.now();
    await db.db
      .insertInto('contributions')
      .values({
        consultation_id: id,
        question_id: null,
        parent_id: null,
        author_user_id: author.id,
        affiliation: null,
        body: 'Masukan baru tentang trotoar yang rusak',
        stance: null,
        hidden_reason: null,
        hidden_by: null,
        hidden_at: null,
        created_at: now,
      })
      .execute();
    expect(before).not.toContain('Masukan baru tentang trotoar yang rusak');
    const after = await (await get(consultationPath)).text();
    expect(after).toContain('Masukan baru tentang trotoar yang rusak');
  });

  it('never serves the anonymous copy to a signed-in visitor, nor keeps theirs for others', async () => {
    const user = await createTestUser(db.db, { role: 'resident', name: 'Warga Bernama Unik' });
    const cookie = await sessionCookie(db.db, user.id);
    for (const p of ['/', complaintPath, consultationPath]) {
      await twice(p); // a copy exists
      const before = copies();
      const signedIn = await get(p, { cookie: `lang=id; ${cookie}` });
      const body = await signedIn.text();
      expect(signedIn.status, p).toBe(200);
      expect(body, p).toContain('Warga Bernama Unik');
      expect(signedIn.headers.get('cache-control'), p).toMatch(/^private/);
      const anonymous = await (await get(p)).text();
      await settle();
      expect(copies(), p).toBe(before + 1); // only the anonymous request was served from the copy
      expect(anonymous, p).not.toContain('Warga Bernama Unik');
    }
  });

  it('goes through Astro for a query string, a non-public path or another cookie', async () => {
    await twice('/');
    const before = copies();
    await (await get('/?lang=en')).text();
    await (await get('/', { cookie: 'sw_device=abc' })).text();
    await (await get('/complaints/new')).text();
    await (await get('/complaints/new')).text();
    await (await get('/complaints/PLG-26-ZZZZZZ')).text(); // not found: 404, never kept
    expect((await get('/complaints/PLG-26-ZZZZZZ')).status).toBe(404);
    await settle();
    expect(copies()).toBe(before);
  });
});
