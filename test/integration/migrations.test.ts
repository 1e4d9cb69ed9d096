// Upgrading databases made at any commit: one created while a middle migration was not yet merged
// (it sorts before migrations it already ran) still migrates to the latest set.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR, migrateDownOne, migrateToLatest, pendingMigrations } from '../../src/server/db/migrator.ts';
import { createTestDb, dialectName, type TestDb } from '../support/db.ts';

const MIDDLE = '2026_11_22_1500_password_resets.ts';
let t: TestDb;
let dir: string;

beforeAll(async () => {
  t = await createTestDb({ migrate: false });
  // The migration set of a commit that had every migration but MIDDLE (merged later from another
  // branch). Symlinks, so each migration still imports its helpers from db/.
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-migrations-'));
  for (const name of fs.readdirSync(MIGRATIONS_DIR)) {
    if (name.endsWith('.ts') && name !== MIDDLE) fs.symlinkSync(path.join(MIGRATIONS_DIR, name), path.join(dir, name));
  }
});
afterAll(async () => {
  await t?.cleanup();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe(`migrations across merged branches (${dialectName})`, () => {
  it('applies a migration merged in after later-named ones already ran', async () => {
    const early = await migrateToLatest(t.db, dir);
    expect(early).not.toContain(MIDDLE.replace('.ts', ''));
    expect(await pendingMigrations(t.db)).toEqual([MIDDLE.replace('.ts', '')]);

    // Kysely's default refuses this ("corrupted migrations: expected previously executed migration … at index 6").
    expect(await migrateToLatest(t.db)).toEqual([MIDDLE.replace('.ts', '')]);
    expect(await pendingMigrations(t.db)).toEqual([]);
    const { rows } = await sql<{ n: number }>`select count(*) as n from password_resets`.execute(t.db);
    expect(Number(rows[0]!.n)).toBe(0);
  });

  it('reverts the migration applied last, which is the merged-in one, not the last by name', async () => {
    expect(await migrateDownOne(t.db)).toBe(MIDDLE.replace('.ts', ''));
    expect(await pendingMigrations(t.db)).toEqual([MIDDLE.replace('.ts', '')]);
    expect(await migrateToLatest(t.db)).toEqual([MIDDLE.replace('.ts', '')]);
  });
});
