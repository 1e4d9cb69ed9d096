// A fresh, migrated database per test file: a temporary SQLite file, or its own PostgreSQL schema
// when TEST_DATABASE_URL=postgres://… is set.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createDb, type DbHandle, type DatabaseTarget } from '../../src/server/db/index.ts';
import { migrateToLatest } from '../../src/server/db/migrator.ts';
import { loadReference } from '../../src/server/reference/reference.loader.ts';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;
export const dialectName = TEST_DATABASE_URL?.startsWith('postgres') ? 'postgres' : 'sqlite';

export interface TestDb extends DbHandle {
  target: DatabaseTarget;
  /** DATABASE_URL value a child server process can use to reach the same data. */
  url: string;
  cleanup(): Promise<void>;
}

export async function createTestDb(opts: { migrate?: boolean; reference?: string | false } = {}): Promise<TestDb> {
  let target: DatabaseTarget;
  let url: string;
  let drop: () => Promise<void>;
  if (dialectName === 'postgres') {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
    target = { kind: 'postgres', url: TEST_DATABASE_URL!, schema };
    const u = new URL(TEST_DATABASE_URL!);
    u.searchParams.set('options', `-c search_path=${schema}`);
    url = u.toString();
    drop = async () => {
      const c = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await c.connect();
      await c.query(`drop schema ${schema} cascade`);
      await c.end();
    };
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-test-'));
    const file = path.join(dir, 'test.db');
    target = { kind: 'sqlite', file };
    url = file;
    drop = async () => fs.rmSync(dir, { recursive: true, force: true });
  }
  const handle = createDb(target);
  if (opts.migrate !== false) await migrateToLatest(handle.db);
  if (opts.migrate !== false && opts.reference !== false) await loadReference(handle.db, opts.reference ?? 'palembang');
  // The resolution-check sample draws on random tracking codes: off unless a test sets a share
  // (test/integration/resolution-checks.test.ts does); flagged resolutions still wait for a check.
  if (opts.migrate !== false)
    await handle.db
      .insertInto('settings')
      .values({ key: 'resolution_check_share', value: '0' })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: '0' }))
      .execute();
  return {
    ...handle,
    target,
    url,
    async cleanup() {
      await handle.db.destroy();
      await drop();
    },
  };
}
