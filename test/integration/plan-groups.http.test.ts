// The plan editor's target groups and per-PNS 20 JP check over HTTP without JavaScript (both dialects):
// groups are added with plain forms (422 keeps the input), finalising a plan where 12 of 120 PNS get 200 JP
// is refused naming the 108 left at 0 JP, a stale form answers 409, and the plan is accepted once every
// PNS reaches 20 JP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dialectName, type TestDb } from '../support/db.ts';
import { getPage, postForm } from '../support/forms.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { createTestUser, sessionCookie } from '../support/users.ts';

let db: TestDb;
let server: RunningServer;
let hr: string;
let dinkesManager: string;
const PLAN = '/reports/development/plan?department=PUPR&year=2027';
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
const item = (over: Record<string, string>) => ({
  intent: 'add',
  competency: '',
  kind: 'teknis',
  target: 'Uji',
  jalur: 'klasikal',
  bentuk: 'pelatihan',
  jp: '20',
  ...over,
});

beforeAll(async () => {
  db = await createTestDb();
  const pupr = await db.db.selectFrom('departments').select('id').where('code', '=', 'PUPR').executeTakeFirstOrThrow();
  await db.db
    .insertInto('training_plans')
    .values({ department_id: pupr.id, year: 2027, officer_count: 1, created_by: null, created_at: 1, updated_at: 1 })
    .execute();
  server = await startServer({ DATABASE_URL: db.url });
  hr = await sessionCookie(db.db, (await createTestUser(db.db, { role: 'hr' })).id);
  dinkesManager = await sessionCookie(db.db, (await createTestUser(db.db, { role: 'manager', departmentCode: 'DINKES' })).id);
});
afterAll(async () => {
  await server?.stop();
  await db?.cleanup();
});

const post = (fields: Record<string, string>, cookie = hr) => postForm(server.url, PLAN, fields, { cookie });
const version = async () => /name="version" value="(\d+)"/.exec((await getPage(server.url, PLAN, { cookie: hr })).html)![1]!;

describe(`plan target groups over HTTP (${dialectName})`, () => {
  it('refuses 12 × 200 JP in a 120-PNS plan, naming the shortfall, then accepts 20 JP for everyone', async () => {
    expect((await post({ intent: 'officers', officer_count: '120' })).status).toBe(303);
    const bad = await post({ intent: 'group-add', group_name: 'Pejabat fungsional teknis', head_count: '0' });
    expect(bad.status).toBe(422);
    expect(bad.html).toContain('id="ga-head_count-error"');
    expect(bad.html).toMatch(
      /id="ga-group_name"[^>]*value="Pejabat fungsional teknis"|value="Pejabat fungsional teknis"[^>]*id="ga-group_name"/,
    );
    expect((await post({ intent: 'group-add', group_name: 'Pejabat fungsional teknis', head_count: '12' })).status).toBe(303);
    const page = await getPage(server.url, PLAN, { cookie: hr });
    const groupId = /<option value="(\d+)"[^>]*>Pejabat fungsional teknis \(12\)/.exec(page.html)![1]!;
    expect((await post({ intent: 'group-add', group_name: 'Terlalu banyak', head_count: '109' })).status).toBe(422);
    expect((await post(item({ target_group: groupId, jp: '200' }))).status).toBe(303);
    const inUse = await post({ intent: 'group-remove', group: groupId });
    expect(inUse.status).toBe(422);
    expect(inUse.html).toContain('Kelompok masih menjadi sasaran kegiatan');
    const rename = await post({ intent: 'group-update', group: groupId, group_name: 'Pejabat fungsional teknis', head_count: '500' });
    expect(rename.status).toBe(422);
    expect(rename.html).toContain(`id="g${groupId}-head_count-error"`);
    expect(rename.html).toMatch(new RegExp(`id="g${groupId}-head_count"[^>]*value="500"`));
    const fin = await post({ intent: 'status', status: 'final' });
    expect(fin.status).toBe(422);
    expect(text(fin.html)).toContain('108 PNS di kelompok PNS di luar kelompok bernama baru direncanakan 0 JP; kurang 20 JP');
    // The check table shows the group at 200 JP and the rest at 0.
    expect(fin.html).toMatch(new RegExp(`data-group="${groupId}"[^]*?>12<[^]*?>200<`));
    // A form rendered before the last change is refused as stale.
    const before = await version();
    expect((await post(item({ target_group: 'all', jp: '20', version: before }))).status).toBe(303);
    expect((await post({ intent: 'status', status: 'final', version: before })).status).toBe(409);
    // Another department's manager cannot touch it.
    expect((await post({ intent: 'group-add', group_name: 'X', head_count: '1' }, dinkesManager)).status).toBe(404);
    // A named PNS: the page lists the NIP, the export only counts it (a plan export names no officer).
    expect((await post(item({ target_group: groupId, target_nips: '198801012015011001', jp: '2' }))).status).toBe(303);
    expect((await getPage(server.url, PLAN, { cookie: hr })).html).toContain('198801012015011001');
    const csv = await (
      await fetch(`${server.url}/reports/development/plan.csv?department=PUPR&year=2027`, { headers: { cookie: hr } })
    ).text();
    expect(csv).toContain('Kelompok sasaran');
    expect(csv).toContain('Pejabat fungsional teknis (12)');
    expect(csv).toContain('Pejabat fungsional teknis: 1 PNS bernama (NIP)');
    expect(csv).toContain('PNS yang direncanakan kurang dari 20 JP: 0 dari 120');
    expect(csv).not.toContain('198801012015011001');
    const ok = await post({ intent: 'status', status: 'final', version: await version() });
    expect(ok.status).toBe(303);
    expect((await getPage(server.url, PLAN, { cookie: hr })).html).toContain('Final (ditetapkan)');
    expect((await db.db.selectFrom('training_plans').select('status').where('year', '=', 2027).executeTakeFirstOrThrow()).status).toBe(
      'final',
    );
  });
});
