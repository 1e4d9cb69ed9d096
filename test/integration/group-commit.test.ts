// Group commit (src/server/db/group-commit.ts): on SQLite, concurrent filings and their rate-limit
// counts share one transaction, each in its own savepoint, and nobody hears "done" before the commit.
// A filing that fails inside the group loses nothing of the others; the same form filed twice in one
// group is one complaint; per-device limits count every filing of the group; a query from elsewhere
// waits for the group and then sees it committed; a group whose COMMIT fails leaves nothing behind
// and fails every unit. On PostgreSQL there is no grouping (one transaction per request), and the
// same filing outcomes hold.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dialectName, type TestDb } from '../support/db.ts';
import { loadCalendar } from '../../src/server/calendar/calendar.repository.ts';
import { submitComplaint, type SubmitContext } from '../../src/server/complaints/complaints.service.ts';
import type { NewComplaintInput } from '../../src/server/complaints/complaints.schema.ts';
import type { WorkingCalendar } from '../../src/server/calendar/calendar.ts';
import { countFiling } from '../../src/server/complaints/filing-limits.ts';
import { accessKeyForForm, newFormId } from '../../src/server/complaints/form-token.ts';
import { configureGroupCommit, groupCommitter, type GroupCommitter } from '../../src/server/db/group-commit.ts';

let db: TestDb;
let uploadDir: string;
let calendar: WorkingCalendar;
/** A wide window, so the work a test starts at once lands in one group (SQLite only). */
let committer: GroupCommitter | undefined;
const now = new Date('2026-11-23T09:00:00+07:00');
const FAIL_TITLE = 'Ditolak oleh pemicu uji';

function input(title: string): NewComplaintInput {
  return {
    category: 'pencemaran',
    title,
    description: 'Setiap sore bau limbah menyengat dari saluran di belakang pabrik tahu.',
    kecamatan: undefined,
    kelurahan: '16.71.01.1001',
    address: 'Jl. Contoh',
    latitude: undefined,
    longitude: undefined,
    privacy: 'public',
    show_name: false,
    name: 'Siti Pelapor',
    email: 'siti@example.test',
    phone: undefined,
  } as NewComplaintInput;
}

function ctx(over: Partial<SubmitContext> = {}): SubmitContext {
  return { user: null, now, calendar, uploadDir, siteUrl: 'http://portal.test', locale: 'id', ...over };
}

beforeAll(async () => {
  db = await createTestDb();
  uploadDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-group-'));
  calendar = await loadCalendar(db.db, 'Asia/Jakarta');
  committer = configureGroupCommit(db.db, { windowMs: 150 });
  // A filing refused inside its transaction, as a constraint would refuse it.
  if (dialectName === 'sqlite') {
    await sql
      .raw(
        `create trigger test_refuse before insert on complaints when new.title = '${FAIL_TITLE}' begin select raise(abort, 'refused by test'); end`,
      )
      .execute(db.db);
  } else {
    await sql
      .raw(
        `create function test_refuse() returns trigger language plpgsql as $$ begin
           if new.title = '${FAIL_TITLE}' then raise exception 'refused by test'; end if; return new; end $$;
         create trigger test_refuse before insert on complaints for each row execute function test_refuse()`,
      )
      .execute(db.db);
  }
});

afterAll(async () => {
  await db?.cleanup();
  fs.rmSync(uploadDir, { recursive: true, force: true });
});

const titled = (title: string) => db.db.selectFrom('complaints').select(['id', 'code']).where('title', '=', title).execute();
const groups = () => committer?.stats.groups ?? 0;

