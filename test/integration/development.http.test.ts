// Development priorities and training plans over HTTP against the built server: who may open what (a
// manager only their own department, another one is 404), HR drafting and editing without JavaScript
// (303 / 422 with the message beside the field), and the audited CSV/XLSX exports with the Pasal 207
// fields and no resident personal data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { createTestDb, dialectName, type TestDb } from '../support/db.ts';
import { REPORTER, seedDevelopmentFixture } from '../support/development.ts';
import { getPage, postForm } from '../support/forms.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { createTestUser, sessionCookie } from '../support/users.ts';

let db: TestDb;
let server: RunningServer;
let hrCookie: string;
let dinkesCookie: string;
let puprCookie: string;
let hrId: number;

beforeAll(async () => {
  db = await createTestDb();
  await seedDevelopmentFixture(db.db);
  server = await startServer({ DATABASE_URL: db.url });
  const hr = await createTestUser(db.db, { role: 'hr' });
  hrId = hr.id;
  hrCookie = await sessionCookie(db.db, hr.id);
  dinkesCookie = await sessionCookie(db.db, (await createTestUser(db.db, { role: 'manager', departmentCode: 'DINKES' })).id);
  puprCookie = await sessionCookie(db.db, (await createTestUser(db.db, { role: 'manager', departmentCode: 'PUPR' })).id);
});
afterAll(async () => {
  await server?.stop();
  await db?.cleanup();
});

const RANKING = '/reports/development?period=year&at=2025-01-01&department=DINKES';
const PLAN = '/reports/development/plan?department=DINKES&year=2026';
const get = (p: string, cookie?: string) => getPage(server.url, p, { cookie });
const itemFields = (over: Record<string, string> = {}) => ({
  intent: 'update',
  competency: '',
  kind: 'teknis',
  target: 'Petugas loket puskesmas',
  target_count: '3',
  jalur: 'klasikal',
  bentuk: 'pelatihan',
  jp: '8',
  provider: 'BPSDM Provinsi Sumatera Selatan',
  schedule: 'Triwulan II 2026',
  curriculum: 'Sesuai kurikulum LAN',
  budget: '2.500.000',
  notes: '',
  ...over,
});

