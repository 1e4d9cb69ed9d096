// seed-demo for Palu and Jakarta: the region's own departments, kecamatan and tracking prefix, due
// times in the region's zone (WITA for Palu), and the scripted fast closer found by role (the
// department that handles damaged roads) rather than by Palembang's PUPR code.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/server/config.ts';
import { seedDemo } from '../../src/server/demo/seed-demo.ts';
import { createTestDb, dialectName, type TestDb } from '../support/db.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = new Date('2026-11-20T09:00:00Z');

describe.each([
  { region: 'palu', prefix: 'PAL', offsetHours: 8, roads: 'DPU', kecamatanPrefix: '72.71.' },
  { region: 'jakarta', prefix: 'JKT', offsetHours: 7, roads: 'BINAMARGA', kecamatanPrefix: '31.' },
])(`seed-demo for $region (${dialectName})`, (r) => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb({ reference: r.region });
    await seedDemo(db.db, { complaints: 150, seed: 2, now: NOW, timeZone: parseConfig({ REGION: r.region }).timeZone });
  });
  afterAll(async () => {
    await db?.cleanup();
  });

  it("files complaints with the region's prefix, kecamatan and departments", async () => {
    const rows = await db.db
      .selectFrom('complaints as c')
      .leftJoin('departments as d', 'd.id', 'c.department_id')
      .select(['c.code', 'c.kecamatan_code', 'd.code as department'])
      .execute();
    expect(rows).toHaveLength(150);
    for (const c of rows) {
      expect(c.code).toMatch(new RegExp(`^${r.prefix}-\\d{2}-`));
      expect(c.kecamatan_code.startsWith(r.kecamatanPrefix)).toBe(true);
    }
    const own = new Set((await db.db.selectFrom('departments').select('code').execute()).map((d) => d.code));
    const used = new Set(rows.map((c) => c.department).filter((d) => d !== null));
    expect(used.size).toBeGreaterThan(3);
    for (const d of used) expect(own.has(d!)).toBe(true);
    const managers = await db.db.selectFrom('users').select('email').where('role', '=', 'manager').execute();
    expect(managers.map((m) => m.email)).toContain(`kepala.${r.roads.toLowerCase()}@demo.suarawarga.invalid`);
  });

  it('spreads officers over the units and routes complaints to them where the region has units', async () => {
    const units = await db.db.selectFrom('units').select('id').execute();
    const inUnits = await db.db.selectFrom('users').select('id').where('unit_id', 'is not', null).execute();
    const routed = await db.db
      .selectFrom('complaints as c')
      .innerJoin('units as u', 'u.id', 'c.unit_id')
      .select(['c.department_id', 'u.department_id as unit_department'])
      .execute();
    if (r.region === 'jakarta') {
      expect(units.length).toBeGreaterThan(0);
      expect(inUnits.length).toBeGreaterThan(0);
      expect(routed.length).toBeGreaterThan(0);
      // A unit is always one of the complaint's own department.
      expect(routed.every((c) => Number(c.department_id) === Number(c.unit_department))).toBe(true);
    } else {
      expect([units.length, inUnits.length, routed.length]).toEqual([0, 0, 0]);
    }
  });

  it("puts every due time at the end of a day in the region's zone", async () => {
    const dues = await db.db.selectFrom('complaints').select(['verification_due_at', 'response_due_at']).execute();
    const ends = (t: unknown) => (Number(t) + 1 + r.offsetHours * HOUR) % DAY === 0;
    expect(dues.every((d) => ends(d.verification_due_at) && (d.response_due_at === null || ends(d.response_due_at)))).toBe(true);
  });

  it('scripts the fast closer in the department that handles damaged roads', async () => {
    const fast = await db.db
      .selectFrom('complaints as c')
      .innerJoin('users as u', 'u.id', 'c.assignee_user_id')
      .select(['c.assigned_at', 'c.first_response_at', 'c.resolved_at'])
      .where('u.email', '=', `petugas3.${r.roads.toLowerCase()}@demo.suarawarga.invalid`)
      .where('c.state', 'in', ['resolved', 'closed'])
      .execute();
    const scripted = fast.filter(
      (c) =>
        Number(c.first_response_at) - Number(c.assigned_at) === 2 * 60_000 &&
        Number(c.resolved_at) - Number(c.first_response_at) === 2 * 60_000,
    );
    expect(scripted.length).toBeGreaterThan(0);
  });
});