describe(`group commit (${dialectName})`, () => {
  it('is the SQLite path only', () => {
    expect(!!groupCommitter(db.db)).toBe(dialectName === 'sqlite');
  });

  it('a filing that fails inside the group loses nothing of the others', async () => {
    const before = groups();
    const titles = ['Grup A: saluran tersumbat', 'Grup A: lampu jalan mati', FAIL_TITLE, 'Grup A: sampah menumpuk'];
    const results = await Promise.allSettled(titles.map((t) => submitComplaint(db.db, input(t), [], ctx())));
    if (committer) expect(groups() - before, 'all four in one group').toBe(1);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(String((results[2] as PromiseRejectedResult).reason)).toContain('refused by test');
    expect(await titled(FAIL_TITLE)).toEqual([]);
    for (const [i, t] of titles.entries()) {
      if (t === FAIL_TITLE) continue;
      const rows = await titled(t);
      expect(rows, t).toHaveLength(1);
      const r = results[i] as PromiseFulfilledResult<Awaited<ReturnType<typeof submitComplaint>>>;
      expect(r.value.ok && r.value.code).toBe(rows[0]!.code);
      // The rest of its transaction is there too: event, audit row, outbox email.
      const code = rows[0]!.code;
      expect((await db.db.selectFrom('complaint_events').select('action').where('complaint_id', '=', rows[0]!.id).execute()).length).toBe(
        1,
      );
      expect((await db.db.selectFrom('audit_log').select('action').where('object_id', '=', code).execute()).map((a) => a.action)).toEqual([
        'complaint.submitted',
      ]);
      expect(await db.db.selectFrom('outbox').select('id').where('topic', '=', `complaint.submitted:${code}`).execute()).toHaveLength(1);
    }
  });

  it('the same form filed twice in one group is one complaint, and both get its receipt', async () => {
    const before = groups();
    const formId = newFormId();
    const form = { formId, accessKey: await accessKeyForForm(db.db, formId), suspect: null, staged: [] };
    const title = 'Grup B: ketuk dua kali';
    const [a, b, c] = await Promise.all([
      submitComplaint(db.db, input(title), [], ctx({ form })),
      submitComplaint(db.db, input(title), [], ctx({ form })),
      submitComplaint(db.db, input('Grup B: pengaduan lain'), [], ctx()),
    ]);
    if (committer) expect(groups() - before, 'all three in one group').toBe(1);
    const rows = await titled(title);
    expect(rows).toHaveLength(1);
    expect(a.ok && b.ok && c.ok).toBe(true);
    if (!a.ok || !b.ok) return;
    expect([a.code, b.code]).toEqual([rows[0]!.code, rows[0]!.code]);
    expect([a.repeated, b.repeated].sort()).toEqual([false, true]);
    expect(b.accessKey).toBe(a.accessKey);
    expect(await db.db.selectFrom('complaint_filings').select('form_id').where('form_id', '=', formId).execute()).toHaveLength(1);
    expect(await db.db.selectFrom('audit_log').select('id').where('object_id', '=', rows[0]!.code).execute()).toHaveLength(1);
    expect(await titled('Grup B: pengaduan lain')).toHaveLength(1);
  });

  it('counts every filing of one group against the device limit', async () => {
    const before = groups();
    const who = { deviceId: newFormId(), userId: null, ip: '203.0.113.77' };
    const limits = { perHour: 3, perAddressHour: 1000 };
    const verdicts = await Promise.all(Array.from({ length: 6 }, () => countFiling(db.db, who, limits, now)));
    if (committer) expect(groups() - before, 'all six in one group').toBe(1);
    // Three allowed, three refused (in queue order on SQLite; in whatever order the pool ran them on PostgreSQL).
    expect(verdicts.map((v) => v.allowed).sort()).toEqual([false, false, false, true, true, true]);
    if (committer) expect(verdicts.map((v) => v.allowed)).toEqual([true, true, true, false, false, false]);
    const rows = await db.db.selectFrom('rate_limits').select(['key', 'points']).where('key', 'like', 'complaint.device:%').execute();
    expect(rows.map((r) => Number(r.points))).toContain(6);
  });

  it('a query from elsewhere waits for the group, and sees it committed', async () => {
    if (!committer) return; // no group on PostgreSQL: each request commits on its own
    const title = 'Grup C: dibaca sesudah commit';
    let committed = 0;
    const filing = committer
      .run(async (trx) => {
        await trx
          .insertInto('settings')
          .values({ key: 'test_group_marker', value: title })
          .onConflict((oc) => oc.column('key').doUpdateSet({ value: title }))
          .execute();
        // Holds the group open across a real wait, as a slow unit would.
        await new Promise((r) => setTimeout(r, 100));
      })
      .then(() => (committed = Date.now()));
    // Started once the group runs (after its 150 ms window), while the unit waits.
    await new Promise((r) => setTimeout(r, 200));
    const read = db.db.selectFrom('settings').select('value').where('key', '=', 'test_group_marker').executeTakeFirst();
    const [row] = await Promise.all([read.then((r) => ({ r, at: Date.now() })), filing]);
    expect(row.r?.value).toBe(title);
    expect(row.at).toBeGreaterThanOrEqual(committed);
  });

  it('a group whose COMMIT fails keeps none of its units, and every unit hears so', async () => {
    if (!committer) return;
    await sql`create table test_parent (id integer primary key)`.execute(db.db);
    await sql`create table test_child (id integer primary key, parent_id integer references test_parent(id) deferrable initially deferred)`.execute(
      db.db,
    );
    const results = await Promise.allSettled([
      committer.run((trx) => sql`insert into test_parent (id) values (1)`.execute(trx)),
      // Checked only at COMMIT: the savepoint is released fine, the commit then fails.
      committer.run((trx) => sql`insert into test_child (id, parent_id) values (1, 99)`.execute(trx)),
      submitComplaint(db.db, input('Grup D: hilang bersama grupnya'), [], ctx()),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(String((results[0] as PromiseRejectedResult).reason)).toMatch(/FOREIGN KEY/i);
    expect((await sql<{ n: number }>`select count(*) as n from test_parent`.execute(db.db)).rows[0]!.n).toBe(0);
    expect(await titled('Grup D: hilang bersama grupnya')).toEqual([]);
    // The connection is usable afterwards and the next group commits.
    await committer.run((trx) => sql`insert into test_parent (id) values (2)`.execute(trx));
    expect((await sql<{ n: number }>`select count(*) as n from test_parent`.execute(db.db)).rows[0]!.n).toBe(1);
  });
});
