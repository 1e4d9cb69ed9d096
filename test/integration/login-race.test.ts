// Hostile input: parallel password guessing. An attempt is counted before its password is checked, so
// 15 wrong passwords sent at once (plus the right one) get at most 5 passwords verified, over HTTP against
// the built server and at the service level; a right password gives its attempt back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logIn } from '../../src/server/auth/auth.service.ts';
import { ACCOUNT_FAILURES } from '../../src/server/limits.ts';
import { createDb } from '../../src/server/db/index.ts';
import { peek, rateLimitKey } from '../../src/server/security/rate-limit.ts';
import { createTestDb, dialectName, type TestDb } from '../support/db.ts';
import { postForm } from '../support/forms.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { createTestUser, TEST_PASSWORD } from '../support/users.ts';

let db: TestDb;
let server: RunningServer;

beforeAll(async () => {
  db = await createTestDb();
  server = await startServer({ DATABASE_URL: db.url });
});
afterAll(async () => {
  await server?.stop();
  await db?.cleanup();
});

const login = (email: string, password: string) => postForm(server.url, '/login', { email, password });
const failures = (email: string) => peek(db.db, rateLimitKey('login-fail', email), ACCOUNT_FAILURES);
const failedAudit = async (userId: number) =>
  (
    await db.db
      .selectFrom('audit_log')
      .select('id')
      .where('action', '=', 'auth.login_failed')
      .where('object_id', '=', String(userId))
      .execute()
  ).length;

describe(`parallel login guessing (${dialectName})`, () => {
  it('over HTTP, 15 wrong passwords and the right one sent at once verify at most 5 wrong passwords, and the account ends locked', async () => {
    const victim = await createTestUser(db.db);
    const burst = [...Array.from({ length: 15 }, (_, i) => login(victim.email, `tebakan-salah-${i}`)), login(victim.email, TEST_PASSWORD)];
    const responses = await Promise.all(burst);
    const statuses = responses.map((r) => r.status);
    const wrongVerified = statuses.slice(0, 15).filter((s) => s === 422).length;
    // Every wrong password either was checked (422, "Email atau kata sandi salah") or refused unchecked (429).
    expect(statuses.slice(0, 15).every((s) => s === 422 || s === 429)).toBe(true);
    expect(wrongVerified).toBeLessThanOrEqual(ACCOUNT_FAILURES.points);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(10);
    expect(await failedAudit(victim.id)).toBe(wrongVerified);
    // The right password logged in only if it was counted within the limit; otherwise it was refused unchecked.
    const right = responses[15]!;
    expect([303, 429]).toContain(right.status);
    if (right.status === 429) expect(right.session).toBeUndefined();
    // Every guess was counted: the right password is refused for the rest of the window.
    expect(await failures(victim.email)).toBeGreaterThanOrEqual(15);
    const after = await login(victim.email, TEST_PASSWORD);
    expect(after.status).toBe(429);
    expect(after.html).toContain('Terlalu banyak percobaan');
  });

  it('at the service level, the right password sent after 15 parallel wrong ones is refused', async () => {
    const victim = await createTestUser(db.db);
    // On PostgreSQL a second handle on the same database, as a second app server would have.
    const other = dialectName === 'postgres' ? createDb(db.target) : { db: db.db };
    try {
      const ctx = { ip: '192.0.2.44' };
      const wrong = Array.from({ length: 15 }, (_, i) =>
        logIn(i % 2 ? other.db : db.db, { email: victim.email, password: `tebakan-${i}-salah` }, ctx),
      );
      const right = logIn(db.db, { email: victim.email, password: TEST_PASSWORD }, ctx);
      const outcomes = await Promise.all(wrong);
      const verified = outcomes.filter((o) => !o.ok && o.error === 'invalid').length;
      expect(verified).toBeLessThanOrEqual(ACCOUNT_FAILURES.points);
      expect(outcomes.filter((o) => !o.ok && o.error === 'throttled').length).toBeGreaterThanOrEqual(10);
      const r = await right;
      if (dialectName === 'sqlite') {
        // One SQLite connection runs the queries in the order they were asked: the right password came
        // 16th, after the limit was reached, so it must not log in.
        expect(r).toMatchObject({ ok: false, error: 'throttled' });
        expect(verified).toBe(ACCOUNT_FAILURES.points);
      } else if (r.ok) {
        // With a pool the order is the server's; a right password that got in was counted within the limit.
        expect(verified).toBeLessThanOrEqual(ACCOUNT_FAILURES.points);
      }
      expect((await logIn(db.db, { email: victim.email, password: TEST_PASSWORD }, ctx)).ok).toBe(false);
    } finally {
      if (other.db !== db.db) await other.db.destroy();
    }
  });

  it('normal logins still work and give their attempt back: ten in a row never lock, a typo stays counted', async () => {
    const u = await createTestUser(db.db);
    for (let i = 0; i < 10; i++) {
      const r = await login(u.email, TEST_PASSWORD);
      expect(r.status).toBe(303);
      expect(r.session).toBeTruthy();
    }
    expect(await failures(u.email)).toBe(0);
    expect((await login(u.email, 'salah-ketik-sekali')).status).toBe(422);
    expect((await login(u.email, TEST_PASSWORD)).status).toBe(303);
    expect(await failures(u.email)).toBe(1);
    // Parallel right passwords all log in: each gives its attempt back after it is verified.
    const parallel = await Promise.all(Array.from({ length: 4 }, () => login(u.email, TEST_PASSWORD)));
    expect(parallel.map((r) => r.status)).toEqual([303, 303, 303, 303]);
    expect(await failures(u.email)).toBe(1);
  });
});
