// Data rights over HTTP (both dialects): "my data" download as JSON and printable page, erasure with
// the password again, the keyed complaint variant, the admin register and DPIA export — and after
// erasure no table, export or server log line carries the resident's name, email or phone.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dialectName, type TestDb } from '../support/db.ts';
import { getPage, postForm } from '../support/forms.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { createTestUser, sessionCookie, TEST_PASSWORD } from '../support/users.ts';
import { complaintFields, postComplaint, readReceipt } from '../support/complaints.ts';
import { openConsultation, sessionUser } from '../support/consultations.ts';
import { findText } from '../support/scan.ts';
import { contribute } from '../../src/server/consultations/contributions.service.ts';

const NAME = 'Dewi Anggraini Puspitasari';
const EMAIL = 'dewi.anggraini@example.test';
const PHONE = '+6281377665544';
const NEEDLES = [NAME, EMAIL, PHONE, '081377665544'];

let db: TestDb;
let server: RunningServer;
let uploadDir: string;
let cookie: string;
let userId: number;
let officerCookie: string;
let verifierCookie: string;
let adminCookie: string;
let consultationId: number;
let complaintCode = '';

beforeAll(async () => {
  db = await createTestDb();
  uploadDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-dp-http-'));
  server = await startServer({ DATABASE_URL: db.url, UPLOAD_DIR: uploadDir, LOG_LEVEL: 'info' });
  const u = await createTestUser(db.db, { name: NAME, email: EMAIL, phone: PHONE, affiliation: 'masyarakat' });
  userId = u.id;
  cookie = await sessionCookie(db.db, u.id);
  const officer = await sessionUser(db.db, { role: 'officer', departmentCode: 'PUPR' });
  officerCookie = await sessionCookie(db.db, officer.id);
  verifierCookie = await sessionCookie(db.db, (await createTestUser(db.db, { role: 'verifier' })).id);
  adminCookie = await sessionCookie(db.db, (await createTestUser(db.db, { role: 'admin' })).id);
  consultationId = await openConsultation(db.db, officer, new Date());
  const me = await db.db.selectFrom('users').selectAll().where('id', '=', u.id).executeTakeFirstOrThrow();
  await contribute(
    db.db,
    {
      now: new Date(),
      actor: {
        id: me.id,
        email: me.email,
        name: me.name,
        role: 'resident',
        departmentId: null,
        nip: null,
        affiliation: 'masyarakat',
        affiliationVerified: false,
        locale: 'id',
      },
    },
    consultationId,
    {
      body: `Salam, saya ${NAME}. Trayek perlu melewati pasar.`,
      stance: 'setuju',
      questionId: null,
    },
  );
  // Lainnya is not auto-routed: the complaint waits for a verifier, who sees the contact data.
  const r = await postComplaint(
    server.url,
    complaintFields({
      category: 'lainnya',
      name: NAME,
      email: EMAIL,
      phone: PHONE,
      description: `Pelapor ${NAME} (${PHONE}) melihat trotoar rusak di depan sekolah.`,
    }),
    [],
    cookie,
  );
  expect(r.status).toBe(303);
  complaintCode = (await db.db.selectFrom('complaints').select('code').where('reporter_user_id', '=', userId).executeTakeFirstOrThrow())
    .code;
});

afterAll(async () => {
  await server?.stop();
  await db?.cleanup();
  fs.rmSync(uploadDir, { recursive: true, force: true });
});

