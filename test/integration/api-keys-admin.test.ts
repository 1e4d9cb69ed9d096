// The admin's API key page over HTTP: only admins; a key is shown once (never in a URL or the list),
// stored as a hash, works for Open311 until it is revoked; bad input is re-shown with messages; audited.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dialectName, type TestDb } from '../support/db.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { createTestUser, sessionCookie } from '../support/users.ts';

let db: TestDb;
let server: RunningServer;
let adminCookie: string;

beforeAll(async () => {
  db = await createTestDb();
  server = await startServer({ DATABASE_URL: db.url });
  const admin = await createTestUser(db.db, { role: 'admin' });
  adminCookie = await sessionCookie(db.db, admin.id);
});

afterAll(async () => {
  await server?.stop();
  await db?.cleanup();
});

const post = (body: Record<string, string>, cookie = adminCookie) =>
  fetch(`${server.url}/admin/api-keys`, {
    method: 'POST',
    redirect: 'manual',
    headers: { origin: server.url, cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(body),
  });
const get = (cookie = adminCookie) => fetch(`${server.url}/admin/api-keys`, { headers: { cookie }, redirect: 'manual' });
const fileRequest = (apiKey: string) =>
  fetch(`${server.url}/open311/v2/requests.json`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      api_key: apiKey,
      service_code: 'sampah',
      lat: '-2.976074',
      long: '104.775429',
      'attribute[kelurahan]': '16.71.01.1001',
      description: 'Sampah menumpuk di TPS dekat pasar sejak seminggu.',
    }),
  });

describe(`admin API keys page (${dialectName})`, () => {
  it('is closed to everyone but admins', async () => {
    expect((await fetch(`${server.url}/admin/api-keys`, { redirect: 'manual' })).status).toBe(303);
    for (const role of ['resident', 'officer', 'manager', 'hr', 'verifier'] as const) {
      const cookie = await sessionCookie(db.db, (await createTestUser(db.db, { role })).id);
      expect((await get(cookie)).status, role).toBe(404);
      expect((await post({ action: 'create', label: 'Tidak boleh', per_minute: '60' }, cookie)).status, role).toBe(404);
    }
    expect(await db.db.selectFrom('api_keys').select('id').execute()).toEqual([]);
  });

  it('re-shows bad input with messages beside the fields, keeping what was typed', async () => {
    const r = await post({ action: 'create', label: '   ', per_minute: 'banyak' });
    expect(r.status).toBe(422);
    const html = await r.text();
    expect(html).toContain('Isi nama aplikasi atau mitra (1–120 karakter).');
    expect(html).toContain('Batas per menit harus bilangan bulat 1–10.000.');
    expect(html).toContain('value="banyak"');
    expect(html).toContain('aria-invalid="true"');
    expect(await db.db.selectFrom('api_keys').select('id').execute()).toEqual([]);
  });

  it('creates a key shown once, stored as a hash, usable until revoked', async () => {
    const r = await post({ action: 'create', label: 'Aplikasi Kelurahan Uji', per_minute: '30' });
    expect(r.status).toBe(200);
    expect(r.headers.get('location')).toBeNull();
    expect(r.headers.get('cache-control')).toContain('no-store');
    const html = await r.text();
    const key = html.match(/id="new-key">(sw_[A-Za-z0-9_-]+)</)?.[1];
    expect(key).toBeDefined();
    const row = await db.db.selectFrom('api_keys').selectAll().where('label', '=', 'Aplikasi Kelurahan Uji').executeTakeFirstOrThrow();
    expect(row.key_hash).toBe(createHash('sha256').update(key!).digest('hex'));
    expect(Number(row.requests_per_minute)).toBe(30);
    expect(JSON.stringify(row)).not.toContain(key!);

    // The list shows the label and prefix only, never the key again.
    const list = await (await get()).text();
    expect(list).toContain('Aplikasi Kelurahan Uji');
    expect(list).toContain(row.key_prefix);
    expect(list).not.toContain(key!);

    // The key files an Open311 request.
    expect((await fileRequest(key!)).status).toBe(200);

    // Revoked: the page says so and Open311 answers 403.
    const revoke = await post({ action: 'revoke', id: String(row.id) });
    expect(revoke.status).toBe(303);
    expect(revoke.headers.get('location')).toBe('/admin/api-keys?revoked=1');
    expect(await (await get()).text()).toContain('Dicabut');
    expect((await fileRequest(key!)).status).toBe(403);
    // Revoking twice is refused with a message, not an error page.
    const again = await post({ action: 'revoke', id: String(row.id) });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('sudah dicabut');

    const audit = await db.db
      .selectFrom('audit_log')
      .select(['action', 'details'])
      .where('object_type', '=', 'api_key')
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['api_key.create', 'api_key.revoke']);
    expect(audit.map((a) => a.details).join(' ')).not.toContain(key!);
  });

  it('refuses a cross-site form post', async () => {
    const r = await fetch(`${server.url}/admin/api-keys`, {
      method: 'POST',
      redirect: 'manual',
      headers: { origin: 'https://penyerang.example', cookie: adminCookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ action: 'create', label: 'Dari situs lain', per_minute: '60' }),
    });
    expect(r.status).toBe(403);
    expect(await db.db.selectFrom('api_keys').select('id').where('label', '=', 'Dari situs lain').execute()).toEqual([]);
  });
});
