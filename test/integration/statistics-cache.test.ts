// The public statistics are computed once per data version, even when requests arrive while the
// computation is still running (at a million complaints it takes a while).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dialectName, type TestDb } from '../support/db.ts';
import { seedDemo } from '../../src/server/demo/seed-demo.ts';
import { publicStatistics } from '../../src/server/metrics/statistics.service.ts';

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
  await seedDemo(db.db, { complaints: 200, seed: 4, now: new Date() });
});
afterAll(async () => {
  await db?.cleanup();
});

describe(`public statistics cache (${dialectName})`, () => {
  it('shares one computation between concurrent requests, and recomputes after a change', async () => {
    const now = new Date();
    const [a, b, c] = await Promise.all([publicStatistics(db.db, now), publicStatistics(db.db, now), publicStatistics(db.db, now)]);
    expect(b).toBe(a);
    expect(c).toBe(a);
    const row = await db.db.selectFrom('complaints').select('id').orderBy('id').limit(1).executeTakeFirstOrThrow();
    await db.db
      .updateTable('complaints')
      .set({ updated_at: Date.now() + 10_000 })
      .where('id', '=', row.id)
      .execute();
    await new Promise((r) => setTimeout(r, Number(process.env.STATS_FRESHNESS_MS ?? 1000) + 50));
    const d = await publicStatistics(db.db, new Date());
    expect(d).not.toBe(a);
    expect(d.etag).not.toBe(a.etag);
  });
});
