// Database-backed rate limits: counting, window reset, isolation of keys, concurrency.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consume, peek, rateLimitKey, reset } from '../../src/server/security/rate-limit.ts';
import { createDb } from '../../src/server/db/index.ts';
import { createTestDb, dialectName, type TestDb } from '../support/db.ts';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb({ reference: false });
});
afterAll(async () => t?.cleanup());

const limit = { points: 3, windowMs: 60_000 };

describe(`rate limits (${dialectName})`, () => {
  it('allows the limit, refuses the next, and resets with a new window', async () => {
    const key = rateLimitKey('test', '127.0.0.1');
    const t0 = new Date('2026-11-22T08:00:00Z');
    const at = (ms: number) => new Date(t0.getTime() + ms);
    expect((await consume(t.db, key, limit, at(0))).allowed).toBe(true);
    expect((await consume(t.db, key, limit, at(1000))).allowed).toBe(true);
    expect((await consume(t.db, key, limit, at(2000))).remaining).toBe(0);
    const fourth = await consume(t.db, key, limit, at(3000));
    expect(fourth.allowed).toBe(false);
    expect(fourth.retryAfterMs).toBe(57_000);
    expect(await peek(t.db, key, limit, at(3000))).toBe(4);
    expect((await consume(t.db, key, limit, at(60_000))).allowed).toBe(true);
    expect(await peek(t.db, key, limit, at(60_000))).toBe(1);
  });

  it('keeps keys apart and stores no raw subject', async () => {
    const a = rateLimitKey('login', 'Siti@Example.test');
    const b = rateLimitKey('login', 'budi@example.test');
    expect(a).toBe(rateLimitKey('login', 'siti@example.test'));
    expect(a).not.toContain('siti');
    for (let i = 0; i < 4; i++) await consume(t.db, a, limit);
    expect((await consume(t.db, b, limit)).allowed).toBe(true);
    await reset(t.db, a);
    expect((await consume(t.db, a, limit)).allowed).toBe(true);
  });

  it('counts every hit when two connections race', async () => {
    const key = rateLimitKey('race', 'x');
    // A second handle on the same database, as a second app server would have.
    const other = createDb(t.target);
    try {
      await Promise.all(Array.from({ length: 20 }, (_, i) => consume(i % 2 ? other.db : t.db, key, { points: 100, windowMs: 60_000 })));
      expect(await peek(t.db, key, { points: 100, windowMs: 60_000 })).toBe(20);
    } finally {
      await other.db.destroy();
    }
  });
});
