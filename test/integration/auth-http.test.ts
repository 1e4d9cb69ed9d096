// Accounts over HTTP against the built server: registration, login rotation, logout replay, disabled users,
// safe `next`, the header, and login throttling (per account, across spoofed X-Forwarded-For).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setUserDisabled } from '../../src/server/auth/users.service.ts';
import { createTestDb, dialectName, type TestDb } from '../support/db.ts';
import { cookieOf, getPage, postForm } from '../support/forms.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { createTestUser, sessionCookie, TEST_PASSWORD } from '../support/users.ts';

let db: TestDb;
let server: RunningServer;
const PASSWORD = 'kebun-raya-sore-hari';

beforeAll(async () => {
  db = await createTestDb();
  server = await startServer({ DATABASE_URL: db.url });
});
afterAll(async () => {
  await server?.stop();
  await db?.cleanup();
});

const login = (email: string, password: string, extra: { cookie?: string; next?: string; headers?: Record<string, string> } = {}) =>
  postForm(
    server.url,
    '/login',
    { email, password, ...(extra.next ? { next: extra.next } : {}) },
    { cookie: extra.cookie, headers: extra.headers },
  );

async function auditActions(objectId: number): Promise<string[]> {
  const rows = await db.db
    .selectFrom('audit_log')
    .select(['action', 'details'])
    .where('object_id', '=', String(objectId))
    .orderBy('id')
    .execute();
  return rows.map((r) => r.action);
}