describe(`my data over HTTP (${dialectName})`, () => {
  it('downloads everything as JSON and as a printable page', async () => {
    const page = await getPage(server.url, '/me/data', { cookie });
    expect(page.status).toBe(200);
    expect(page.html).toContain('href="/me/data/export.json"');
    expect(page.html).toContain('href="/me/profile"');
    const json = await getPage(server.url, '/me/data/export.json', { cookie });
    expect(json.status).toBe(200);
    expect(json.headers.get('content-disposition')).toMatch(/attachment/);
    const data = JSON.parse(json.html);
    expect(data.profile.email).toBe(EMAIL);
    expect(data.complaints.map((c: { code: string }) => c.code)).toEqual([complaintCode]);
    expect(data.contributions).toHaveLength(1);
    const html = await getPage(server.url, '/me/data/report', { cookie });
    expect(html.status).toBe(200);
    expect(html.html).toContain(complaintCode);
    expect(html.html).toContain('Trayek perlu melewati pasar');
  });

  it('a verifier opening the complaint leaves an audit row naming it', async () => {
    const r = await getPage(server.url, `/staff/verify/${complaintCode}`, { cookie: verifierCookie });
    expect(r.status).toBe(200);
    expect(r.html).toContain(EMAIL);
    const rows = await db.db.selectFrom('audit_log').select(['object_id']).where('action', '=', 'complaint.contact_viewed').execute();
    expect(rows.map((x) => x.object_id)).toContain(complaintCode);
  });

  it('refuses erasure without the confirmation or with a wrong password, keeping what was typed out of the page', async () => {
    let r = await postForm(server.url, '/me/data', { password: TEST_PASSWORD }, { cookie });
    expect(r.status).toBe(422);
    expect(r.html).toContain('aria-invalid="true"');
    r = await postForm(server.url, '/me/data', { password: 'salah-sekali-123', confirm: 'yes' }, { cookie });
    expect(r.status).toBe(422);
    expect(r.html).toContain('Kata sandi tidak cocok');
    expect((await findText(db.db, [EMAIL])).length).toBeGreaterThan(0);
  });

  it('erases the account: logged out, nothing left in tables, exports or later log lines', async () => {
    const logBefore = server.output().length;
    const r = await postForm(server.url, '/me/data', { password: TEST_PASSWORD, confirm: 'yes' }, { cookie });
    expect(r.status).toBe(303);
    expect(r.location).toBe('/me/data/erased');
    expect(r.session).toBe('');
    const me = await getPage(server.url, '/me', { cookie });
    expect(me.status).toBe(303);
    expect(me.location).toMatch(/^\/login/);

    expect(await findText(db.db, NEEDLES)).toEqual([]);
    // The public record stays, anonymised.
    const pub = await getPage(server.url, `/complaints/${complaintCode}`);
    expect(pub.status).toBe(200);
    expect(pub.html).toContain('trotoar rusak');
    // Exports no longer carry the name.
    const csv = await getPage(server.url, `/consultations/${consultationId}/export.csv`, { cookie: officerCookie });
    expect(csv.status).toBe(200);
    expect(csv.html).toContain('Trayek perlu melewati pasar');
    for (const n of NEEDLES) expect(csv.html).not.toContain(n);
    const xlsx = await fetch(`${server.url}/consultations/${consultationId}/export.xlsx`, { headers: { cookie: officerCookie } });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await xlsx.arrayBuffer());
    const cells: string[] = [];
    wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((c) => cells.push(String(c.value ?? '')))));
    expect(cells.join('\n')).toContain('Trayek perlu melewati pasar');
    for (const n of NEEDLES) expect(cells.join('\n')).not.toContain(n);
    // Staff views after erasure show no contact data either.
    const staff = await getPage(server.url, `/staff/verify/${complaintCode}`, { cookie: verifierCookie });
    for (const n of NEEDLES) expect(staff.html).not.toContain(n);
    // The admin register shows the completed requests with their due times.
    const admin = await getPage(server.url, '/admin/data-requests', { cookie: adminCookie });
    expect(admin.status).toBe(200);
    expect(admin.html).toContain('Penghapusan');
    expect(admin.html).toContain(`Akun #${userId}`);
    for (const n of NEEDLES) expect(admin.html).not.toContain(n);
    const log = server.output().slice(logBefore);
    for (const n of NEEDLES) expect(log).not.toContain(n);
  });
});

