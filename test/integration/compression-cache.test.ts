// Against the built server over raw HTTP (fetch would decompress silently): text answers compressed
// when the client accepts it and decompressing to the very same bytes, images and tiny bodies left
// alone; anonymous public pages carry an ETag and a public Cache-Control that revalidates and answer 304 when unchanged;
// signed-in or cookie-setting answers are never publicly cacheable.
import http from 'node:http';
import zlib from 'node:zlib';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dialectName, type TestDb } from '../support/db.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { createTestUser, sessionCookie } from '../support/users.ts';
import { complaintFields, jpeg, postComplaint, readReceipt } from '../support/complaints.ts';

let db: TestDb;
let server: RunningServer;
let uploadDir: string;

beforeAll(async () => {
  db = await createTestDb();
  uploadDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-cc-'));
  server = await startServer({
    DATABASE_URL: db.url,
    UPLOAD_DIR: uploadDir,
    COMPLAINTS_PER_HOUR: '1000',
    COMPLAINTS_PER_ADDRESS_HOUR: '1000',
  });
});

afterAll(async () => {
  await server?.stop();
  await db?.cleanup();
  fs.rmSync(uploadDir, { recursive: true, force: true });
});

interface Raw {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

function get(urlPath: string, headers: Record<string, string> = {}): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${server.url}${urlPath}`, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

const decode = (r: Raw) =>
  r.headers['content-encoding'] === 'br'
    ? zlib.brotliDecompressSync(r.body)
    : r.headers['content-encoding'] === 'gzip'
      ? zlib.gunzipSync(r.body)
      : r.body;

// The page's bytes without the per-request id (the only thing that differs between two renders).
const stable = (b: Buffer) => b.toString('utf8');

describe(`compression (${dialectName})`, () => {
  it('compresses HTML with br or gzip as accepted, and it decompresses to the same page', async () => {
    const plain = await get('/complaints', {});
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toContain('<html lang="id"');
    for (const [accept, expected] of [
      ['gzip, deflate, br', 'br'],
      ['gzip', 'gzip'],
      ['br;q=0, gzip;q=0.8', 'gzip'],
    ] as const) {
      const r = await get('/complaints', { 'accept-encoding': accept });
      expect(r.status).toBe(200);
      expect(r.headers['content-encoding']).toBe(expected);
      expect(r.headers.vary).toMatch(/Accept-Encoding/i);
      expect(r.body.length).toBeLessThan(plain.body.length / 2);
      expect(stable(decode(r))).toBe(stable(plain.body));
    }
  });

  it('compresses the stylesheet the static handler serves, not the tiny health answer, not a photo', async () => {
    const page = (await get('/')).body.toString();
    const css = /<link rel="stylesheet" href="(\/_astro\/[^"]+\.css)"/.exec(page)?.[1];
    expect(css).toBeDefined();
    const plain = await get(css!);
    const gz = await get(css!, { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gz.body).equals(plain.body)).toBe(true);

    const health = await get('/healthz', { 'accept-encoding': 'gzip, br' });
    expect(health.status).toBe(200);
    expect(health.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(health.body.toString()).status).toBe('ok');

    const posted = await postComplaint(server.url, complaintFields(), [{ name: 'a.jpg', type: 'image/jpeg', data: await jpeg(800, 600) }]);
    const { code } = await readReceipt(server.url, posted);
    const name = (await db.db.selectFrom('complaint_photos').select('file_name').orderBy('id', 'desc').executeTakeFirstOrThrow()).file_name;
    const photo = await get(`/complaints/${code}/photos/${name}`, { 'accept-encoding': 'gzip, br' });
    expect(photo.status).toBe(200);
    expect(photo.headers['content-type']).toBe('image/jpeg');
    expect(photo.headers['content-encoding']).toBeUndefined();
  });
});

describe(`public page caching (${dialectName})`, () => {
  it('gives anonymous public pages an ETag and a public Cache-Control that revalidates, and 304 when it still matches', async () => {
    for (const p of ['/', '/complaints', '/consultations']) {
      const first = await get(p, { 'accept-encoding': 'br' });
      expect(first.status, p).toBe(200);
      expect(first.headers['cache-control'], p).toBe('public, max-age=0, must-revalidate');
      const etag = first.headers.etag;
      expect(etag, p).toMatch(/^W\/"/);
      const again = await get(p, { 'accept-encoding': 'br', 'if-none-match': etag! });
      expect(again.status, p).toBe(304);
      expect(again.body.length).toBe(0);
      expect(again.headers.etag).toBe(etag);
      // An old validator gets the page.
      const stale = await get(p, { 'if-none-match': 'W/"something-else"' });
      expect(stale.status, p).toBe(200);
      expect(stale.body.toString()).toContain('</html>');
    }
  });

  it('caches a public complaint for anonymous visitors, never for its reporter (access key) or a signed-in visitor', async () => {
    const posted = await postComplaint(server.url, complaintFields({ title: 'Lampu jalan mati di simpang' }), []);
    const { code, cookie } = await readReceipt(server.url, posted);
    const anon = await get(`/complaints/${code}`);
    expect(anon.status).toBe(200);
    expect(anon.headers['cache-control']).toMatch(/^public/);
    expect(anon.headers.etag).toBeDefined();

    const reporter = await get(`/complaints/${code}`, { cookie });
    expect(reporter.headers['cache-control']).toBe('private, no-store');
    expect(reporter.headers.etag).toBeUndefined();

    const user = await createTestUser(db.db, { name: 'Warga Bersesi' });
    const session = await sessionCookie(db.db, user.id);
    for (const p of ['/', '/complaints', `/complaints/${code}`, '/consultations']) {
      const r = await get(p, { cookie: session, 'if-none-match': anon.headers.etag! });
      expect(r.status, p).toBe(200);
      expect(r.body.toString(), p).toContain('Warga Bersesi');
      expect(r.headers['cache-control'] ?? '', p).not.toMatch(/public/);
      expect(r.headers.etag, p).toBeUndefined();
    }
  });

  it('never publicly caches an answer that sets a cookie, nor the complaint form', async () => {
    const en = await get('/?lang=en');
    expect(en.headers['set-cookie']?.some((c) => c.startsWith('lang='))).toBe(true);
    expect(en.headers['cache-control'] ?? '').not.toMatch(/public/);
    expect(en.headers.etag).toBeUndefined();
    const form = await get('/complaints/new');
    expect(form.headers['cache-control']).toBe('private, no-store');
  });
});
