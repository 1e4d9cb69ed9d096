// Per-address login throttling: 20 failed logins from one client address in 15 minutes refuse further
// attempts from it. Behind a trusted proxy the address is X-Forwarded-For's; otherwise that header is ignored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dialectName, type TestDb } from '../support/db.ts';
import { postForm } from '../support/forms.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { createTestUser, TEST_PASSWORD } from '../support/users.ts';

let db: TestDb;
let direct: RunningServer;
let proxied: RunningServer;

beforeAll(async () => {
  db = await createTestDb();
  direct = await startServer({ DATABASE_URL: db.url });
  proxied = await startServer({ DATABASE_URL: db.url, TRUSTED_PROXY: 'true' });
});
afterAll(async () => {
  await direct?.stop();
  await proxied?.stop();
  await db?.cleanup();
});

const attempt = (server: RunningServer, email: string, password: string, xff?: string) =>
  postForm(server.url, '/login', { email, password }, { headers: xff ? { 'x-forwarded-for': xff } : {} });

describe(`per-address login throttling (${dialectName})`, () => {
  it('without a trusted proxy, spoofed X-Forwarded-For does not spread the failures over many addresses', async () => {
    const u = await createTestUser(db.db);
    // Different (unknown) accounts each time, so only the address limit can bite.
    for (let i = 0; i < 20; i++)
      expect((await attempt(direct, `tebakan${i}@example.test`, 'salah-sekali-password', `198.51.100.${i}`)).status).toBe(422);
    const blocked = await attempt(direct, u.email, TEST_PASSWORD, '198.51.100.200');
    expect(blocked.status).toBe(429);
    expect(blocked.html).toContain('Terlalu banyak percobaan');
    await db.db.deleteFrom('rate_limits').execute();
    expect((await attempt(direct, u.email, TEST_PASSWORD)).status).toBe(303);
  });

  it('behind a trusted proxy, the forwarded address is limited and other addresses are not', async () => {
    const u = await createTestUser(db.db);
    for (let i = 0; i < 20; i++)
      expect((await attempt(proxied, `coba${i}@example.test`, 'salah-sekali-password', '10.0.0.1, 203.0.113.7')).status).toBe(422);
    expect((await attempt(proxied, u.email, TEST_PASSWORD, '203.0.113.7')).status).toBe(429);
    // Another resident behind the same proxy, from their own address, logs in fine.
    expect((await attempt(proxied, u.email, TEST_PASSWORD, '203.0.113.8')).status).toBe(303);
    // Successful logins do not count: an office behind one address can log in all morning.
    for (let i = 0; i < 25; i++) expect((await attempt(proxied, u.email, TEST_PASSWORD, '203.0.113.9')).status).toBe(303);
  });

  it('limits registrations (20 an hour) and reset requests (10 an hour) per address', async () => {
    const xff = { 'x-forwarded-for': '203.0.113.30' };
    for (let i = 0; i < 20; i++) {
      const r = await postForm(
        proxied.url,
        '/register',
        { name: `Warga ${i}`, email: `warga${i}@example.test`, password: 'durian-musang-king' },
        { headers: xff },
      );
      expect(r.status).toBe(303);
    }
    const refused = await postForm(
      proxied.url,
      '/register',
      { name: 'Warga Lagi', email: 'lagi@example.test', password: 'durian-musang-king' },
      { headers: xff },
    );
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBeTruthy();
    expect(await db.db.selectFrom('users').select('id').where('email', '=', 'lagi@example.test').executeTakeFirst()).toBeUndefined();

    const resetXff = { 'x-forwarded-for': '203.0.113.31' };
    for (let i = 0; i < 10; i++)
      expect((await postForm(proxied.url, '/password/forgot', { email: `warga${i}@example.test` }, { headers: resetXff })).status).toBe(
        200,
      );
    const tooMany = await postForm(proxied.url, '/password/forgot', { email: 'warga11@example.test' }, { headers: resetXff });
    expect(tooMany.status).toBe(429);
    expect(tooMany.html).toContain('Terlalu banyak percobaan');
    // At most 3 reset emails per account an hour, whatever the address.
    for (let i = 0; i < 5; i++)
      await postForm(
        proxied.url,
        '/password/forgot',
        { email: 'warga0@example.test' },
        { headers: { 'x-forwarded-for': `192.0.2.${i + 50}` } },
      );
    const mails = await db.db
      .selectFrom('outbox')
      .select('id')
      .where('recipient', '=', 'warga0@example.test')
      .where('topic', '=', 'auth.password_reset')
      .execute();
    expect(mails).toHaveLength(3);
  });
});
