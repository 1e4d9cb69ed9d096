// The real production build on a loopback port: health, home in both languages, 404, headers, limits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dialectName, type TestDb } from '../support/db.ts';
import { startServer, type RunningServer } from '../support/server.ts';

let db: TestDb;
let server: RunningServer;

beforeAll(async () => {
  db = await createTestDb();
  server = await startServer({
    DATABASE_URL: db.url,
    LOG_LEVEL: 'info',
    DPO_CONTACT: 'pdp@palembang.test',
    RETENTION_CONTACT_MONTHS: '36',
  });
});

afterAll(async () => {
  await server?.stop();
  await db?.cleanup();
});

describe(`HTTP (${dialectName})`, () => {
  it('GET /healthz reports ok and the database kind', async () => {
    const r = await fetch(`${server.url}/healthz`);
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ status: 'ok', database: dialectName });
  });

  it('serves the home page in Indonesian by default', async () => {
    const r = await fetch(`${server.url}/`);
    expect(r.status).toBe(200);
    const html = await r.text();
    expect(html).toContain('<html lang="id"');
    expect(html).toContain('Ajukan pengaduan');
    expect(html).toContain('Kota Palembang');
    for (const href of ['/complaints/new', '/track', '/consultations', '/statistics']) expect(html).toContain(`href="${href}"`);
  });

  it('switches to English with ?lang=en and remembers it in a cookie', async () => {
    const r = await fetch(`${server.url}/?lang=en`);
    const html = await r.text();
    expect(html).toContain('<html lang="en"');
    expect(html).toContain('File a complaint');
    const cookie = r.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/lang=en/);
    expect(cookie).toMatch(/HttpOnly/i);
    const again = await fetch(`${server.url}/`, { headers: { cookie: 'lang=en' } });
    expect(await again.text()).toContain('<html lang="en"');
  });

  it('answers an unknown path with a 404 page in the visitor’s language', async () => {
    const r = await fetch(`${server.url}/no/such/page`);
    expect(r.status).toBe(404);
    expect(await r.text()).toContain('Halaman tidak ditemukan');
    const en = await fetch(`${server.url}/no/such/page?lang=en`);
    expect(await en.text()).toContain('Page not found');
  });

  it('sends the security headers on pages and on errors', async () => {
    for (const path of ['/', '/no/such/page', '/healthz']) {
      const r = await fetch(`${server.url}${path}`);
      const csp = r.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toMatch(/script-src 'self'(;|$)/);
      expect(csp).not.toContain('unsafe-inline');
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
      expect(r.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
      expect(r.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      // Served over plain http here, so no HSTS.
      expect(r.headers.get('strict-transport-security')).toBeNull();
    }
  });

  it('has no inline scripts, so the CSP can forbid them', async () => {
    const html = await (await fetch(`${server.url}/`)).text();
    const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].filter((m) => m[1]!.trim());
    expect(inline).toEqual([]);
  });

  it('refuses a cross-site form POST (CSRF origin check) with a page in the visitor’s language', async () => {
    for (const headers of [{ origin: 'https://evil.example' }, {}] as Record<string, string>[]) {
      const r = await fetch(`${server.url}/`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: 'a=1',
      });
      expect(r.status).toBe(403);
      expect(await r.text()).toContain('Permintaan ditolak');
    }
    // The same request from our own origin passes the check (and reaches the page, which has no POST handler).
    const ok = await fetch(`${server.url}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.url },
      body: 'a=1',
    });
    expect(ok.status).not.toBe(403);
  });

  it('answers 413 to a body over the limit', async () => {
    const r = await fetch(`${server.url}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', 'content-length': String(11 * 1024 * 1024) },
      body: Buffer.alloc(11 * 1024 * 1024),
    });
    expect(r.status).toBe(413);
  });

  it('shows the privacy notice with the configured contact and retention, in both languages', async () => {
    const id = await (await fetch(`${server.url}/privacy`)).text();
    expect(id).toContain('Kebijakan privasi');
    expect(id).toContain('pdp@palembang.test');
    expect(id).toContain('36 bulan');
    expect(id).toContain('Undang-Undang Nomor 27 Tahun 2022');
    const en = await (await fetch(`${server.url}/privacy?lang=en`)).text();
    expect(en).toContain('Privacy policy');
    expect(en).toContain('36 months');
  });

  it('logs route patterns, never query strings', async () => {
    await fetch(`${server.url}/track?code=PLG-26-SECRET1&lang=id`);
    await new Promise((r) => setTimeout(r, 100));
    expect(server.output()).toContain('"route":"/track"');
    expect(server.output()).not.toContain('SECRET1');
  });
});