describe(`accounts over HTTP (${dialectName})`, () => {
  it('registers a resident, who then logs in and sees themselves on /me', async () => {
    const r = await postForm(server.url, '/register', {
      name: 'Siti Aminah',
      email: 'Siti@Example.test',
      password: PASSWORD,
      phone: '0812 3456 7890',
      affiliation: 'akademisi',
      organisation: 'Universitas Sriwijaya',
    });
    expect(r.status).toBe(303);
    // Not logged in by the answer itself: an existing address gets the very same answer (no account enumeration).
    expect(r.location).toBe('/login?done=registered');
    expect(r.session).toBeUndefined();
    const notice = await getPage(server.url, r.location!);
    expect(notice.html).toContain('Pendaftaran diterima');
    const signedIn = await login('siti@example.test', PASSWORD);
    expect(signedIn.location).toBe('/me');
    const me = await getPage(server.url, '/me', { cookie: cookieOf(signedIn.session!) });
    expect(me.status).toBe(200);
    expect(me.headers.get('cache-control')).toBe('private, no-store');
    expect(me.html).toContain('Siti Aminah');
    expect(me.html).toContain('siti@example.test');
    expect(me.html).toContain('Akademisi');
    const row = await db.db.selectFrom('users').selectAll().where('email', '=', 'siti@example.test').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ role: 'resident', affiliation: 'akademisi', organisation: 'Universitas Sriwijaya', phone: '081234567890' });
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect(await auditActions(row.id)).toEqual(expect.arrayContaining(['user.registered', 'auth.login']));
  });

  it('answers a taken email like a new one, refuses a short or common password, and keeps what was typed (except the password)', async () => {
    const taken = await postForm(server.url, '/register', { name: 'Lain', email: 'siti@example.test', password: PASSWORD });
    expect(taken.status).toBe(303);
    expect(taken.location).toBe('/login?done=registered');
    expect((await db.db.selectFrom('users').select('name').where('email', '=', 'siti@example.test').executeTakeFirstOrThrow()).name).toBe(
      'Siti Aminah',
    );
    const common = await postForm(server.url, '/register', { name: 'Budi Santoso', email: 'budi@example.test', password: 'Password123' });
    expect(common.status).toBe(422);
    expect(common.html).toContain('paling sering dipakai');
    expect(common.html).toContain('value="Budi Santoso"');
    expect(common.html).not.toContain('Password123');
    expect(common.html).toMatch(
      /aria-invalid="true"[^>]*aria-describedby="f-password-hint f-password-error"|aria-describedby="f-password-hint f-password-error"[^>]*aria-invalid/,
    );
    const short = await postForm(server.url, '/register?lang=en', { name: 'Budi', email: 'budi@example.test', password: 'abc' });
    expect(short.status).toBe(422);
    expect(short.html).toContain('at least 8 characters');
    const long = await postForm(server.url, '/register', { name: 'Budi', email: 'budi@example.test', password: 'x'.repeat(129) });
    expect(long.status).toBe(422);
    expect(await db.db.selectFrom('users').select('id').where('email', '=', 'budi@example.test').executeTakeFirst()).toBeUndefined();
  });

  it('starts a new session at login and ends the old one (no fixation)', async () => {
    const first = await login('siti@example.test', PASSWORD);
    expect(first.status).toBe(303);
    const second = await login('siti@example.test', PASSWORD, { cookie: cookieOf(first.session!) });
    expect(second.status).toBe(303);
    expect(second.session).toBeTruthy();
    expect(second.session).not.toBe(first.session);
    expect((await getPage(server.url, '/me', { cookie: cookieOf(first.session!) })).status).toBe(303);
    expect((await getPage(server.url, '/me', { cookie: cookieOf(second.session!) })).status).toBe(200);
  });

  it('logout ends the session on the server: replaying the old cookie is unauthenticated', async () => {
    const s = await login('siti@example.test', PASSWORD);
    const out = await postForm(server.url, '/logout', {}, { cookie: cookieOf(s.session!) });
    expect(out.status).toBe(303);
    expect(out.location).toBe('/login?done=logout');
    expect(out.session).toBe('');
    const replay = await getPage(server.url, '/me', { cookie: cookieOf(s.session!) });
    expect(replay.status).toBe(303);
    expect(replay.location).toBe('/login?next=%2Fme');
    const home = await getPage(server.url, '/', { cookie: cookieOf(s.session!) });
    expect(home.html).toContain('href="/login"');
  });

  it('a disabled user is unauthenticated at once and cannot log in', async () => {
    const admin = await createTestUser(db.db, { role: 'admin' });
    const u = await createTestUser(db.db, { role: 'officer' });
    const cookie = await sessionCookie(db.db, u.id);
    expect((await getPage(server.url, '/me', { cookie })).status).toBe(200);
    await setUserDisabled(db.db, { id: admin.id, role: 'admin' }, u.id, true);
    expect((await getPage(server.url, '/me', { cookie })).status).toBe(303);
    const again = await login(u.email, TEST_PASSWORD);
    expect(again.status).toBe(422);
    expect(again.session).toBeUndefined();
  });

  it('sends staff to their work page and honours only a same-origin next', async () => {
    const officer = await createTestUser(db.db, { role: 'officer' });
    const verifier = await createTestUser(db.db, { role: 'verifier' });
    const hr = await createTestUser(db.db, { role: 'hr' });
    const admin = await createTestUser(db.db, { role: 'admin' });
    expect((await login(officer.email, TEST_PASSWORD)).location).toBe('/staff/inbox');
    expect((await login(verifier.email, TEST_PASSWORD)).location).toBe('/staff/verify');
    expect((await login(hr.email, TEST_PASSWORD)).location).toBe('/reports');
    expect((await login(admin.email, TEST_PASSWORD)).location).toBe('/admin');
    expect((await login('siti@example.test', PASSWORD, { next: '/me/profile?x=1' })).location).toBe('/me/profile?x=1');
    for (const evil of ['//evil.example/x', 'https://evil.example/', '/\\evil.example', 'javascript:alert(1)', '/logout']) {
      expect((await login('siti@example.test', PASSWORD, { next: evil })).location).toBe('/me');
    }
  });

  it('shows login and register links to visitors and the name with a logout form to users', async () => {
    const visitor = await getPage(server.url, '/statistics');
    expect(visitor.html).toContain('href="/login"');
    expect(visitor.html).toContain('href="/register"');
    const s = await login('siti@example.test', PASSWORD);
    const user = await getPage(server.url, '/statistics', { cookie: cookieOf(s.session!) });
    expect(user.html).toContain('Siti Aminah');
    expect(user.html).toMatch(/<form method="post" action="\/logout"/);
    expect(user.html).not.toContain('href="/register"');
  });

  it('after 5 wrong passwords the 6th attempt gets 429, even with the right password, and other accounts are unaffected', async () => {
    const victim = await createTestUser(db.db);
    const other = await createTestUser(db.db);
    for (let i = 0; i < 5; i++) {
      // A different spoofed X-Forwarded-For every time: without TRUSTED_PROXY it is ignored.
      const r = await login(victim.email, `salah-${i}-password`, { headers: { 'x-forwarded-for': `203.0.113.${i + 1}` } });
      expect(r.status).toBe(422);
      expect(r.html).toContain('Email atau kata sandi salah');
    }
    const sixth = await login(victim.email, 'salah-lagi-password', { headers: { 'x-forwarded-for': '198.51.100.77' } });
    expect(sixth.status).toBe(429);
    expect(sixth.html).toContain('Terlalu banyak percobaan');
    expect(Number(sixth.headers.get('retry-after'))).toBeGreaterThan(0);
    const rightButLocked = await login(victim.email, TEST_PASSWORD, { headers: { 'x-forwarded-for': '192.0.2.9' } });
    expect(rightButLocked.status).toBe(429);
    expect(rightButLocked.session).toBeUndefined();
    const en = await postForm(server.url, '/login?lang=en', { email: victim.email, password: 'x-password-x' });
    expect(en.status).toBe(429);
    expect(en.html).toContain('Too many attempts');
    // Another account from the same address still logs in.
    const fine = await login(other.email, TEST_PASSWORD);
    expect(fine.status).toBe(303);
    const failed = await db.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'auth.login_failed')
      .where('object_id', '=', String(victim.id))
      .execute();
    expect(failed).toHaveLength(5);
    for (const row of failed) expect(row.details).not.toContain('salah');
  });

  it('the account lock lasts one 15-minute window, not longer', async () => {
    const victim = await createTestUser(db.db);
    for (let i = 0; i < 5; i++) await login(victim.email, `wrong-${i}-password`);
    expect((await login(victim.email, TEST_PASSWORD)).status).toBe(429);
    // Age the window in the database (the rate-limit rows are shared by every app server).
    await db.db
      .updateTable('rate_limits')
      .set({ window_start: Date.now() - 15 * 60_000 - 1000 })
      .where('key', 'like', 'login-fail:%')
      .execute();
    expect((await login(victim.email, TEST_PASSWORD)).status).toBe(303);
  });
});
