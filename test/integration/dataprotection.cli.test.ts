// `npm run cli -- retention [--dry-run]` and `npm run cli -- breach-report --from --to`, run as an operator would.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dialectName, type TestDb } from '../support/db.ts';
import { appendAudit } from '../../src/server/audit/audit.repository.ts';

const root = path.resolve(import.meta.dirname, '../..');
let t: TestDb;
let dir: string;
const LONG_AGO = Date.parse('2020-03-01T00:00:00Z');

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [path.join(root, 'src/cli/index.ts'), ...args], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: t.url, LOG_LEVEL: 'silent', UPLOAD_DIR: dir },
    encoding: 'utf8',
  });
  return { code: r.status, out: r.stdout + r.stderr };
}

beforeAll(async () => {
  t = await createTestDb();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-dp-cli-'));
  const category = await t.db.selectFrom('categories').select('id').where('code', '=', 'lainnya').executeTakeFirstOrThrow();
  await t.db
    .insertInto('complaints')
    .values({
      code: 'PLG-20-RETENS',
      access_key_hash: 'x'.repeat(64),
      category_id: category.id,
      title: 'Lama',
      description: 'Pengaduan lama',
      kecamatan_code: '16.71.01',
      kelurahan_code: '16.71.01.1001',
      privacy: 'public',
      state: 'closed',
      reporter_name: 'Hendra Gunawan Lama',
      reporter_email: 'hendra.lama@example.test',
      submitted_at: LONG_AGO,
      verification_due_at: LONG_AGO,
      closed_at: LONG_AGO,
      updated_at: LONG_AGO,
    })
    .execute();
  await appendAudit(t.db, {
    actor: { id: 1, role: 'verifier' },
    action: 'complaint.contact_viewed',
    objectType: 'complaint',
    objectId: 'PLG-20-RETENS',
    at: new Date('2026-11-20T10:00:00Z'),
  });
});
afterAll(async () => {
  await t?.cleanup();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe(`cli data protection (${dialectName})`, () => {
  it('breach-report lists whose contact data was viewed in the window', () => {
    const r = cli(['breach-report', '--from', '2026-11-20T00:00:00Z', '--to', '2026-11-21T00:00:00Z']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    expect(report.subjects).toHaveLength(1);
    expect(report.subjects[0]).toMatchObject({ email: 'hendra.lama@example.test', complaints: ['PLG-20-RETENS'], accesses: 1 });
    expect(JSON.parse(cli(['breach-report', '--from', '2026-11-21T00:00:00Z', '--to', '2026-11-22T00:00:00Z']).out).subjects).toEqual([]);
    expect(cli(['breach-report', '--from', 'kemarin']).code).toBe(2);
  });

  it('retention --dry-run reports and changes nothing; retention anonymises; a second run has nothing to do', async () => {
    const dry = cli(['retention', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.out)).toMatchObject({ dryRun: true, complaintsAnonymised: 1, complaintCodes: ['PLG-20-RETENS'] });
    const still = await t.db
      .selectFrom('complaints')
      .select('reporter_email')
      .where('code', '=', 'PLG-20-RETENS')
      .executeTakeFirstOrThrow();
    expect(still.reporter_email).toBe('hendra.lama@example.test');

    expect(JSON.parse(cli(['retention']).out)).toMatchObject({ dryRun: false, complaintsAnonymised: 1 });
    const after = await t.db
      .selectFrom('complaints')
      .select(['reporter_email', 'reporter_name', 'state'])
      .where('code', '=', 'PLG-20-RETENS')
      .executeTakeFirstOrThrow();
    expect(after).toEqual({ reporter_email: null, reporter_name: null, state: 'closed' });
    expect(JSON.parse(cli(['retention']).out)).toMatchObject({ complaintsAnonymised: 0, photosDeleted: 0 });
  });
});
