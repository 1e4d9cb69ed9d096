// Job leases: one server at a time runs a job; a lease expires; results are recorded.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireJobLease, jobs, runJobOnce, type Job } from '../../src/server/jobs/jobs.ts';
import { consume, peek, rateLimitKey } from '../../src/server/security/rate-limit.ts';
import { createTestDb, dialectName, type TestDb } from '../support/db.ts';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb({ reference: false });
});
afterAll(async () => t?.cleanup());

describe(`job leases (${dialectName})`, () => {
  it('lets one owner hold a job until the lease runs out', async () => {
    const now = new Date('2026-11-22T08:00:00Z');
    expect(await acquireJobLease(t.db, 'j1', 'a', now, 60_000)).toBe(true);
    expect(await acquireJobLease(t.db, 'j1', 'b', new Date(now.getTime() + 30_000), 60_000)).toBe(false);
    expect(await acquireJobLease(t.db, 'j1', 'a', new Date(now.getTime() + 30_000), 60_000)).toBe(true);
    expect(await acquireJobLease(t.db, 'j1', 'b', new Date(now.getTime() + 91_000), 60_000)).toBe(true);
  });

  it('runs a job once per lease and records its result', async () => {
    let runs = 0;
    const job: Job = { name: 'count', intervalMs: 1_000, run: async () => ({ runs: ++runs }) };
    const now = new Date();
    expect(await runJobOnce(t.db, job, 'a', now)).toEqual({ ran: true, result: { runs: 1 } });
    // The finished run releases the lease, so the next tick (any server) may run it again.
    expect((await runJobOnce(t.db, job, 'b', new Date(now.getTime() + 1))).ran).toBe(true);
    const row = await t.db.selectFrom('job_leases').selectAll().where('name', '=', 'count').executeTakeFirstOrThrow();
    expect(JSON.parse(row.last_result!)).toEqual({ runs: 2 });
    // While a run is under way elsewhere, others keep off.
    expect(await acquireJobLease(t.db, 'count', 'c', new Date(now.getTime() + 5), 60_000)).toBe(true);
    expect((await runJobOnce(t.db, job, 'd', new Date(now.getTime() + 6))).ran).toBe(false);
    expect(runs).toBe(2);
  });

  it('a worker job prunes rate-limit counters of windows long gone, and keeps the open ones', async () => {
    const job = jobs().find((j) => j.name === 'security.prune_rate_limits');
    expect(job?.intervalMs).toBeLessThanOrEqual(60 * 60_000);
    const now = new Date('2026-11-22T08:00:00Z');
    const hour = 60 * 60_000;
    const old = rateLimitKey('test.prune', 'old');
    const open = rateLimitKey('test.prune', 'open');
    await consume(t.db, old, { points: 5, windowMs: hour }, new Date(now.getTime() - 3 * 24 * hour));
    await consume(t.db, open, { points: 5, windowMs: hour }, new Date(now.getTime() - 10 * 60_000));
    expect((await runJobOnce(t.db, job!, 'w', now)).result).toEqual({ pruned: 1 });
    const keys = await t.db.selectFrom('rate_limits').select('key').where('key', 'like', 'test.prune:%').execute();
    expect(keys.map((k) => k.key)).toEqual([open]);
    // The open window still counts.
    expect(await peek(t.db, open, { points: 5, windowMs: hour }, now)).toBe(1);
  });
});
