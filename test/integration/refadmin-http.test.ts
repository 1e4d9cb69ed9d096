// Admin pages for reference data: only admins get in; each change is validated, saved and audited,
// and takes effect where residents notice it (calendar, routing, the complaint form).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dialectName, type TestDb } from '../support/db.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { createTestUser, sessionCookie } from '../support/users.ts';
import { complaintFields, postComplaint, readReceipt } from '../support/complaints.ts';
import { loadCalendar } from '../../src/server/calendar/calendar.repository.ts';
import { isWorkingDate } from '../../src/server/calendar/calendar.ts';

let db: TestDb;
let server: RunningServer;
let adminCookie: string;
let uploadDir: string;

beforeAll(async () => {
  db = await createTestDb();
  uploadDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-up-'));
  // Complaints here are posted within milliseconds of the form: without this they are held as possible bots, unrouted.
  server = await startServer({ DATABASE_URL: db.url, UPLOAD_DIR: uploadDir, COMPLAINT_MIN_FILL_SECONDS: '0' });
  const admin = await createTestUser(db.db, { role: 'admin' });
  adminCookie = await sessionCookie(db.db, admin.id);
});

afterAll(async () => {
  await server?.stop();
  await db?.cleanup();
  fs.rmSync(uploadDir, { recursive: true, force: true });
});

