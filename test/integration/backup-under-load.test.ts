// `npm run cli -- backup <file>` while residents keep filing complaints through the running server:
// the copy opens, passes the integrity check, and holds every complaint acknowledged before the backup
// started. SQLite only (PostgreSQL is backed up with pg_dump; the cli test covers its message).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { complaintFields, postComplaint } from '../support/complaints.ts';
import { createTestDb, dialectName, type TestDb } from '../support/db.ts';
import { startServer, type RunningServer } from '../support/server.ts';

const root = path.resolve(import.meta.dirname, '../..');

describe.runIf(dialectName === 'sqlite')('backup under load (sqlite)', () => {
  let db: TestDb;
  let server: RunningServer;
  let dir: string;

  beforeAll(async () => {
    db = await createTestDb();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-backup-'));
    server = await startServer({
      DATABASE_URL: db.url,
      UPLOAD_DIR: path.join(dir, 'uploads'),
      COMPLAINT_MIN_FILL_SECONDS: '0',
      COMPLAINTS_PER_HOUR: '1000000',
      COMPLAINTS_PER_ADDRESS_HOUR: '1000000',
    });
  });
  afterAll(async () => {
    await server?.stop();
    await db?.cleanup();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('produces a copy that opens, is intact and holds every complaint acknowledged before it started', { timeout: 120_000 }, async () => {
    const acknowledged: { title: string; at: number }[] = [];
    let stop = false;
    let failures = 0;
    const filer = async (f: number) => {
      for (let n = 0; !stop; n++) {
        const title = `f${f}-${n} Sampah menumpuk di tepi sungai`;
        const r = await postComplaint(server.url, complaintFields({ title }));
        await r.arrayBuffer();
        if (r.status === 303) acknowledged.push({ title, at: Date.now() });
        else failures += 1;
      }
    };
    const filers = [0, 1, 2].map(filer);
    // Let the filing get going, then back up while it continues.
    while (acknowledged.length < 30) await new Promise((r) => setTimeout(r, 50));
    const file = path.join(dir, 'copy.db');
    // Everything acknowledged so far, taken before the backup starts (a filter on `at < startedAt` lost
    // answers that came in the same millisecond).
    const before = acknowledged.map((a) => a.title);
    const startedAt = Date.now();
    const result = await new Promise<{ code: number | null; out: string }>((resolve) => {
      const child = spawn(process.execPath, [path.join(root, 'src/cli/index.ts'), 'backup', file], {
        cwd: root,
        env: { ...process.env, DATABASE_URL: db.url, LOG_LEVEL: 'silent' },
      });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (out += d));
      child.on('exit', (code) => resolve({ code, out }));
    });
    const endedAt = Date.now();
    // Keep filing a moment after the copy, then stop.
    await new Promise((r) => setTimeout(r, 300));
    stop = true;
    await Promise.all(filers);

    expect(result.out).toContain('integrity ok');
    expect(result.code).toBe(0);
    expect(failures).toBe(0);
    // Filing really went on while the backup command ran.
    expect(acknowledged.some((a) => a.at > startedAt && a.at < endedAt)).toBe(true);

    const copy = new SqliteDatabase(file, { readonly: true });
    try {
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      const titles = new Set((copy.prepare('select title from complaints').all() as { title: string }[]).map((r) => r.title));
      expect(before.length).toBeGreaterThanOrEqual(30);
      expect(before.filter((t) => !titles.has(t))).toEqual([]);
      // The copy is a real working database: its reference data and migrations came along.
      expect((copy.prepare('select count(*) as n from departments').get() as { n: number }).n).toBeGreaterThan(0);
    } finally {
      copy.close();
    }
  });
});
