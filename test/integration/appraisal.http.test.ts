// Appraisal evidence over HTTP against the built server: officers see only their own evidence, managers
// only their department's officers, HR exports locked evidence keyed by NIP + period without any
// resident personal data, and every view and export is audited. Forms work without JavaScript.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { createTestDb, dialectName, type TestDb } from '../support/db.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { getPage, postForm } from '../support/forms.ts';
import { sessionCookie } from '../support/users.ts';
import { PERIOD, REPORTER, seedAppraisalFixture, type AppraisalFixture } from '../support/appraisal.ts';

let db: TestDb;
let server: RunningServer;
let f: AppraisalFixture;
const c: Record<string, string> = {};

beforeAll(async () => {
  db = await createTestDb();
  f = await seedAppraisalFixture(db.db);
  server = await startServer({ DATABASE_URL: db.url });
  for (const [k, id] of Object.entries({
    alfa: f.alfa.id,
    beta: f.beta.id,
    managerPupr: f.managerPupr,
    managerDinkes: f.managerDinkes,
    hr: f.hr,
  }))
    c[k] = await sessionCookie(db.db, id);
});
afterAll(async () => {
  await server?.stop();
  await db?.cleanup();
});

const get = (path: string, who: string) => getPage(server.url, path, { cookie: c[who] });
const noResidentData = (text: string) => {
  for (const v of Object.values(REPORTER)) expect(text).not.toContain(v);
};
const audits = async (action: string) => db.db.selectFrom('audit_log').selectAll().where('action', '=', action).execute();