describe(`a reporter without an account (${dialectName})`, () => {
  it('downloads one complaint with its access key and erases its contact data', async () => {
    const who = { name: 'Agus Salim Wirawan', email: 'agus.wirawan@example.test', phone: '+6285233445566' };
    const receipt = await readReceipt(
      server.url,
      await postComplaint(server.url, complaintFields({ ...who, description: `Dari ${who.name}: lampu jalan mati.` })),
    );
    const path = `/complaints/${receipt.code}/data`;
    let r = await postForm(server.url, path, { key: 'AAAA-BBBB-CCCC-DDDD', action: 'json' });
    expect(r.status).toBe(422);
    expect(r.html).toContain('Kode akses tidak cocok');
    r = await postForm(server.url, path, { key: receipt.key, action: 'json' });
    expect(r.status).toBe(200);
    const data = JSON.parse(r.html);
    expect(data.complaints).toHaveLength(1);
    expect(data.complaints[0].reporterEmail).toBe(who.email);
    r = await postForm(server.url, path, { key: receipt.key, action: 'html' });
    expect(r.status).toBe(200);
    expect(r.html).toContain('lampu jalan mati');
    expect(r.html).toContain(who.email);
    expect(r.headers.get('cache-control')).toContain('no-store');
    r = await postForm(server.url, path, { key: receipt.key, action: 'erase' });
    expect(r.status).toBe(422);
    expect(r.html).toContain('Centang pernyataan ini');
    const logBefore = server.output().length;
    r = await postForm(server.url, path, { key: receipt.key, action: 'erase', confirm: 'yes' });
    expect(r.status).toBe(303);
    expect(r.location).toBe(`${path}?erased=1`);
    expect(await findText(db.db, [who.name, who.email, who.phone])).toEqual([]);
    const log = server.output().slice(logBefore);
    for (const n of [who.name, who.email, who.phone]) expect(log).not.toContain(n);
  });
});

describe(`admin: record of processing activities (${dialectName})`, () => {
  it('is shown and exported as CSV and XLSX', async () => {
    const page = await getPage(server.url, '/admin/processing-activities', { cookie: adminCookie });
    expect(page.status).toBe(200);
    expect(page.html).toContain('Penanganan pengaduan');
    const csv = await getPage(server.url, '/admin/processing-activities/export.csv', { cookie: adminCookie });
    expect(csv.status).toBe(200);
    expect(csv.html).toContain('Dasar pemrosesan');
    expect(csv.html).toContain('24 bulan');
    const en = await getPage(server.url, '/admin/processing-activities/export.csv', { cookie: `${adminCookie}; lang=en` });
    expect(en.html).toContain('Legal basis');
    const xlsx = await fetch(`${server.url}/admin/processing-activities/export.xlsx`, { headers: { cookie: adminCookie } });
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
  });
});

describe(`admin: requests from other channels (${dialectName})`, () => {
  it('registers a request with its due time, refuses a name or email as subject, and closes it once', async () => {
    let r = await postForm(
      server.url,
      '/admin/data-requests',
      { action: 'register', kind: 'erasure', subject_type: 'user', subject_id: 'orang@example.test' },
      { cookie: adminCookie },
    );
    expect(r.status).toBe(422);
    expect(r.html).toContain('aria-invalid="true"');
    expect(await db.db.selectFrom('data_requests').select('id').where('channel', '=', 'operator').execute()).toEqual([]);

    r = await postForm(
      server.url,
      '/admin/data-requests',
      { action: 'register', kind: 'access', subject_type: 'complaint', subject_id: 'plg-26-abc234' },
      { cookie: adminCookie },
    );
    expect(r.status).toBe(303);
    const row = await db.db.selectFrom('data_requests').selectAll().where('channel', '=', 'operator').executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      kind: 'access',
      subject_type: 'complaint',
      subject_id: 'PLG-26-ABC234',
      state: 'received',
      completed_at: null,
    });
    expect(Number(row.due_at) - Number(row.received_at)).toBe(72 * 3_600_000);
    const page = await getPage(server.url, '/admin/data-requests', { cookie: adminCookie });
    expect(page.html).toContain('Pengaduan PLG-26-ABC234');
    expect(page.html).toContain('Tandai selesai');

    // Only an admin may register or close: an officer's POST gets the 404 page.
    const denied = await postForm(
      server.url,
      '/admin/data-requests',
      { action: 'close', id: String(row.id), outcome: 'refused' },
      { cookie: officerCookie },
    );
    expect(denied.status).toBe(404);

    r = await postForm(
      server.url,
      '/admin/data-requests',
      { action: 'close', id: String(row.id), outcome: 'completed' },
      { cookie: adminCookie },
    );
    expect(r.status).toBe(303);
    r = await postForm(
      server.url,
      '/admin/data-requests',
      { action: 'close', id: String(row.id), outcome: 'refused' },
      { cookie: adminCookie },
    );
    const closed = await db.db.selectFrom('data_requests').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow();
    expect(closed.state).toBe('completed');
    expect(closed.completed_at).not.toBeNull();
  });
});