describe(`development priorities over HTTP (${dialectName})`, () => {
  it('are closed to visitors, residents, officers and verifiers', async () => {
    expect((await get(RANKING)).status).toBe(303);
    for (const role of ['resident', 'officer', 'verifier'] as const) {
      const cookie = await sessionCookie(db.db, (await createTestUser(db.db, { role })).id);
      for (const p of [RANKING, PLAN, '/reports/development/plan.csv?department=DINKES&year=2026'])
        expect((await get(p, cookie)).status, `${role} ${p}`).toBe(404);
      expect((await postForm(server.url, PLAN, { intent: 'draft' }, { cookie })).status, role).toBe(404);
    }
  });

  it('shows HR the ranking with its evidence and the formula', async () => {
    const r = await get(RANKING, hrCookie);
    expect(r.status).toBe(200);
    expect(r.headers.get('cache-control')).toContain('no-store');
    const rows = [...r.html.matchAll(/<a href="#rank-(\d+)"[^>]*>([^<]+)<\/a>/g)].map((m) => [m[1], m[2]]);
    expect(rows).toEqual([
      ['1', 'Komunikasi'],
      ['2', 'Pelayanan publik'],
      ['3', 'Kebijakan kesehatan'],
    ]);
    expect(r.html).toContain('data-score="166.67"');
    expect(r.html).toContain('href="/complaints/PLG-25-DEVAA1"');
    expect(r.html).toMatch(/href="\/consultations\/\d+#c-\d+"/);
    expect(r.html).toContain('Rumus skor kesenjangan');
    expect(r.html).toContain('0.5·[masuk dalam P]');
    expect(r.html).not.toContain(REPORTER.name);
    expect((await get(`${RANKING}&lang=en`, hrCookie)).html).toContain('Gap score formula');
    // The reports page links here.
    expect((await get('/reports', hrCookie)).html).toContain('href="/reports/development');
  });

  it('shows a manager only their own department; another department is 404', async () => {
    const r = await get('/reports/development?period=year&at=2025-01-01', dinkesCookie);
    expect(r.status).toBe(200);
    expect(r.html).toContain('Dinas Kesehatan Kota Palembang');
    expect(r.html).not.toContain('id="d-department"');
    expect(r.html).toContain('href="/staff/complaints/PLG-25-DEVAA1"');
    const pupr = await get('/reports/development?period=year&at=2025-01-01', puprCookie);
    expect(pupr.html).not.toContain('Komunikasi</a>');
    expect((await get(RANKING, puprCookie)).status).toBe(404);
    expect((await get(PLAN, puprCookie)).status).toBe(404);
  });

  it('lets HR draft and edit the plan with plain forms; managers read it', async () => {
    expect((await get(PLAN, dinkesCookie)).html).toContain('BKPSDM menyusunnya');
    expect((await postForm(server.url, PLAN, { intent: 'draft' }, { cookie: dinkesCookie })).status).toBe(404);
    const drafted = await postForm(server.url, PLAN, { intent: 'draft' }, { cookie: hrCookie });
    expect(drafted.status).toBe(303);
    expect(drafted.location).toContain('done=drafted');
    const again = await postForm(server.url, PLAN, { intent: 'draft' }, { cookie: hrCookie });
    expect(again.status).toBe(409);
    const page = await get(PLAN, hrCookie);
    const ids = [...page.html.matchAll(/<form method="post" action="[^"]*" class="plan-item" id="item-(\d+)"/g)].map((m) => m[1]!);
    expect(ids).toHaveLength(3);
    expect(page.html).toContain('PNS yang direncanakan kurang dari 20 JP: 0 dari 3');
    // A JP of 0 comes back 422 with the message beside the field and the typed values kept.
    const bad = await postForm(server.url, PLAN, { ...itemFields({ jp: '0' }), item: ids[0]! }, { cookie: hrCookie });
    expect(bad.status).toBe(422);
    expect(bad.html).toContain(`id="i${ids[0]}-jp-error"`);
    expect(bad.html).toContain('JP harus bilangan bulat 1 sampai 200.');
    expect(bad.html).toMatch(new RegExp(`id="i${ids[0]}-jp"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="i${ids[0]}-jp"`));
    expect(bad.html).toContain('BPSDM Provinsi Sumatera Selatan');
    const ok = await postForm(server.url, PLAN, { ...itemFields(), item: ids[0]! }, { cookie: hrCookie });
    expect(ok.status).toBe(303);
    // 8 + 5 + 5 = 18 JP for each of the 3 PNS: the shortfall is shown per group and finalising is refused.
    const after = await get(PLAN, hrCookie);
    expect(after.html).toContain('3 PNS di kelompok seluruh PNS dinas baru direncanakan 18 JP; kurang 2 JP');
    const fin = await postForm(server.url, PLAN, { intent: 'status', status: 'final' }, { cookie: hrCookie });
    expect(fin.status).toBe(422);
    expect(fin.html).toContain('ada PNS yang direncanakan kurang dari 20 JP');
    // The manager reads the plan without any form to change it.
    const read = await get(PLAN, dinkesCookie);
    expect(read.status).toBe(200);
    expect(read.html).toContain('BPSDM Provinsi Sumatera Selatan');
    expect(read.html).not.toContain('name="intent" value="update"');
    expect((await postForm(server.url, PLAN, { ...itemFields(), item: ids[0]! }, { cookie: dinkesCookie })).status).toBe(404);
  });

  it('exports the plan as CSV and XLSX with the Pasal 207 fields, no personal data, audited', async () => {
    const csvR = await fetch(`${server.url}/reports/development/plan.csv?department=DINKES&year=2026`, {
      headers: { cookie: dinkesCookie },
    });
    expect(csvR.status).toBe(200);
    expect(csvR.headers.get('content-disposition')).toContain('rencana-pengembangan-kompetensi-DINKES-2026.csv');
    const csv = await csvR.text();
    for (const label of [
      'Jenis kompetensi yang perlu dikembangkan',
      'Target PNS (jabatan/kelompok)',
      'Jumlah PNS',
      'Jalur pengembangan',
      'Jenis/bentuk pengembangan',
      'Penyelenggara',
      'Jadwal/waktu pelaksanaan',
      'Kesesuaian dengan standar kurikulum instansi pembina',
      'Anggaran (Rp)',
      'JP',
    ])
      expect(csv).toContain(label);
    expect(csv).toContain('Petugas loket puskesmas');
    expect(csv).toContain('2500000');
    const xR = await fetch(`${server.url}/reports/development/plan.xlsx?department=DINKES&year=2026`, { headers: { cookie: hrCookie } });
    expect(xR.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await xR.arrayBuffer()) as never);
    const cells: string[] = [];
    wb.worksheets[0]!.eachRow((row) => row.eachCell((c) => cells.push(String(c.value))));
    expect(cells).toContain('Anggaran (Rp)');
    expect(cells).toContain('Petugas loket puskesmas');
    for (const text of [csv, cells.join('\n')]) {
      for (const personal of [REPORTER.name, REPORTER.email, REPORTER.phone, 'Budi Warga Penulis', '@example.test'])
        expect(text).not.toContain(personal);
    }
    expect((await get('/reports/development/plan.csv?department=DINKES&year=2026', puprCookie)).status).toBe(404);
    expect((await get('/reports/development/plan.csv?department=DINKES&year=2031', hrCookie)).status).toBe(404);
    const audit = await db.db
      .selectFrom('audit_log')
      .select(['actor_user_id', 'details'])
      .where('action', '=', 'development.plan_exported')
      .orderBy('id')
      .execute();
    expect(audit).toHaveLength(2);
    expect(JSON.parse(audit[0]!.details)).toMatchObject({ department: 'DINKES', year: 2026, format: 'csv' });
    expect(audit[1]!.actor_user_id).toBe(hrId);
    expect(JSON.parse(audit[1]!.details)).toMatchObject({ format: 'xlsx' });
  });

  it('exports the ranking with its counts, no personal data, audited; not another department', async () => {
    const r = await fetch(`${server.url}/reports/development/ranking.csv?period=year&at=2025-01-01`, { headers: { cookie: dinkesCookie } });
    expect(r.status).toBe(200);
    const csv = await r.text();
    expect(csv).toContain('Skor kesenjangan');
    expect(csv).toContain('Tanggapan terlambat');
    expect(csv).toMatch(/1,komunikasi,Komunikasi,Manajerial,166\.67,66\.67,100,2,2,1,1,0,1,1,2/);
    for (const personal of [REPORTER.name, REPORTER.email, REPORTER.phone, 'Budi Warga Penulis', 'PLG-25-DEVAA1'])
      expect(csv).not.toContain(personal);
    const x = await fetch(`${server.url}/reports/development/ranking.xlsx?period=year&at=2025-01-01&department=DINKES`, {
      headers: { cookie: hrCookie },
    });
    expect(x.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await x.arrayBuffer()) as never);
    const cells: string[] = [];
    wb.worksheets[0]!.eachRow((row) => row.eachCell((c) => cells.push(String(c.value))));
    expect(cells).toContain('Komunikasi');
    expect((await get('/reports/development/ranking.csv?department=DINKES', puprCookie)).status).toBe(404);
    const audit = await db.db
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'development.ranking_exported')
      .orderBy('id')
      .execute();
    expect(audit.map((a) => JSON.parse(a.details))).toEqual([
      { department: 'DINKES', from: '2025-01-01', to: '2025-12-31', format: 'csv' },
      { department: 'DINKES', from: '2025-01-01', to: '2025-12-31', format: 'xlsx' },
    ]);
  });

  it('lets admins rename a competency, change its kind, and map categories to competencies', async () => {
    const admin = await createTestUser(db.db, { role: 'admin' });
    const cookie = await sessionCookie(db.db, admin.id);
    const k = await db.db.selectFrom('competencies').select(['id']).where('code', '=', 'manajemen_waktu').executeTakeFirstOrThrow();
    expect((await get(`/admin/competencies?edit=${k.id}`, cookie)).html).toContain('id="edit-name_id"');
    const bad = await postForm(
      server.url,
      '/admin/competencies',
      { intent: 'edit', id: String(k.id), name_id: 'x', name_en: 'Time', kind: 'teknis' },
      { cookie },
    );
    expect(bad.status).toBe(422);
    expect(bad.html).toContain('id="edit-name_id-error"');
    const ok = await postForm(
      server.url,
      '/admin/competencies',
      { intent: 'edit', id: String(k.id), name_id: 'Manajemen waktu layanan', name_en: 'Service time management', kind: 'teknis' },
      { cookie },
    );
    expect(ok.status).toBe(303);
    expect(
      await db.db.selectFrom('competencies').select(['code', 'name_id', 'kind']).where('id', '=', k.id).executeTakeFirstOrThrow(),
    ).toEqual({ code: 'manajemen_waktu', name_id: 'Manajemen waktu layanan', kind: 'teknis' });
    // puskesmas now points at "Manajemen waktu layanan" only.
    const page = await get('/admin/categories/puskesmas', cookie);
    expect(page.html).toContain('name="competency"');
    const mapped = await postForm(
      server.url,
      '/admin/categories/puskesmas',
      { intent: 'competencies', competency: String(k.id) },
      { cookie },
    );
    expect(mapped.status).toBe(303);
    const cat = await db.db.selectFrom('categories').select('id').where('code', '=', 'puskesmas').executeTakeFirstOrThrow();
    expect(
      (await db.db.selectFrom('category_competencies').select('competency_id').where('category_id', '=', cat.id).execute()).map((r) =>
        Number(r.competency_id),
      ),
    ).toEqual([Number(k.id)]);
    const html = (await get(RANKING, hrCookie)).html;
    const rows = [...html.matchAll(/<a href="#rank-(\d+)"[^>]*>([^<]+)<\/a>/g)].map((m) => m[2]);
    expect(rows).toEqual(['Manajemen waktu layanan', 'Komunikasi']);
    const actions = (await db.db.selectFrom('audit_log').select('action').where('actor_user_id', '=', admin.id).execute()).map(
      (a) => a.action,
    );
    expect(actions).toEqual(expect.arrayContaining(['competency.updated', 'reference.category_competencies_updated']));
    // HR may not touch the catalogue or the mapping.
    expect((await postForm(server.url, '/admin/categories/puskesmas', { intent: 'competencies' }, { cookie: hrCookie })).status).toBe(404);
  });
});
