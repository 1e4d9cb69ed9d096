// Job leases: one server at a time runs a job; a lease expires; results are recorded.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireJobLease, runJobOnce, type Job } from '../../src/server/jobs/jobs.ts';
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
});
