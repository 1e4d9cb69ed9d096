// /reports and /statistics over HTTP with a seeded demo year: who may see what (a department manager
// only their department and its officers; HR everything), drill-downs, exports with the period and
// filters in the file, SVG charts as images with their own CSP, and the public page's ETag and
// absence of personal or per-officer data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { createTestDb, dialectName, type TestDb } from '../support/db.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { createTestUser, sessionCookie } from '../support/users.ts';
import { seedDemo } from '../../src/server/demo/seed-demo.ts';
import { publicSkm } from '../../src/server/surveys/skm.service.ts';

let db: TestDb;
let server: RunningServer;
let hrCookie: string;
let puprCookie: string;
let puprOfficers: { id: number; name: string }[];
let dinkesOfficers: { id: number; name: string }[];

beforeAll(async () => {
  db = await createTestDb();
  await seedDemo(db.db, { complaints: 1200, seed: 3, now: new Date() });
  server = await startServer({ DATABASE_URL: db.url, STATS_FRESHNESS_MS: '0' });
  hrCookie = await sessionCookie(db.db, (await createTestUser(db.db, { role: 'hr' })).id);
  puprCookie = await sessionCookie(db.db, (await createTestUser(db.db, { role: 'manager', departmentCode: 'PUPR' })).id);
  const officers = async (code: string) =>
    (
      await db.db
        .selectFrom('users')
        .innerJoin('departments', 'departments.id', 'users.department_id')
        .select(['users.id', 'users.name'])
        .where('departments.code', '=', code)
        .where('users.role', '=', 'officer')
        .execute()
    ).map((u) => ({ id: Number(u.id), name: u.name }));
  puprOfficers = await officers('PUPR');
  dinkesOfficers = await officers('DINKES');
});

afterAll(async () => {
  await server?.stop();
  await db?.cleanup();
});

const get = (p: string, cookie = '', headers: Record<string, string> = {}) =>
  fetch(`${server.url}${p}`, { headers: { cookie, ...headers }, redirect: 'manual' });

