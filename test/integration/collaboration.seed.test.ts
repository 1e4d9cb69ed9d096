// seed-demo's supporting tasks (issue 26): a realistic share of the demo complaints, some declined and some
// late, each consistent with its complaint (never open on a resolved one, never ending after its resolution,
// due by the complaint's resolution due date) and each with its events on the complaint's timeline.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dialectName, type TestDb } from '../support/db.ts';
import { seedDemo } from '../../src/server/demo/seed-demo.ts';

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => db?.cleanup());

describe(`seed-demo with departments working together (${dialectName})`, () => {
  it('adds consistent supporting tasks to a share of the complaints', async () => {
    const now = new Date('2026-11-20T10:00:00+07:00');
    const r = await seedDemo(db.db, { complaints: 1500, seed: 5, now });
    const rows = await db.db
      .selectFrom('support_requests as s')
      .innerJoin('complaints as c', 'c.id', 's.complaint_id')
      .select([
        's.id',
        's.state',
        's.due_at',
        's.requested_at',
        's.accepted_at',
        's.ended_at',
        's.lead_department_id',
        's.supporting_department_id',
        's.complaint_id',
        'c.state as complaint_state',
        'c.resolved_at',
        'c.resolution_due_at',
        'c.department_id',
      ])
      .execute();
    expect(rows.length).toBe(r.support.requests);
    // About 6 % of 1,500 complaints handled by a department.
    expect(rows.length).toBeGreaterThan(40);
    expect(rows.length).toBeLessThan(150);
    expect(r.support.declined).toBeGreaterThan(0);
    expect(r.support.late).toBeGreaterThan(0);
    expect(rows.filter((x) => x.state === 'done' && Number(x.ended_at) > Number(x.due_at)).length).toBeGreaterThan(0);
    for (const x of rows) {
      const label = JSON.stringify(x);
      expect(x.supporting_department_id, label).not.toBe(x.lead_department_id);
      expect(Number(x.due_at), label).toBeGreaterThan(Number(x.requested_at));
      expect(Number(x.due_at), label).toBeLessThanOrEqual(Number(x.resolution_due_at));
      if (x.accepted_at !== null) expect(Number(x.accepted_at), label).toBeGreaterThan(Number(x.requested_at));
      if (x.ended_at !== null) expect(Number(x.ended_at), label).toBeGreaterThanOrEqual(Number(x.accepted_at ?? x.requested_at));
      expect(Number(x.ended_at ?? x.accepted_at ?? x.requested_at), label).toBeLessThan(now.getTime());
      if (x.state === 'requested' || x.state === 'accepted')
        expect(['assigned', 'in_progress', 'reopened'], label).toContain(x.complaint_state);
      if (x.resolved_at !== null && x.ended_at !== null) expect(Number(x.ended_at), label).toBeLessThan(Number(x.resolved_at));
    }
    const ev = await db.db
      .selectFrom('complaint_events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('action', '=', 'support_request')
      .executeTakeFirstOrThrow();
    expect(Number(ev.n)).toBe(rows.length);
  });
});
