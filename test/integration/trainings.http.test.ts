// Trainings over HTTP against the built server: the pages render for HR and the department's manager,
// 404 for another department's manager and for officers; the forms work without JavaScript (303, 422
// with the input kept, 409 on a stale version); the exports parse: Moodle upload-users CSV columns, the
// realised JP as JSON keyed by NIP, CSV and XLSX read back with exceljs; every export is audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { createTestDb, dialectName, type TestDb } from '../support/db.ts';
import { getPage, postForm } from '../support/forms.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { createTestUser, sessionCookie } from '../support/users.ts';

let db: TestDb;
let server: RunningServer;
let hrCookie: string;
let dinkesCookie: string;
let puprCookie: string;
let officerCookie: string;
let adminCookie: string;
let dinkes: number;
let planItem: number;
const NIP1 = '198601012011011001';
const NIP2 = '198601012011011002';
const EXT = '197501011999031003';
const YEAR = 2026;

/** RFC 4180 records (quoted fields, doubled quotes, CRLF or LF). */
function csvRecords(text: string): string[][] {
  const out: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      out.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    out.push(row);
  }
  return out;
}

beforeAll(async () => {
  db = await createTestDb();
  server = await startServer({ DATABASE_URL: db.url });
  dinkes = Number((await db.db.selectFrom('departments').select('id').where('code', '=', 'DINKES').executeTakeFirstOrThrow()).id);
  hrCookie = await sessionCookie(db.db, (await createTestUser(db.db, { role: 'hr' })).id);
  adminCookie = await sessionCookie(db.db, (await createTestUser(db.db, { role: 'admin' })).id);
  dinkesCookie = await sessionCookie(db.db, (await createTestUser(db.db, { role: 'manager', departmentCode: 'DINKES' })).id);
  puprCookie = await sessionCookie(db.db, (await createTestUser(db.db, { role: 'manager', departmentCode: 'PUPR' })).id);
  officerCookie = await sessionCookie(
    db.db,
    (
      await createTestUser(db.db, {
        role: 'officer',
        departmentCode: 'DINKES',
        nip: NIP1,
        name: 'Siti Aminah Lestari',
        email: 'siti.lestari@example.test',
      })
    ).id,
  );
  await createTestUser(db.db, { role: 'officer', departmentCode: 'DINKES', nip: NIP2, name: 'Budi Santoso' });
  const komunikasi = Number(
    (await db.db.selectFrom('competencies').select('id').where('code', '=', 'komunikasi').executeTakeFirstOrThrow()).id,
  );
  const now = Date.now();
  const plan = await db.db
    .insertInto('training_plans')
    .values({ department_id: dinkes, year: YEAR, status: 'final', officer_count: 2, created_by: null, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  planItem = Number(
    (
      await db.db
        .insertInto('training_plan_items')
        .values({
          plan_id: Number(plan.id),
          position: 1,
          competency_id: komunikasi,
          kind: 'sosial_kultural',
          target: 'Seluruh PNS',
          target_count: 2,
          jalur: 'nonklasikal',
          bentuk: 'e_learning',
          jp: 20,
          provider: 'LMS Pemkot',
          budget: null,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id,
  );
});
afterAll(async () => {
  await server?.stop();
  await db?.cleanup();
});

const LIST = `/reports/development/trainings?year=${YEAR}`;
const get = (p: string, cookie?: string) => getPage(server.url, p, { cookie });
const post = (p: string, fields: Record<string, string>, cookie: string) => postForm(server.url, p, fields, { cookie });
const fields = (over: Record<string, string> = {}) => ({
  title: 'Pelatihan Pelayanan Prima',
  competency: '',
  kind: 'teknis',
  jalur: 'klasikal',
  bentuk: 'pelatihan',
  provider: 'BPSDM Provinsi',
  starts_on: '2026-04-06',
  ends_on: '2026-04-07',
  jp: '12',
  place: 'Aula Dinkes',
  capacity: '',
  ...over,
});
const versionOf = async (id: number) =>
  Number((await db.db.selectFrom('trainings').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version);

describe(`trainings over HTTP (${dialectName})`, () => {
  let id: number;
  let url: string;

  it('a manager creates a training of their department without JavaScript; a bad form is 422 with the input kept', async () => {
    const bad = await post(LIST, fields({ title: 'Judul yang tetap ada', jp: '0', bentuk: 'e_learning' }), dinkesCookie);
    expect(bad.status).toBe(422);
    expect(bad.html).toContain('JP berupa bilangan bulat 1–200.');
    expect(bad.html).toContain('value="Judul yang tetap ada"');
    const r = await post(LIST, fields(), dinkesCookie);
    expect(r.status).toBe(303);
    const m = /\/reports\/development\/trainings\/(\d+)\?done=saved/.exec(r.location ?? '');
    expect(m).not.toBeNull();
    id = Number(m![1]);
    url = `/reports/development/trainings/${id}`;
    expect((await db.db.selectFrom('trainings').select('department_id').where('id', '=', id).executeTakeFirstOrThrow()).department_id).toBe(
      dinkes,
    );
  });

  it('HR fills the form from a final plan item with a GET and saves it; the training keeps the plan item and its department', async () => {
    const page = await get(`${LIST}&item=${planItem}`, hrCookie);
    expect(page.status).toBe(200);
    expect(page.html).toContain(`<option value="${planItem}" selected`);
    expect(page.html).toMatch(/name="plan_item" value="\d+"/);
    expect(page.html).toContain('value="LMS Pemkot"');
    expect(page.html).toMatch(/<option value="e_learning" selected/);
    expect(page.html).toContain('id="new-jp" name="jp" value="20"');
    const r = await post(
      LIST,
      fields({
        plan_item: String(planItem),
        title: 'E-learning Komunikasi',
        jalur: 'nonklasikal',
        bentuk: 'e_learning',
        jp: '20',
        provider: 'LMS Pemkot',
      }),
      hrCookie,
    );
    expect(r.status).toBe(303);
    const created = Number(/trainings\/(\d+)/.exec(r.location!)![1]);
    const row = await db.db
      .selectFrom('trainings')
      .select(['plan_item_id', 'department_id', 'jp', 'bentuk'])
      .where('id', '=', created)
      .executeTakeFirstOrThrow();
    expect({ ...row, plan_item_id: Number(row.plan_item_id), department_id: Number(row.department_id) }).toEqual({
      plan_item_id: planItem,
      department_id: dinkes,
      jp: 20,
      bentuk: 'e_learning',
    });
    // Edited without JavaScript: 303 and the new title; a stale edit is 409 and changes nothing.
    const turl = `/reports/development/trainings/${created}`;
    const v = String(await versionOf(created));
    const edit = fields({
      intent: 'edit',
      version: v,
      title: 'E-learning Komunikasi Efektif',
      jalur: 'nonklasikal',
      bentuk: 'e_learning',
      jp: '20',
      provider: 'LMS Pemkot',
    });
    expect((await post(turl, edit, hrCookie)).status).toBe(303);
    expect((await post(turl, { ...edit, title: 'Judul basi' }, hrCookie)).status).toBe(409);
    expect((await db.db.selectFrom('trainings').select('title').where('id', '=', created).executeTakeFirstOrThrow()).title).toBe(
      'E-learning Komunikasi Efektif',
    );
    // Cancelled with a reason: the reason shows on the page.
    expect(
      (await post(turl, { intent: 'cancel', version: String(await versionOf(created)), reason: 'Server LMS dalam pemeliharaan' }, hrCookie))
        .status,
    ).toBe(303);
    expect((await get(turl, dinkesCookie)).html).toContain('Server LMS dalam pemeliharaan');
  });

  it('renders for HR, the DINKES manager and admin; 404 for the PUPR manager and officers; the list links it', async () => {
    for (const c of [hrCookie, dinkesCookie, adminCookie]) {
      const page = await get(url, c);
      expect(page.status).toBe(200);
      expect(page.html).toContain('Pelatihan Pelayanan Prima');
      expect((await get(LIST, c)).html).toContain(`href="${url}"`);
    }
    expect((await get(url, adminCookie)).html).not.toContain('name="intent" value="enrol"');
    expect((await get(url, dinkesCookie)).html).toContain('name="intent" value="enrol"');
    for (const c of [puprCookie, officerCookie]) {
      for (const p of [url, `${url}/moodle.csv`]) expect((await get(p, c)).status, p).toBe(404);
      expect((await post(url, { intent: 'move', to: 'running', version: '0' }, c)).status).toBe(404);
    }
    expect((await get(LIST, puprCookie)).html).not.toContain(`href="${url}"`);
    expect((await get(LIST, officerCookie)).status).toBe(404);
    expect((await post(LIST, fields(), officerCookie)).status).toBe(404);
    expect((await post(url, { intent: 'move', to: 'running', version: '0' }, adminCookie)).status).toBe(404);
    expect((await get('/reports/development/trainings/999999', hrCookie)).status).toBe(404);
    // The development page links the trainings for HR and managers.
    expect((await get('/reports/development', hrCookie)).html).toContain('href="/reports/development/trainings"');
  });

  it('enrols by NIP, refuses a stale version with 409, records attendance in one post and completes', async () => {
    const v0 = await versionOf(id);
    expect((await post(url, { intent: 'enrol', version: String(v0), source: 'portal', nip: NIP1 }, dinkesCookie)).status).toBe(303);
    const stale = await post(url, { intent: 'enrol', version: String(v0), source: 'portal', nip: NIP2 }, dinkesCookie);
    expect(stale.status).toBe(409);
    expect(stale.html).toContain('baru saja diubah orang lain');
    const unknown = await post(
      url,
      { intent: 'enrol', version: String(await versionOf(id)), source: 'portal', nip: '199999999999999999' },
      dinkesCookie,
    );
    expect(unknown.status).toBe(422);
    expect(unknown.html).toContain('value="199999999999999999"');
    expect((await post(url, { intent: 'enrol', version: String(await versionOf(id)), source: 'portal', nip: NIP2 }, hrCookie)).status).toBe(
      303,
    );
    expect(
      (await post(url, { intent: 'enrol', version: String(await versionOf(id)), source: 'external', nip: EXT, name: 'Rahmat' }, hrCookie))
        .status,
    ).toBe(303);
    // Cancel without a reason: 422, the training stays planned.
    const noReason = await post(url, { intent: 'cancel', version: String(await versionOf(id)), reason: '' }, hrCookie);
    expect(noReason.status).toBe(422);
    expect(noReason.html).toContain('Tuliskan alasan pembatalan');
    expect((await post(url, { intent: 'move', to: 'running', version: String(await versionOf(id)) }, dinkesCookie)).status).toBe(303);
    const people = await db.db.selectFrom('training_participants').select(['id', 'nip']).where('training_id', '=', id).execute();
    const pid = (nip: string) => Number(people.find((p) => p.nip === nip)!.id);
    // The whole grid in one post, as a browser sends repeated checkbox names.
    const body = new URLSearchParams([
      ['intent', 'attendance'],
      ['version', String(await versionOf(id))],
      ['present', `${pid(NIP1)}|2026-04-06`],
      ['present', `${pid(NIP1)}|2026-04-07`],
      ['present', `${pid(EXT)}|2026-04-07`],
    ]);
    const att = await fetch(`${server.url}${url}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.url, cookie: dinkesCookie },
      body: body.toString(),
    });
    expect(att.status).toBe(303);
    const page = await get(url, dinkesCookie);
    expect(page.html.match(/name="present" value="[^"]+" checked/g)?.length).toBe(3);
    expect((await post(url, { intent: 'complete', which: 'present', version: String(await versionOf(id)) }, dinkesCookie)).status).toBe(
      303,
    );
    expect(
      (
        await post(
          url,
          {
            intent: 'certificate',
            participant: String(pid(NIP1)),
            certificate_no: '=HYPERLINK("x")',
            version: String(await versionOf(id)),
          },
          dinkesCookie,
        )
      ).status,
    ).toBe(303);
    const rows = await db.db
      .selectFrom('training_participants')
      .select(['nip', 'status', 'jp_credited'])
      .where('training_id', '=', id)
      .orderBy('nip')
      .execute();
    expect(rows.map((r) => [r.nip, r.status, Number(r.jp_credited)])).toEqual([
      [EXT, 'completed', 12],
      [NIP1, 'completed', 12],
      [NIP2, 'enrolled', 0],
    ]);
  });

  it('exports the participants as a Moodle upload-users CSV, audited', async () => {
    const r = await get(`${url}/moodle.csv`, dinkesCookie);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('text/csv');
    const [head, ...body] = csvRecords(r.html);
    expect(head).toEqual(['username', 'firstname', 'lastname', 'email', 'course1']);
    const records = body.map((b) => Object.fromEntries(head!.map((h, i) => [h, b[i]!])));
    expect(r.html.split('\n')[0]).toBe('username,firstname,lastname,email,course1');
    const byNip = new Map(records.map((x) => [x.username, x]));
    expect(byNip.get(NIP1)).toEqual({
      username: NIP1,
      firstname: 'Siti Aminah',
      lastname: 'Lestari',
      email: 'siti.lestari@example.test',
      course1: `pelatihan-pelayanan-prima-2026-${id}`,
    });
    expect(byNip.get(EXT)).toMatchObject({ firstname: 'Rahmat', lastname: 'Rahmat', email: '' });
    expect(records).toHaveLength(3);
    const audit = await db.db
      .selectFrom('audit_log')
      .select(['details', 'actor_role'])
      .where('action', '=', 'training.moodle_exported')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(audit.details)).toEqual({ participants: 3 });
  });

  it('exports the realised JP as JSON keyed by NIP, CSV and XLSX; a manager only their department', async () => {
    const j = await get(`/reports/development/trainings/jp.json?year=${YEAR}`, hrCookie);
    expect(j.status).toBe(200);
    const data = JSON.parse(j.html);
    expect(Object.keys(data.officers).sort()).toEqual([EXT, NIP1].sort());
    expect(data.officers[NIP1]).toMatchObject({ name: 'Siti Aminah Lestari', jp: 12 });
    expect(data.officers[NIP1].trainings[0]).toMatchObject({
      title: 'Pelatihan Pelayanan Prima',
      jenis: 'pelatihan',
      jalur: 'klasikal',
      jp: 12,
      starts_on: '2026-04-06',
      ends_on: '2026-04-07',
      provider: 'BPSDM Provinsi',
      certificate_no: '=HYPERLINK("x")',
    });
    // The PUPR manager: none of DINKES's rows; asking for DINKES is 404.
    expect(JSON.parse((await get(`/reports/development/trainings/jp.json?year=${YEAR}`, puprCookie)).html).officers).toEqual({});
    expect((await get(`/reports/development/trainings/jp.json?year=${YEAR}&department=DINKES`, puprCookie)).status).toBe(404);
    expect(
      Object.keys(JSON.parse((await get(`/reports/development/trainings/jp.json?year=${YEAR}`, dinkesCookie)).html).officers),
    ).toContain(NIP1);
    const csv = await get(`/reports/development/trainings/jp.csv?year=${YEAR}&department=DINKES`, hrCookie);
    expect(csv.status).toBe(200);
    const lines = csvRecords(csv.html.replace(/^\uFEFF/, ''));
    const header = lines.findIndex((l) => l[0] === 'NIP');
    expect(lines[header]).toEqual([
      'NIP',
      'Nama',
      'Judul kegiatan',
      'Jenis',
      'Jalur',
      'JP',
      'Tanggal mulai',
      'Tanggal selesai',
      'Penyelenggara',
      'Nomor sertifikat/STTPP',
    ]);
    const siti = lines.slice(header + 1).find((l) => l[0] === NIP1)!;
    expect(siti[5]).toBe('12');
    // Formula-safe: the certificate cell cannot run as a formula.
    expect(siti[9]).toBe(`'=HYPERLINK("x")`);
    const x = await fetch(`${server.url}/reports/development/trainings/jp.xlsx?year=${YEAR}`, { headers: { cookie: dinkesCookie } });
    expect(x.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await x.arrayBuffer()) as never);
    const ws = wb.worksheets[0]!;
    const values: unknown[][] = [];
    ws.eachRow((row) => values.push((row.values as unknown[]).slice(1)));
    const xh = values.findIndex((r) => r[0] === 'NIP');
    const xrow = values.slice(xh + 1).find((r) => r[0] === NIP1)!;
    expect(xrow[5]).toBe(12);
    expect(xrow[2]).toBe('Pelatihan Pelayanan Prima');
    const audits = await db.db.selectFrom('audit_log').select('details').where('action', '=', 'training.jp_exported').execute();
    expect(audits.map((a) => JSON.parse(a.details).format).sort()).toEqual(['csv', 'json', 'json', 'json', 'xlsx']);
  });
});