describe(`reports over HTTP (${dialectName})`, () => {
  it('are closed to visitors, residents, officers and verifiers', async () => {
    expect((await get('/reports')).status).toBe(303);
    for (const role of ['resident', 'officer', 'verifier'] as const) {
      const cookie = await sessionCookie(db.db, (await createTestUser(db.db, { role })).id);
      expect((await get('/reports', cookie)).status, role).toBe(404);
      expect((await get('/reports/export?table=department&format=csv', cookie)).status, role).toBe(404);
      expect((await get('/reports/complaints?metric=volume', cookie)).status, role).toBe(404);
      expect((await get('/reports/charts/trend.svg', cookie)).status, role).toBe(404);
    }
  });

  it('show HR every department and officer, with a league table and linked numbers', async () => {
    const r = await get('/reports?period=year', hrCookie);
    expect(r.status).toBe(200);
    expect(r.headers.get('cache-control')).toContain('no-store');
    const html = await r.text();
    expect(html).toContain('Dinas Pekerjaan Umum dan Penataan Ruang Kota Palembang');
    expect(html).toContain('Dinas Kesehatan Kota Palembang');
    expect(html).toContain('id="table-league"');
    for (const o of [...puprOfficers, ...dinkesOfficers]) expect(html).toContain(o.name);
    expect(html).toContain('/reports/complaints?');
    expect(html).toMatch(/<img class="chart" src="\/reports\/charts\/trend\.svg\?[^"]*" alt="[^"]+"/);
  });

  it('show a department manager only their department and its officers; other departments are 404', async () => {
    const html = await (await get('/reports?period=year', puprCookie)).text();
    for (const o of puprOfficers) expect(html).toContain(o.name);
    for (const o of dinkesOfficers) expect(html).not.toContain(o.name);
    expect(html).not.toContain('Dinas Kesehatan Kota Palembang');
    expect((await get('/reports?department=DINKES', puprCookie)).status).toBe(404);
    expect((await get(`/reports?officer=${dinkesOfficers[0]!.id}`, puprCookie)).status).toBe(404);
    expect((await get('/reports/complaints?metric=volume&department=DINKES', puprCookie)).status).toBe(404);
    expect((await get('/reports/export?table=officer&format=csv&department=DINKES', puprCookie)).status).toBe(404);
    expect((await get(`/reports?officer=${puprOfficers[0]!.id}`, puprCookie)).status).toBe(200);
    // The officer export of the manager lists PUPR officers only.
    const csv = await (await get('/reports/export?table=officer&format=csv&period=year', puprCookie)).text();
    expect(csv).toContain(puprOfficers[0]!.name);
    for (const o of dinkesOfficers) expect(csv).not.toContain(o.name);
  });

  it("put the scope's latest representative SKM index in the headline, linked to /statistics/skm", async () => {
    // The demo seeds two semesters of SKM per department, one department under its minimum sample.
    const latest = (await publicSkm(db.db)).map((x) => ({ code: x.code, name: x.name, p: x.periods.at(-1)! }));
    const fmt = (v: number) => v.toLocaleString('id-ID', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    const headline = (html: string) => /<div class="metric" data-key="skm"[\s\S]*?<\/dd>/.exec(html)![0];
    const pupr = latest.find((x) => x.code === 'PUPR')!;
    const mine = headline(await (await get('/reports?period=year', puprCookie)).text());
    if (pupr.p.representative) {
      expect(mine).toContain(`${fmt(pupr.p.index.converted!)} · ${pupr.p.index.mutu}`);
      expect(mine).toContain(`SKM ${pupr.p.survey.period} · ${pupr.p.index.n} responden`);
      expect(mine).toContain('href="/statistics/skm#skm-PUPR"');
    } else expect(mine).toContain('Belum representatif');
    // HR, all departments: the lowest representative department's own index (never a pooled one).
    const counted = latest
      .filter((x) => x.p.representative === true && x.p.shown)
      .sort((a, b) => a.p.index.converted! - b.p.index.converted!);
    expect(counted.length).toBeLessThan(latest.length);
    const all = headline(await (await get('/reports?period=year', hrCookie)).text());
    expect(all).toContain(`${fmt(counted[0]!.p.index.converted!)} · ${counted[0]!.p.index.mutu}`);
    expect(all).toContain(`Terendah: ${counted[0]!.name}`);
    expect(all).toContain(`${counted.length} dari ${latest.length} dinas representatif`);
    expect(all).toContain('href="/statistics/skm"');
    // HR filtering the short department: "belum representatif", no index.
    const short = latest.find((x) => x.p.representative === false)!;
    expect(headline(await (await get(`/reports?period=year&department=${short.code}`, hrCookie)).text())).toContain(
      'Belum representatif: 0 dari 1 SKM',
    );
  });

  it('drill down from a number to exactly that many complaints', async () => {
    const html = await (await get('/reports?period=year&department=PUPR', hrCookie)).text();
    const m = /<a href="(\/reports\/complaints\?[^"]*metric=response_sla[^"]*outcome=missed[^"]*)">[^<(]*\((\d+)\/(\d+)\)<\/a>/.exec(
      html.replace(/&amp;/g, '&'),
    );
    expect(m).not.toBeNull();
    const onTime = Number(m![2]);
    const due = Number(m![3]);
    const list = await (await get(m![1]!, hrCookie)).text();
    const rows = list.match(/<tr data-code=/g)?.length ?? 0;
    expect(list).toContain(`data-total="${due - onTime}"`);
    // The first page of 50 (reports-lists.test.ts follows every page).
    expect(rows).toBe(Math.min(50, due - onTime));
  });

  it("show a confidential complaint's title to its department manager only, never to HR", async () => {
    const pupr = await db.db.selectFrom('departments').select('id').where('code', '=', 'PUPR').executeTakeFirstOrThrow();
    const c = await db.db
      .selectFrom('complaints')
      .select(['id', 'code'])
      .where('department_id', '=', pupr.id)
      .where('state', 'in', ['assigned', 'in_progress'])
      .orderBy('submitted_at', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    await db.db
      .updateTable('complaints')
      .set({ privacy: 'confidential', title: 'Judul rahasia uji laporan' })
      .where('id', '=', c.id)
      .execute();
    const path = '/reports/complaints?metric=backlog&period=year&department=PUPR';
    const hr = await (await get(path, hrCookie)).text();
    expect(hr).toContain(c.code);
    expect(hr).not.toContain('Judul rahasia uji laporan');
    const manager = await (await get(path, puprCookie)).text();
    expect(manager).toContain('Judul rahasia uji laporan');
    expect(await (await get('/reports/export?table=overdue&format=csv&department=PUPR', hrCookie)).text()).not.toContain(
      'Judul rahasia uji laporan',
    );
  });

  it("hide a confidential complaint's title from admins and other departments' managers, as complaints.policy.ts decides", async () => {
    const pupr = await db.db.selectFrom('departments').select('id').where('code', '=', 'PUPR').executeTakeFirstOrThrow();
    const c = await db.db
      .selectFrom('complaints')
      .select(['id', 'code'])
      .where('department_id', '=', pupr.id)
      .where('state', 'in', ['assigned', 'in_progress'])
      .orderBy('submitted_at', 'desc')
      .offset(1)
      .limit(1)
      .executeTakeFirstOrThrow();
    await db.db
      .updateTable('complaints')
      .set({ privacy: 'confidential', title: 'Judul rahasia untuk admin' })
      .where('id', '=', c.id)
      .execute();
    const path = '/reports/complaints?metric=backlog&period=year&department=PUPR';
    const adminCookie = await sessionCookie(db.db, (await createTestUser(db.db, { role: 'admin' })).id);
    const admin = await get(path, adminCookie);
    expect(admin.status).toBe(200);
    const adminHtml = await admin.text();
    expect(adminHtml).toContain(c.code);
    expect(adminHtml).not.toContain('Judul rahasia untuk admin');
    expect(await (await get('/reports?period=year&department=PUPR', adminCookie)).text()).not.toContain('Judul rahasia untuk admin');
    expect(await (await get('/reports/export?table=overdue&format=csv&department=PUPR', adminCookie)).text()).not.toContain(
      'Judul rahasia untuk admin',
    );
    // A manager of another department sees neither the list nor the title.
    const dinkesCookie = await sessionCookie(db.db, (await createTestUser(db.db, { role: 'manager', departmentCode: 'DINKES' })).id);
    expect((await get(path, dinkesCookie)).status).toBe(404);
    for (const p of [
      '/reports/complaints?metric=backlog&period=year',
      '/reports?period=year',
      '/reports/export?table=overdue&format=csv',
    ]) {
      expect(await (await get(p, dinkesCookie)).text()).not.toContain('Judul rahasia untuk admin');
    }
    // The handling department's manager sees it.
    expect(await (await get(path, puprCookie)).text()).toContain('Judul rahasia untuk admin');
  });

  it("report consultation responsiveness per department, within the manager's scope", async () => {
    const dept = async (code: string) =>
      Number((await db.db.selectFrom('departments').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id);
    const author = await createTestUser(db.db, { role: 'resident' });
    const staff = await createTestUser(db.db, { role: 'officer', departmentCode: 'DINKES' });
    const t0 = Date.now() - 3 * 86_400_000;
    const k = await db.db
      .insertInto('consultations')
      .values({
        department_id: await dept('DINKES'),
        title: 'Konsultasi uji laporan',
        summary: 'Ringkasan',
        body: 'Isi',
        opens_at: t0 - 86_400_000,
        closes_at: t0 + 20 * 86_400_000,
        state: 'open',
        created_at: t0 - 86_400_000,
        updated_at: t0,
      } as any)
      .returning('id')
      .executeTakeFirstOrThrow();
    const ids: number[] = [];
    for (let i = 0; i < 4; i++) {
      const c = await db.db
        .insertInto('contributions')
        .values({ consultation_id: k.id, author_user_id: author.id, body: `Masukan ${i}`, created_at: t0 + i * 1000 } as any)
        .returning('id')
        .executeTakeFirstOrThrow();
      ids.push(Number(c.id));
    }
    for (const id of ids.slice(0, 3))
      await db.db
        .insertInto('official_responses')
        .values({
          contribution_id: id,
          department_id: await dept('DINKES'),
          author_user_id: staff.id,
          body: 'Jawaban',
          created_at: t0 + 86_400_000,
        } as any)
        .execute();
    for (const [i, status] of (['selesai', 'berjalan'] as const).entries()) {
      await db.db
        .insertInto('consultation_commitments')
        .values({
          consultation_id: k.id,
          position: i + 1,
          text: 'Komitmen',
          owner: 'Bidang',
          due_date: '2027-01-31',
          status,
          created_at: t0,
          updated_at: t0,
        } as any)
        .execute();
    }
    const period = `period=custom&from=${new Date(t0 - 2 * 86_400_000).toISOString().slice(0, 10)}&to=${new Date().toISOString().slice(0, 10)}`;
    const html = await (await get(`/reports?${period}`, hrCookie)).text();
    const row = /<table id="table-consultation">[\s\S]*?Dinas Kesehatan Kota Palembang<\/th>([\s\S]*?)<\/tr>/.exec(html);
    expect(row).not.toBeNull();
    expect(row![1]).toContain('(3/4)');
    expect(row![1]).toContain('(1/2)');
    const csv = await (await get(`/reports/export?table=consultation&format=csv&${period}`, hrCookie)).text();
    expect(csv).toContain('Dinas Kesehatan Kota Palembang,4,0.75');
    // PUPR's manager sees no other department's consultations (their own figures may read 3/4 too).
    const managerView = await (await get(`/reports?${period}`, puprCookie)).text();
    const managerTable = /<table id="table-consultation">[\s\S]*?<\/table>/.exec(managerView)?.[0] ?? '';
    expect(managerTable).not.toContain('Dinas Kesehatan');
    expect(managerTable).not.toContain('(3/4)');
  });

  it('export tables as CSV and XLSX with the period and filters above the data', async () => {
    const csv = await get('/reports/export?table=department&format=csv&period=quarter&at=2026-07-01&category=drainase', hrCookie);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const text = await csv.text();
    expect(text).toContain('Periode,2026-07-01 – 2026-09-30');
    expect(text).toContain('Drainase tersumbat dan genangan');
    const xlsx = await get('/reports/export?table=league&format=xlsx&period=year', hrCookie);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as any);
    const ws = wb.worksheets[0]!;
    expect(String(ws.getRow(2).getCell(1).value)).toBe('Periode');
    expect(String(ws.getRow(1).getCell(1).value)).toBe('Perbandingan dinas');
  });

  it('serve charts as SVG images with their own CSP', async () => {
    for (const p of ['/reports/charts/trend.svg', '/reports/charts/backlog.svg']) {
      const r = await get(p, puprCookie);
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toContain('image/svg+xml');
      expect(r.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'unsafe-inline'");
      expect(await r.text()).toMatch(/^<svg/);
    }
  });
});

