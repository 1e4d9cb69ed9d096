// Migration 2026_12_05_0300_plan_target_groups on a database with plans made before it (both dialects):
// items that reached fewer PNS than their plan's count become named groups of that count, so the per-PNS
// 20 JP check reads them as they were meant; items for everyone stay for everyone; it also reverts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR, migrateDownOne, migrateToLatest } from '../../src/server/db/migrator.ts';
import { loadReference } from '../../src/server/reference/reference.loader.ts';
import { checkPlan } from '../../src/server/development/development.service.ts';
import { listPlanGroups, listPlanItems } from '../../src/server/development/development.repository.ts';
import { createTestDb, dialectName, type TestDb } from '../support/db.ts';

const MINE = '2026_12_05_0300_plan_target_groups.ts';
let t: TestDb;
let dir: string;

beforeAll(async () => {
  t = await createTestDb({ migrate: false });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-plan-groups-'));
  for (const name of fs.readdirSync(MIGRATIONS_DIR))
    if (name.endsWith('.ts') && name < MINE) fs.symlinkSync(path.join(MIGRATIONS_DIR, name), path.join(dir, name));
});
afterAll(async () => {
  await t?.cleanup();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe(`plan target groups migration (${dialectName})`, () => {
  it('turns partial targets into named groups and keeps everyone-items for everyone', async () => {
    await migrateToLatest(t.db, dir);
    await loadReference(t.db, 'palembang');
    const db = t.db as never as import('kysely').Kysely<any>;
    const dept = await db.selectFrom('departments').select('id').where('code', '=', 'DINKES').executeTakeFirstOrThrow();
    const plan = await db
      .insertInto('training_plans')
      .values({ department_id: dept.id, year: 2026, officer_count: 10, created_at: 1, updated_at: 1 })
      .returning('id')
      .executeTakeFirstOrThrow();
    const item = (position: number, target: string, target_count: number, jp: number) => ({
      plan_id: plan.id,
      position,
      kind: 'teknis',
      target,
      target_count,
      jalur: 'klasikal',
      bentuk: 'pelatihan',
      jp,
      updated_at: 1,
    });
    await db
      .insertInto('training_plan_items')
      .values([
        item(1, 'Seluruh PNS', 10, 12),
        item(2, 'Petugas loket', 4, 8),
        item(3, 'Petugas loket', 4, 4),
        item(4, 'Petugas loket', 2, 8),
      ])
      .execute();

    expect(await migrateToLatest(t.db)).toContain(MINE.replace('.ts', ''));
    const groups = await listPlanGroups(t.db, Number(plan.id));
    expect(groups.map((g) => [g.name, g.head_count])).toEqual([
      ['Petugas loket', 4],
      ['Petugas loket (2)', 2],
    ]);
    const items = await listPlanItems(t.db, Number(plan.id));
    expect(
      items.map((i) => [
        i.target_count,
        i.target_group_id === null ? null : groups.find((g) => g.id === i.target_group_id)!.name,
        i.target_nips,
      ]),
    ).toEqual([
      [10, null, ''],
      [4, 'Petugas loket', ''],
      [4, 'Petugas loket', ''],
      [2, 'Petugas loket (2)', ''],
    ]);
    // Per PNS: loket 4 get 12 + 8 + 4 = 24, the second group 20, the other 4 only 12.
    const jp = checkPlan(items, groups, 10);
    expect(jp.rows.map((r) => [r.groupName, r.headCount, r.jpPerPns])).toEqual([
      ['Petugas loket', 4, 24],
      ['Petugas loket (2)', 2, 20],
      [null, 4, 12],
    ]);
    expect(jp.pnsBelow).toBe(4);
  });

  it('reverts and applies again', async () => {
    // Later migrations (other branches) are reverted first.
    const reverted: (string | undefined)[] = [];
    while (reverted.at(-1) !== MINE.replace('.ts', '') && reverted.length < 10) reverted.push(await migrateDownOne(t.db));
    expect(reverted.at(-1)).toBe(MINE.replace('.ts', ''));
    expect(await migrateToLatest(t.db)).toEqual([...reverted].reverse());
  });
});