describe(`appraisal evidence over HTTP (${dialectName})`, () => {
  it('shows an officer their own evidence, anonymised, with the predikat matrix and no predikat', async () => {
    const r = await get(`/me/evidence?period=${PERIOD}`, 'alfa');
    expect(r.status).toBe(200);
    expect(r.headers.get('cache-control')).toContain('no-store');
    expect(r.html).toContain('Petugas Alfa');
    expect(r.html).toContain(f.alfa.nip);
    expect(r.html).toContain('Portal ini tidak menghitung predikat');
    expect(r.html).toContain('id="table-matrix"');
    expect(r.html).toMatch(/<th scope="row">Di atas ekspektasi<\/th><td>Kurang\/Misconduct<\/td><td>Baik<\/td><td>Sangat Baik<\/td>/);
    expect(r.html).toMatch(
      /<th scope="row">Di bawah ekspektasi<\/th><td>Sangat Kurang<\/td><td>Butuh Perbaikan<\/td><td>Butuh Perbaikan<\/td>/,
    );
    expect(r.html).toContain('Memahami dan memenuhi kebutuhan masyarakat');
    expect(r.html).toContain('<span id="cases-handled">13</span>');
    expect(r.html).toContain('data belum cukup');
    expect(r.html).not.toContain('Petugas Beta');
    noResidentData(r.html);
    expect(r.html).not.toMatch(/APR-26-\d+/);
    const en = await getPage(server.url, `/me/evidence?period=${PERIOD}&lang=en`, { cookie: c.alfa });
    expect(en.html).toContain('This portal computes no predikat');
  });

  it("answers 404 for another officer's evidence and for other departments", async () => {
    expect((await get(`/reports/evidence/${f.beta.nip}?period=${PERIOD}`, 'alfa')).status).toBe(404);
    expect((await get(`/reports/evidence?period=${PERIOD}`, 'alfa')).status).toBe(404);
    expect((await get(`/reports/evidence/${f.alfa.nip}?period=${PERIOD}`, 'managerDinkes')).status).toBe(404);
    expect((await get(`/reports/evidence?period=${PERIOD}&department=PUPR`, 'managerDinkes')).status).toBe(404);
    expect((await get(`/reports/evidence/000000000000000000?period=${PERIOD}`, 'hr')).status).toBe(404);
    const dinkes = await get(`/reports/evidence?period=${PERIOD}`, 'managerDinkes');
    expect(dinkes.html).toContain('Petugas Gama');
    expect(dinkes.html).not.toContain('Petugas Alfa');
  });

  it("lists the manager's own officers by name with the fast closer flagged, and audits the view", async () => {
    const r = await get(`/reports/evidence?period=${PERIOD}`, 'managerPupr');
    expect(r.status).toBe(200);
    expect(r.html).toContain('Petugas Alfa');
    expect(r.html).toContain('Petugas Beta');
    expect(r.html).not.toContain('Petugas Gama');
    expect(r.html.indexOf('Petugas Alfa')).toBeLessThan(r.html.indexOf('Petugas Beta'));
    const detail = await get(`/reports/evidence/${f.beta.nip}?period=${PERIOD}`, 'managerPupr');
    expect(detail.html).toMatch(/data-signal="unverified" data-flagged="1"/);
    expect(detail.html).toContain('<span id="cases-handled">0</span>');
    const views = await audits('appraisal.viewed');
    expect(views.some((a) => a.actor_user_id === f.managerPupr && a.object_type === 'appraisal_department')).toBe(true);
    expect(views.some((a) => a.actor_user_id === f.managerPupr && a.object_id === `${f.beta.id}:${PERIOD}`)).toBe(true);
  });

  it('narrows the list to a unit of the department, with the figures still against the whole department', async () => {
    const pupr = Number((await db.db.selectFrom('departments').select('id').where('code', '=', 'PUPR').executeTakeFirstOrThrow()).id);
    const unit = Number(
      (
        await db.db
          .insertInto('units')
          .values({
            department_id: pupr,
            code: 'PUPR-UJI-BIDANG',
            name: 'Bidang Jalan (uji)',
            kind: 'bidang',
            area_code: null,
            created_at: 1,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id,
    );
    await db.db.updateTable('users').set({ unit_id: unit }).where('id', '=', f.beta.id).execute();
    try {
      const all = await get(`/reports/evidence?period=${PERIOD}`, 'managerPupr');
      expect(all.html).toContain('id="f-unit"');
      const cells = (html: string) => html.slice(html.indexOf('Petugas Beta')).split('</tr>')[0];
      const r = await get(`/reports/evidence?period=${PERIOD}&unit=PUPR-UJI-BIDANG`, 'managerPupr');
      expect(r.status).toBe(200);
      expect(r.html).toContain('Bidang Jalan (uji)');
      expect(r.html).toContain('Petugas Beta');
      expect(r.html).not.toContain('Petugas Alfa');
      // The officer's row reads the same in the unit's list as in the department's.
      expect(cells(r.html)).toBe(cells(all.html));
      // A unit of no department in scope answers 404, like any other record out of scope.
      expect((await get(`/reports/evidence?period=${PERIOD}&unit=TIDAK-ADA`, 'managerPupr')).status).toBe(404);
    } finally {
      await db.db.updateTable('users').set({ unit_id: null }).where('id', '=', f.beta.id).execute();
      await db.db.deleteFrom('units').where('id', '=', unit).execute();
    }
  });

  it('lists exactly the complaints behind each integrity signal count, in scope only', async () => {
    const detail = await get(`/reports/evidence/${f.beta.nip}?period=${PERIOD}`, 'managerPupr');
    const links = [...detail.html.matchAll(/<tr data-signal="(\w+)"[^>]*>(?:(?!<\/tr>).)*?<a href="([^"]+)" data-count="(\d+)"/gs)].map(
      (m) => ({ key: m[1]!, href: m[2]!.replaceAll('&amp;', '&'), count: Number(m[3]) }),
    );
    expect(links.map((l) => l.key)).toEqual(expect.arrayContaining(['withoutResponse', 'fast', 'unverified']));
    for (const l of links) {
      const list = await get(l.href, 'managerPupr');
      expect(list.status).toBe(200);
      expect(Number(/id="flagged-count" data-total="(\d+)"/.exec(list.html)?.[1]), l.key).toBe(l.count);
      expect(list.html.match(/<tr data-code=/g)?.length, l.key).toBe(l.count);
    }
    // Beta's twelve fast closures without a response: the fixture's codes, each to the staff page with the way back.
    const unverified = await get(`/reports/evidence/${f.beta.nip}/signals?period=${PERIOD}&signal=unverified`, 'managerPupr');
    const codes = [...unverified.html.matchAll(/<tr data-code="([^"]+)"/g)].map((m) => m[1]);
    expect(codes).toHaveLength(12);
    expect(new Set(codes).size).toBe(12);
    for (const code of codes) expect(f.codes).toContain(code);
    expect(unverified.html).toContain(`href="/staff/complaints/${codes[0]}?back=`);
    expect(unverified.html).toContain('diselesaikan 2 menit setelah penugasan; tanggapan publik hanya 1 menit sebelum penyelesaian');
    // HR reads every department, through the public page; another department's manager gets nothing.
    const hr = await get(`/reports/evidence/${f.beta.nip}/signals?period=${PERIOD}&signal=unverified`, 'hr');
    expect(hr.html.match(/<tr data-code=/g)?.length).toBe(12);
    expect(hr.html).toContain(`href="/complaints/${codes[0]}"`);
    const other = await get(`/reports/evidence/${f.beta.nip}/signals?period=${PERIOD}&signal=unverified`, 'managerDinkes');
    expect(other.status).toBe(404);
    expect(other.html).not.toContain('data-code=');
    expect((await get(`/reports/evidence/${f.beta.nip}/signals?period=${PERIOD}&signal=bogus`, 'managerPupr')).status).toBe(404);
    const views = await audits('appraisal.viewed');
    expect(views.some((a) => a.actor_user_id === f.managerPupr && a.object_type === 'appraisal_signal')).toBe(true);
  });

  it('takes the umpan balik, the note and the lock through plain forms; nothing changes after the lock', async () => {
    const empty = await postForm(server.url, `/me/evidence?period=${PERIOD}`, { period: PERIOD, response: '  ' }, { cookie: c.alfa });
    expect(empty.status).toBe(422);
    expect(empty.html).toMatch(/id="response-error">Tulis teksnya terlebih dahulu/);
    const ok = await postForm(
      server.url,
      `/me/evidence?period=${PERIOD}`,
      { period: PERIOD, response: 'Bulan Oktober banjir besar.' },
      { cookie: c.alfa },
    );
    expect([ok.status, ok.location]).toEqual([303, `/me/evidence?period=${PERIOD}&saved=1`]);
    const other = await postForm(
      server.url,
      `/reports/evidence/${f.alfa.nip}?period=${PERIOD}`,
      { action: 'note', period: PERIOD, note: 'Bukan dinas saya' },
      { cookie: c.managerDinkes },
    );
    expect(other.status).toBe(404);
    const note = await postForm(
      server.url,
      `/reports/evidence/${f.alfa.nip}?period=${PERIOD}`,
      { action: 'note', period: PERIOD, note: 'Teliti dan ramah.' },
      { cookie: c.managerPupr },
    );
    expect(note.status).toBe(303);
    const unconfirmed = await postForm(
      server.url,
      `/reports/evidence/${f.alfa.nip}?period=${PERIOD}`,
      { action: 'lock', period: PERIOD },
      { cookie: c.managerPupr },
    );
    expect(unconfirmed.status).toBe(422);
    expect(unconfirmed.html).toContain('id="confirm-error"');
    const lock = await postForm(
      server.url,
      `/reports/evidence/${f.alfa.nip}?period=${PERIOD}`,
      { action: 'lock', period: PERIOD, confirm: '1' },
      { cookie: c.managerPupr },
    );
    expect(lock.status).toBe(303);
    const late = await postForm(server.url, `/me/evidence?period=${PERIOD}`, { period: PERIOD, response: 'Terlambat' }, { cookie: c.alfa });
    expect(late.status).toBe(422);
    const page = await get(`/me/evidence?period=${PERIOD}`, 'alfa');
    expect(page.html).toContain('Bulan Oktober banjir besar.');
    expect(page.html).toContain('Teliti dan ramah.');
    expect(page.html).not.toContain('name="response"');
    expect(page.html).not.toContain('Terlambat');
  });

  it('exports locked evidence to HR keyed by NIP + period, with no resident personal data, audited', async () => {
    const before = (await audits('appraisal.exported')).length;
    const csv = await get(`/reports/evidence/export.csv?period=${PERIOD}`, 'hr');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.html).toContain(`${f.alfa.nip},${PERIOD}`);
    expect(csv.html).not.toContain(f.beta.nip);
    noResidentData(csv.html);
    const json = await get(`/reports/evidence/export.json?period=${PERIOD}&department=PUPR`, 'hr');
    const body = JSON.parse(json.html) as { records: Record<string, { nip: string; period: string; evidence: { cases: number } }> };
    expect(Object.keys(body.records)).toEqual([`${f.alfa.nip}:${PERIOD}`]);
    expect(body.records[`${f.alfa.nip}:${PERIOD}`]!.evidence.cases).toBe(13);
    noResidentData(json.html);
    const xlsx = await fetch(`${server.url}/reports/evidence/export.xlsx?period=${PERIOD}`, { headers: { cookie: c.hr } });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await xlsx.arrayBuffer());
    const cells: string[] = [];
    wb.worksheets[0]!.eachRow((row) => row.eachCell((cell) => cells.push(String(cell.value))));
    expect(cells).toContain(f.alfa.nip);
    noResidentData(cells.join(' '));
    expect((await audits('appraisal.exported')).length).toBe(before + 3);
    expect((await get(`/reports/evidence/export.json?period=${PERIOD}`, 'managerPupr')).status).toBe(404);
    expect((await get(`/reports/evidence/export.csv?period=${PERIOD}`, 'alfa')).status).toBe(404);
    expect((await audits('appraisal.exported')).length).toBe(before + 3);
  });
});
