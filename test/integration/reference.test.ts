// Migrations and the reference loader on the dialect under test (SQLite, or PostgreSQL via TEST_DATABASE_URL).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { migrateToLatest, pendingMigrations, MigrationError, MIGRATIONS_DIR } from '../../src/server/db/migrator.ts';
import { loadReference, readReference } from '../../src/server/reference/reference.loader.ts';
import { listAreas, listCategories, listDepartments, listHolidays } from '../../src/server/reference/reference.repository.ts';
import { createTestDb, dialectName, type TestDb } from '../support/db.ts';

let t: TestDb | undefined;
afterEach(async () => {
  await t?.cleanup();
  t = undefined;
});

describe(`migrations and reference data (${dialectName})`, () => {
  it('migrates an empty database and reports nothing pending after', async () => {
    t = await createTestDb({ migrate: false });
    expect((await pendingMigrations(t.db)).length).toBeGreaterThan(0);
    const applied = await migrateToLatest(t.db);
    expect(applied).toContain('2026_11_22_1400_reference');
    expect(await pendingMigrations(t.db)).toEqual([]);
    expect(await migrateToLatest(t.db)).toEqual([]);
  });

  it('loads Palembang: 8 departments, 18 kecamatan, 107 kelurahan, 25 days off', async () => {
    t = await createTestDb({ reference: false });
    const r = await loadReference(t.db, 'palembang');
    expect(r.skipped).toBe(false);
    const areas = await listAreas(t.db);
    expect(areas.filter((a) => a.level === 'kecamatan')).toHaveLength(18);
    expect(areas.filter((a) => a.level === 'kelurahan')).toHaveLength(107);
    const kelurahan35 = areas.find((a) => a.code === '16.71.01.1001')!;
    expect(kelurahan35).toMatchObject({ name: 'Tiga-puluh-lima Ilir', common_name: '35 Ilir', parent_code: '16.71.01' });
    expect(await listDepartments(t.db)).toHaveLength(8);
    const holidays = await listHolidays(t.db, '2026-01-01', '2026-12-31');
    expect(holidays).toHaveLength(25);
    expect(holidays.find((h) => h.date === '2026-03-20')).toMatchObject({ kind: 'cuti_bersama' });
    const cats = await listCategories(t.db);
    const jalan = cats.find((c) => c.code === 'jalan-rusak')!;
    expect(jalan).toMatchObject({ department_code: 'PUPR', auto_route: 1, response_days: 5, resolution_days: 60 });
    expect(cats.find((c) => c.code === 'lainnya')).toMatchObject({ department_id: null, auto_route: 0 });
  });

  it('loads nothing twice and keeps an admin’s later edits', async () => {
    t = await createTestDb({ reference: false });
    await loadReference(t.db, 'palembang');
    await t.db.updateTable('categories').set({ resolution_days: 30 }).where('code', '=', 'sampah').execute();
    const again = await loadReference(t.db, 'palembang');
    expect(again.skipped).toBe(true);
    // Even when the files change (new checksum), existing rows are matched by key, not duplicated.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-ref-'));
    fs.cpSync(path.join(path.dirname(MIGRATIONS_DIR), 'reference', 'palembang'), path.join(dir, 'palembang'), { recursive: true });
    fs.appendFileSync(path.join(dir, 'palembang', 'holidays.csv'), '2026-06-20,Hari Jadi Kota (uji),libur_daerah\n');
    const changed = await loadReference(t.db, 'palembang', { dir });
    fs.rmSync(dir, { recursive: true });
    expect(changed.skipped).toBe(false);
    expect(changed.inserted).toMatchObject({ holidays: 1, departments: 0, categories: 0, areas: 0 });
    expect(await listDepartments(t.db)).toHaveLength(8);
    const sampah = (await listCategories(t.db)).find((c) => c.code === 'sampah');
    expect(sampah?.resolution_days).toBe(30);
  });

  it('a failing migration leaves the database as it was', async () => {
    t = await createTestDb({ migrate: false });
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-mig-'));
    const dir = path.join(root, 'migrations');
    fs.mkdirSync(dir);
    for (const f of fs.readdirSync(MIGRATIONS_DIR)) fs.copyFileSync(path.join(MIGRATIONS_DIR, f), path.join(dir, f));
    fs.writeFileSync(
      path.join(dir, '2999_01_01_0000_broken.ts'),
      `import { sql } from 'kysely';
export async function up(db) {
  await db.schema.createTable('half_done').addColumn('x', 'integer').execute();
  await sql\`this is not sql\`.execute(db);
}
export async function down() {}
`,
    );
    // The kit the copied migrations import sits one folder up from them.
    fs.copyFileSync(path.join(path.dirname(MIGRATIONS_DIR), 'migration-kit.ts'), path.join(root, 'migration-kit.ts'));
    await expect(migrateToLatest(t.db, dir)).rejects.toThrow(MigrationError);
    fs.rmSync(root, { recursive: true });
    const tables = await t.db.introspection.getTables();
    expect(tables.map((x) => x.name)).not.toContain('half_done');
    expect(tables.map((x) => x.name)).not.toContain('departments');
    expect(await pendingMigrations(t.db)).toContain('2026_11_22_1400_reference');
  });

  it('enforces foreign keys and checks', async () => {
    t = await createTestDb();
    await expect(
      t.db
        .insertInto('areas')
        .values({ code: '16.71.99.9999', name: 'X', common_name: 'X', level: 'kelurahan', parent_code: '16.71.99', city: 'X' })
        .execute(),
    ).rejects.toThrow();
    await expect(
      t.db
        .insertInto('holidays')
        .values({ date: '2026-07-01', name: 'X', kind: 'bogus' as never })
        .execute(),
    ).rejects.toThrow();
    const n = await sql<{ n: number }>`select count(*) as n from departments`.execute(t.db);
    expect(Number(n.rows[0]!.n)).toBe(8);
  });

  it('validates the reference files of every shipped region', () => {
    for (const region of ['palembang', 'jakarta', 'palu']) {
      const r = readReference(region);
      expect(r.areas.length).toBeGreaterThan(50);
      expect(r.holidays).toHaveLength(25);
    }
    expect(readReference('jakarta').areas.filter((a) => a.level === 'kecamatan')).toHaveLength(44);
    expect(readReference('palu').areas.filter((a) => a.level === 'kecamatan')).toHaveLength(8);
  });
});
