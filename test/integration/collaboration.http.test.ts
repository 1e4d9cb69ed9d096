// Departments handling a complaint together over HTTP (issue 26): the lead's "Minta dukungan" form, the
// supporter's "Dukungan diminta" inbox and task page (accept, done), the resolve refused while a task is
// open (409 with a message, never 500), a confidential complaint's task page without its content, a stale
// answer answered 409, and other departments answered 404.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dialectName, type TestDb } from '../support/db.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { createTestUser, sessionCookie } from '../support/users.ts';
import { fileSocial } from '../support/collaboration.ts';
import { loadCalendar } from '../../src/server/calendar/calendar.repository.ts';
import type { WorkingCalendar } from '../../src/server/calendar/calendar.ts';

let db: TestDb;
let server: RunningServer;
let uploadDir: string;
let calendar: WorkingCalendar;
const staff: Record<string, { id: number; cookie: string }> = {};

beforeAll(async () => {
  db = await createTestDb();
  uploadDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-collab-http-'));
  server = await startServer({ DATABASE_URL: db.url, UPLOAD_DIR: uploadDir });
  calendar = await loadCalendar(db.db, 'Asia/Jakarta');
  for (const [key, role, dept] of [
    ['dinsos', 'officer', 'DINSOS'],
    ['dinsosManager', 'manager', 'DINSOS'],
    ['dinkes', 'officer', 'DINKES'],
    ['dinkesManager', 'manager', 'DINKES'],
    ['pupr', 'officer', 'PUPR'],
  ] as const) {
    const u = await createTestUser(db.db, { role, departmentCode: dept, name: `Petugas ${key}` });
    staff[key] = { id: u.id, cookie: await sessionCookie(db.db, u.id) };
  }
});
afterAll(async () => {
  await server?.stop();
  await db?.cleanup();
  fs.rmSync(uploadDir, { recursive: true, force: true });
});