const post = (p: string, body: Record<string, string>, cookie = adminCookie) =>
  fetch(`${server.url}${p}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { origin: server.url, cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(body),
  });
const get = (p: string, cookie = adminCookie) => fetch(`${server.url}${p}`, { headers: { cookie }, redirect: 'manual' });
const auditActions = async () => (await db.db.selectFrom('audit_log').select('action').orderBy('id').execute()).map((a) => a.action);

describe(`reference admin (${dialectName})`, () => {
  it('is closed to everyone but admins', async () => {
    expect((await fetch(`${server.url}/admin/holidays`, { redirect: 'manual' })).status).toBe(303);
    for (const role of ['resident', 'verifier', 'officer', 'hr'] as const) {
      const u = await createTestUser(db.db, { role });
      const cookie = await sessionCookie(db.db, u.id);
      expect((await get('/admin/categories', cookie)).status, role).toBe(404);
      expect(
        (await post('/admin/holidays', { action: 'save', date: '2026-12-31', name: 'Coba', kind: 'libur_daerah' }, cookie)).status,
        role,
      ).toBe(404);
    }
    expect(await db.db.selectFrom('holidays').select('date').where('date', '=', '2026-12-31').executeTakeFirst()).toBeUndefined();
  });

  it('adds and deletes a regional holiday, which the working-day calendar then skips', async () => {
    const bad = await post('/admin/holidays', { action: 'save', date: '2026-02-30', name: '', kind: 'libur_daerah' });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain('Isi tanggal yang valid');
    expect(html).toContain('aria-invalid="true"');
    const ok = await post('/admin/holidays', { action: 'save', date: '2026-12-31', name: 'Libur daerah uji', kind: 'libur_daerah' });
    expect(ok.status).toBe(303);
    expect(await (await get('/admin/holidays?year=2026')).text()).toContain('Libur daerah uji');
    expect(isWorkingDate('2026-12-31', await loadCalendar(db.db, 'Asia/Jakarta'))).toBe(false);
    expect((await post('/admin/holidays', { action: 'delete', date: '2026-12-31' })).status).toBe(303);
    expect(isWorkingDate('2026-12-31', await loadCalendar(db.db, 'Asia/Jakarta'))).toBe(true);
    expect(await auditActions()).toEqual(expect.arrayContaining(['reference.holiday_saved', 'reference.holiday_deleted']));
  });

  it('edits a category’s department, routing and targets, refusing contradictions; the form shows the change', async () => {
    const contradictory = await post('/admin/categories/parkir', {
      topic_code: 'transportasi',
      name_id: 'Parkir liar',
      name_en: 'Illegal parking',
      description_id: '',
      description_en: '',
      department: '',
      auto_route: '1',
      response_days: '10',
      resolution_days: '3',
      active: '1',
    });
    expect(contradictory.status).toBe(422);
    const text = await contradictory.text();
    expect(text).toContain('Penerusan otomatis memerlukan dinas penanggung jawab.');
    expect(text).toContain('Target penyelesaian tidak boleh lebih singkat');
    const ok = await post('/admin/categories/parkir', {
      topic_code: 'transportasi',
      name_id: 'Parkir liar',
      name_en: 'Illegal parking',
      description_id: '',
      description_en: '',
      department: 'SATPOLPP',
      auto_route: '1',
      response_days: '3',
      resolution_days: '10',
      active: '1',
    });
    expect(ok.status).toBe(303);
    const form = await (await fetch(`${server.url}/complaints/new`)).text();
    expect(form).toContain('Ditangani oleh Satpol PP · jawaban pertama dalam 3 hari kerja, penyelesaian dalam 10 hari kerja');
    expect((await get('/admin/categories/tidak-ada')).status).toBe(404);
  });

  it('adds a category that residents can then choose', async () => {
    const r = await post('/admin/categories/new', {
      code: 'pohon-tumbang',
      topic_code: 'lingkungan',
      name_id: 'Pohon tumbang',
      name_en: 'Fallen tree',
      description_id: '',
      description_en: '',
      department: 'DLHK',
      auto_route: '1',
      response_days: '2',
      resolution_days: '5',
    });
    expect(r.status).toBe(303);
    expect(await (await fetch(`${server.url}/complaints/new`)).text()).toContain('Pohon tumbang');
    const dup = await post('/admin/categories/new', {
      code: 'pohon-tumbang',
      topic_code: 'lingkungan',
      name_id: 'X',
      name_en: 'X',
      response_days: '2',
      resolution_days: '5',
    });
    expect(dup.status).toBe(422);
    expect(await dup.text()).toContain('Kode itu sudah dipakai.');
  });

  it('adds an area routing rule that sends new complaints of that category and kecamatan elsewhere', async () => {
    const r = await post('/admin/routing-rules', { action: 'add', category: 'jalan-rusak', kecamatan: '16.71.01', department: 'DISHUB' });
    expect(r.status).toBe(303);
    expect(
      (await post('/admin/routing-rules', { action: 'add', category: 'jalan-rusak', kecamatan: '16.71.01', department: 'PUPR' })).status,
    ).toBe(422);
    const { code } = await readReceipt(
      server.url,
      await postComplaint(server.url, complaintFields({ category: 'jalan-rusak', title: 'Jalan berlubang di 35 Ilir' })),
    );
    const page = await (await fetch(`${server.url}/complaints/${code}`)).text();
    expect(page).toContain('Diteruskan ke Dinas Perhubungan');
    expect(await auditActions()).toContain('reference.routing_rule_created');
  });

  it('adds and edits departments and areas', async () => {
    expect(
      (
        await post('/admin/departments', {
          code: 'bpbd',
          name: 'Badan Penanggulangan Bencana Daerah Kota Palembang',
          short_name: 'BPBD',
          active: '1',
        })
      ).status,
    ).toBe(303);
    expect(await (await get('/admin/departments')).text()).toContain('BPBD');
    expect(
      (await post('/admin/departments/BPBD', { name: 'Badan Penanggulangan Bencana Daerah Kota Palembang', short_name: 'BPBD Palembang' }))
        .status,
    ).toBe(303);
    const d = await db.db.selectFrom('departments').selectAll().where('code', '=', 'BPBD').executeTakeFirstOrThrow();
    expect([d.short_name, d.active]).toEqual(['BPBD Palembang', 0]);
    expect((await post('/admin/areas', { code: '16.71.01.9999', name: 'Kelurahan Uji', common_name: 'Uji' })).status).toBe(303);
    expect((await post('/admin/areas', { code: '16.99.01.1001', name: 'Tanpa induk', common_name: 'Tanpa induk' })).status).toBe(422);
    expect((await post('/admin/areas/16.71.01.9999', { name: 'Kelurahan Uji', common_name: 'Uji Baru' })).status).toBe(303);
    expect(await (await fetch(`${server.url}/complaints/new`)).text()).toContain('>Uji Baru</option>');
  });
});
