// Operator commands run as an operator would: `npm run cli -- …` (here: node src/cli/index.ts …).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dialectName, type TestDb } from '../support/db.ts';

const root = path.resolve(import.meta.dirname, '../..');
let t: TestDb;
let dir: string;

function cli(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [path.join(root, 'src/cli/index.ts'), ...args], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: t.url, LOG_LEVEL: 'silent', ...env },
    encoding: 'utf8',
  });
  return { code: r.status, out: r.stdout + r.stderr };
}

beforeAll(async () => {
  t = await createTestDb({ migrate: false });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-cli-'));
});
afterAll(async () => {
  await t?.cleanup();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe(`cli (${dialectName})`, () => {
  it('lists its commands', () => {
    const r = cli(['help']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('migrate');
    expect(r.out).toContain('backup');
  });

  it('region-check prints every problem of a folder with its file and line, and passes a shipped region', () => {
    const bad = cli(['region-check', 'test/fixtures/regions/sla-out-of-range']);
    expect(bad.code).toBe(1);
    expect(bad.out).toContain(
      'test/fixtures/regions/sla-out-of-range/categories.csv:2: jalan-rusak: response_days 30 outside 1–14 working days',
    );
    expect(bad.out).toContain(
      'test/fixtures/regions/sla-out-of-range/categories.csv:3: sampah: resolution_days 7 is shorter than response_days 10',
    );
    expect(bad.out).toContain('3 problems');
    const ok = cli(['region-check', 'db/reference/palu']);
    expect(ok).toMatchObject({ code: 0 });
    expect(ok.out).toContain('palu: ok');
    expect(cli(['region-check']).code).toBe(2);
  });

  it('migrate applies migrations and loads the reference configuration, then has nothing to do', () => {
    const first = cli(['migrate']);
    expect(first.code).toBe(0);
    expect(first.out).toContain('applied:');
    expect(first.out).toMatch(/reference palembang: \{/);
    const second = cli(['migrate']);
    expect(second.out).toContain('database is up to date');
    expect(second.out).toContain('already loaded');
  });

  it('migrate-down refuses without --yes, then reverts exactly the last migration, which migrate applies again', () => {
    const last = fs
      .readdirSync(path.join(root, 'db/migrations'))
      .filter((n) => n.endsWith('.ts'))
      .sort()
      .at(-1)!
      .replace(/\.ts$/, '');
    const refused = cli(['migrate-down']);
    expect(refused.code).toBe(2);
    expect(refused.out).toContain('--yes');
    expect(cli(['migrate']).out).toContain('database is up to date');

    const down = cli(['migrate-down', '--yes']);
    expect(down.code).toBe(0);
    expect(down.out.trim()).toBe(`reverted: ${last}`);
    const again = cli(['migrate']);
    expect(again.code).toBe(0);
    expect(again.out).toContain(`applied: ${last}\n`);
  });

  it('backup writes a consistent copy (SQLite) or says how to back up PostgreSQL', () => {
    const file = path.join(dir, 'backup.db');
    const r = cli(['backup', file]);
    expect(r.code).toBe(0);
    if (dialectName === 'postgres') {
      expect(r.out).toContain('pg_dump');
      return;
    }
    expect(r.out).toContain('integrity ok');
    const copy = new SqliteDatabase(file, { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    expect((copy.prepare('select count(*) n from areas').get() as { n: number }).n).toBe(125);
    copy.close();
    // It never overwrites an existing file.
    expect(cli(['backup', file]).code).toBe(1);
  });

  it('refresh-reports stores the durations a report would only overlay, and empties the waiting list', async () => {
    expect(cli(['migrate']).code).toBe(0);
    // The first run times everything with this calendar; later runs catch up on what changed.
    const first = cli(['refresh-reports']);
    expect(first.code, first.out).toBe(0);
    expect(first.out).toMatch(/durations (retimed|updated): \d+ complaints/);
    // A changed complaint waiting for its rows (here one since deleted: its rows go).
    await t.db.insertInto('report_durations_dirty').values({ complaint_id: 987654, had_group: 0 }).execute();
    const r = cli(['refresh-reports']);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain('durations updated: 1 complaints');
    expect(await t.db.selectFrom('report_durations_dirty').selectAll().execute()).toEqual([]);
  });

  it('refuses unknown commands and options', () => {
    expect(cli(['frobnicate']).code).toBe(2);
    expect(cli(['backup', '--bogus']).code).toBe(1);
  });
});