const get = (p: string, cookie?: string) => fetch(`${server.url}${p}`, { headers: cookie ? { cookie } : {}, redirect: 'manual' });
const post = (p: string, fields: Record<string, string>, cookie?: string) =>
  fetch(`${server.url}${p}`, {
    method: 'POST',
    body: new URLSearchParams(fields),
    redirect: 'manual',
    headers: { origin: server.url, 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
  });
const taskOf = async (code: string) => {
  const c = await db.db.selectFrom('complaints').select('id').where('code', '=', code).executeTakeFirstOrThrow();
  return db.db.selectFrom('support_requests').selectAll().where('complaint_id', '=', c.id).orderBy('id', 'desc').executeTakeFirstOrThrow();
};
const TASK = 'Mohon petugas puskesmas memeriksa kesehatan lansia di alamat ini.';

describe(`collaboration over HTTP (${dialectName})`, () => {
  it('request → inbox → accept → done → resolve, and the public timeline names the department', async () => {
    const code = await fileSocial(db.db, new Date(), calendar, uploadDir);
    const page = await get(`/staff/complaints/${code}`, staff.dinsos!.cookie);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(`/staff/complaints/${code}/support`);
    const bad = await post(
      `/staff/complaints/${code}/support`,
      { action: 'request', department: 'DINKES', task: 'pendek', days: '3' },
      staff.dinsos!.cookie,
    );
    expect(bad.status).toBe(422);
    const r = await post(
      `/staff/complaints/${code}/support`,
      { action: 'request', department: 'DINKES', task: TASK, days: '3' },
      staff.dinsos!.cookie,
    );
    expect(r.status).toBe(303);
    const task = await taskOf(code);
    expect(task.state).toBe('requested');

    // Other departments: 404 on both pages; the lead cannot open the supporter's page either.
    expect((await get(`/staff/support/${task.id}`, staff.pupr!.cookie)).status).toBe(404);
    expect((await get(`/staff/support/${task.id}`, staff.dinsos!.cookie)).status).toBe(404);
    expect(
      (await post(`/staff/support/${task.id}`, { action: 'accept', assignee: String(staff.pupr!.id) }, staff.pupr!.cookie)).status,
    ).toBe(404);
    expect((await get(`/staff/complaints/${code}/support`, staff.dinkes!.cookie)).status).toBe(404);
    // Its events name the supporting department, yet it never held the complaint: 404, not "moved away" (409).
    expect((await get(`/staff/complaints/${code}`, staff.dinkes!.cookie)).status).toBe(404);
    expect(
      (await post(`/staff/complaints/${code}`, { action: 'note', note: 'Catatan dari dinas pendukung.' }, staff.dinkes!.cookie)).status,
    ).toBe(404);

    const inbox = await (await get('/staff/inbox', staff.dinkes!.cookie)).text();
    expect(inbox).toContain('Dukungan diminta');
    expect(inbox).toContain(`/staff/support/${task.id}`);
    const taskPage = await (await get(`/staff/support/${task.id}`, staff.dinkes!.cookie)).text();
    expect(taskPage).toContain(TASK);
    expect(taskPage).toContain('Lansia terlantar butuh bantuan');
    expect(taskPage).not.toContain('siti@example.test');

    expect(
      (
        await post(
          `/staff/support/${task.id}`,
          { action: 'accept', assignee: String(staff.dinkes!.id), version: '0' },
          staff.dinkes!.cookie,
        )
      ).status,
    ).toBe(303);
    // A second manager's answer from the page as it was: 409 with the state now, not a success.
    const stale = await post(
      `/staff/support/${task.id}`,
      { action: 'decline', reason: 'Tidak ada petugas tersedia minggu ini.', version: '0' },
      staff.dinkesManager!.cookie,
    );
    expect(stale.status).toBe(409);
    expect(await stale.text()).toContain('Diterima');

    // The lead may not resolve while the task is open.
    await post(`/staff/complaints/${code}`, { action: 'respond', note: 'Kami sedang menindaklanjuti laporan ini.' }, staff.dinsos!.cookie);
    const blocked = await post(
      `/staff/complaints/${code}`,
      { action: 'resolve', note: 'Lansia sudah mendapat bantuan dan perawatan.' },
      staff.dinsos!.cookie,
    );
    expect(blocked.status).toBe(409);
    expect(await blocked.text()).toContain('masih ada tugas dukungan yang terbuka');

    expect(
      (
        await post(
          `/staff/support/${task.id}`,
          { action: 'complete', note: 'Petugas puskesmas sudah memeriksa dan merujuk lansia.', visibility: 'public' },
          staff.dinkes!.cookie,
        )
      ).status,
    ).toBe(303);
    expect(
      (
        await post(
          `/staff/complaints/${code}`,
          { action: 'resolve', note: 'Lansia sudah mendapat bantuan dan perawatan.' },
          staff.dinsos!.cookie,
        )
      ).status,
    ).toBe(303);
    // The task has ended: the supporter no longer sees it.
    expect((await get(`/staff/support/${task.id}`, staff.dinkes!.cookie)).status).toBe(404);

    const pub = await (await get(`/complaints/${code}`)).text();
    expect(pub).toContain('Dinas Kesehatan membantu:');
    expect(pub).toContain('Petugas puskesmas sudah memeriksa dan merujuk lansia.');
    expect(pub).not.toContain('Petugas dinkes');
    expect(pub).not.toContain(TASK);
  });

  it('a confidential complaint: the supporter sees the task, not the complaint; the lead manager closes a task', async () => {
    const code = await fileSocial(db.db, new Date(), calendar, uploadDir, { privacy: 'confidential' });
    expect(
      (
        await post(
          `/staff/complaints/${code}/support`,
          { action: 'request', department: 'DINKES', task: TASK, days: '2' },
          staff.dinsos!.cookie,
        )
      ).status,
    ).toBe(303);
    const task = await taskOf(code);
    const html = await (await get(`/staff/support/${task.id}`, staff.dinkes!.cookie)).text();
    expect(html).toContain(TASK);
    expect(html).toContain('Pengaduan ini rahasia');
    expect(html).not.toMatch(/Lansia terlantar|Siti Pelapor|Jl\. Contoh/);
    // An officer of the lead may not close; the manager may, with a reason.
    expect(
      (
        await post(
          `/staff/complaints/${code}/support`,
          { action: 'close', task_id: String(task.id), reason: 'Sudah ditangani sendiri oleh dinas.' },
          staff.dinsos!.cookie,
        )
      ).status,
    ).toBe(403);
    expect(
      (
        await post(
          `/staff/complaints/${code}/support`,
          { action: 'close', task_id: String(task.id), reason: 'Sudah ditangani sendiri oleh dinas.' },
          staff.dinsosManager!.cookie,
        )
      ).status,
    ).toBe(303);
    expect((await taskOf(code)).state).toBe('closed_by_lead');
  });
});