describe(`public statistics (${dialectName})`, () => {
  it('show departments without personal or per-officer data, and answer 304 to a matching ETag', async () => {
    const r = await get('/statistics');
    expect(r.status).toBe(200);
    const etag = r.headers.get('etag')!;
    expect(etag).toMatch(/^"st-/);
    const html = await r.text();
    expect(html).toContain('Dinas Kependudukan dan Pencatatan Sipil Kota Palembang');
    for (const o of [...puprOfficers, ...dinkesOfficers]) expect(html).not.toContain(o.name);
    expect(html).not.toMatch(/NIP|petugas\d|@demo/);
    const again = await get('/statistics', '', { 'if-none-match': etag });
    expect(again.status).toBe(304);
    const csv = await get('/statistics.csv');
    const text = await csv.text();
    expect(text.split('\n')[0]).toContain('department_code');
    for (const o of [...puprOfficers, ...dinkesOfficers]) expect(text).not.toContain(o.name);
    expect(text).toContain('PUPR');
  });

  it('changes its ETag when the data changes', async () => {
    const before = (await get('/statistics')).headers.get('etag');
    const c = await db.db.selectFrom('complaints').select(['id', 'updated_at']).orderBy('id').limit(1).executeTakeFirstOrThrow();
    await db.db
      .updateTable('complaints')
      .set({ updated_at: Date.now() + 1000 })
      .where('id', '=', c.id)
      .execute();
    const after = (await get('/statistics')).headers.get('etag');
    expect(after).not.toBe(before);
    expect((await get('/statistics', '', { 'if-none-match': before! })).status).toBe(200);
  });
});

describe(`reports only read (${dialectName})`, () => {
  it('a GET of /reports and /statistics leaves the stored report tables and the waiting changes as they were', async () => {
    // Changes waiting for the durations processor (this server runs no worker jobs): the pages overlay them.
    const open = await db.db
      .selectFrom('complaints')
      .select('id')
      .where('state', 'in', ['assigned', 'in_progress'])
      .where('first_response_at', 'is', null)
      .orderBy('id')
      .limit(5)
      .execute();
    expect(open.length).toBeGreaterThan(0);
    await db.db
      .updateTable('complaints')
      .set({ first_response_at: Date.now() - 60_000, state: 'in_progress' })
      .where(
        'id',
        'in',
        open.map((r) => r.id),
      )
      .execute();
    const before = await reportTables();
    expect(before.report_durations_dirty.length).toBeGreaterThanOrEqual(open.length);
    for (const p of ['/reports', '/reports?period=year', '/reports?period=quarter&department=PUPR'])
      expect((await get(p, hrCookie)).status, p).toBe(200);
    expect((await get('/reports', puprCookie)).status).toBe(200);
    expect((await get('/statistics')).status).toBe(200);
    expect(await reportTables()).toEqual(before);
  });
});

/** Every row of the stored report tables, in a canonical form and order. */
async function reportTables() {
  const tables = [
    'report_month_counts',
    'report_durations',
    'report_duration_cells',
    'report_open_cells',
    'report_open_odd',
    'report_durations_dirty',
    'report_durations_state',
  ] as const;
  const canonical = (v: unknown) =>
    v instanceof Uint8Array ? Buffer.from(v).toString('hex') : typeof v === 'string' || v === null ? v : Number(v);
  const out: Record<string, string[]> = {};
  for (const table of tables) {
    const rows = await db.db.selectFrom(table).selectAll().execute();
    out[table] = rows.map((r) => JSON.stringify(Object.entries(r).map(([k, v]) => [k, canonical(v)]))).sort();
  }
  return out;
}
