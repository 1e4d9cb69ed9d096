// The department workflow over HTTP against the built server: inbox and fragment, the staff complaint
// page and its actions, the reporter's follow-up on the tracking page, the authorization matrix
// (another department's officer gets 404 everywhere, residents never reach staff pages, nobody but the
// reporter rates), races answered with 409 (never 500), and the emails delivered by SMTP on loopback.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dialectName, type TestDb } from '../support/db.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { createTestUser, sessionCookie } from '../support/users.ts';
import { startSmtp } from '../support/smtp.ts';
import { complaintFields, jpeg, postComplaint, readReceipt } from '../support/complaints.ts';
import { deliverOutbox, smtpMailer } from '../../src/server/notifications/delivery.ts';
import { enqueueWhatsapp } from '../../src/server/channels/whatsapp-outbox.ts';
import { listMessage } from '../../src/server/channels/whatsapp-messages.ts';

let db: TestDb;
let server: RunningServer;
let uploadDir: string;
let officerA: { id: number; cookie: string };
let officerA2: { id: number; cookie: string };
let officerB: { id: number; cookie: string };
let residentCookie: string;

async function staffUser(role: 'officer' | 'manager', departmentCode: string) {
  const u = await createTestUser(db.db, { role, departmentCode });
  return { id: u.id, cookie: await sessionCookie(db.db, u.id) };
}

beforeAll(async () => {
  db = await createTestDb();
  uploadDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-up-'));
  server = await startServer({
    DATABASE_URL: db.url,
    UPLOAD_DIR: uploadDir,
    COMPLAINTS_PER_HOUR: '1000',
    COMPLAINTS_PER_ADDRESS_HOUR: '1000',
    COMPLAINT_MIN_FILL_SECONDS: '0',
  });
  officerA = await staffUser('officer', 'DLHK');
  officerA2 = await staffUser('officer', 'DLHK');
  officerB = await staffUser('officer', 'PUPR');
  const r = await createTestUser(db.db, { role: 'resident' });
  residentCookie = await sessionCookie(db.db, r.id);
});

afterAll(async () => {
  await server?.stop();
  await db?.cleanup();
  fs.rmSync(uploadDir, { recursive: true, force: true });
});

const get = (p: string, cookie?: string, headers: Record<string, string> = {}) =>
  fetch(`${server.url}${p}`, { headers: { ...(cookie ? { cookie } : {}), ...headers }, redirect: 'manual' });
function post(p: string, fields: Record<string, string>, cookie?: string) {
  return fetch(`${server.url}${p}`, {
    method: 'POST',
    body: new URLSearchParams(fields),
    redirect: 'manual',
    headers: { origin: server.url, 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
  });
}
/** A complaint in category 'sampah' (auto-routed to DLHK), with the reporter's key cookie. */
async function fileComplaint(over: Record<string, string> = {}) {
  const r = await postComplaint(
    server.url,
    complaintFields({ category: 'sampah', name: 'Rina Pelapor', email: 'rina@example.test', phone: '0812-3456-7890', ...over }),
  );
  return readReceipt(server.url, r);
}
const state = async (code: string) =>
  (await db.db.selectFrom('complaints').select('state').where('code', '=', code).executeTakeFirstOrThrow()).state;

describe(`department workflow over HTTP (${dialectName})`, () => {
  it('officer: inbox lists the complaint, the htmx fragment filters it, the staff page shows contact data and audits the view', async () => {
    const { code } = await fileComplaint({
      title: 'Tumpukan sampah di jembatan',
      description: 'Tumpukan sampah menutup jalur pejalan kaki di kaki jembatan.',
    });
    const inbox = await get('/staff/inbox', officerA.cookie);
    expect(inbox.status).toBe(200);
    const html = await inbox.text();
    expect(html).toContain(code);
    expect(html).toContain('hx-get="/fragments/staff/inbox"');
    const frag = await get('/fragments/staff/inbox?q=jembatan', officerA.cookie, { 'HX-Request': 'true' });
    const fhtml = await frag.text();
    expect(frag.status).toBe(200);
    expect(fhtml).toContain(code);
    expect(fhtml).not.toContain('<html');
    expect(await (await get('/fragments/staff/inbox?q=tidakadakatainiyy', officerA.cookie)).text()).not.toContain(code);
    // Without JS the same filters work on the page itself.
    expect(await (await get('/staff/inbox?q=jembatan&state=open', officerA.cookie)).text()).toContain(code);

    const page = await get(`/staff/complaints/${code}`, officerA.cookie);
    expect(page.status).toBe(200);
    const ph = await page.text();
    expect(ph).toContain('rina@example.test');
    expect(ph).toContain('Kirim tanggapan');
    const audits = await db.db
      .selectFrom('audit_log')
      .select(['actor_user_id', 'details'])
      .where('action', '=', 'complaint.contact_viewed')
      .where('object_id', '=', code)
      .execute();
    expect(audits.map((a) => a.actor_user_id)).toEqual([officerA.id]);
    expect(audits[0]!.details).not.toContain('rina');
  });

  it('anonymous complaints: no contact data for staff, and nothing audited as viewed', async () => {
    const { code } = await fileComplaint({ privacy: 'anonymous' });
    const ph = await (await get(`/staff/complaints/${code}`, officerA.cookie)).text();
    expect(ph).not.toContain('rina@example.test');
    expect(ph).not.toContain('Rina Pelapor');
    expect(
      await db.db
        .selectFrom('audit_log')
        .select('id')
        .where('action', '=', 'complaint.contact_viewed')
        .where('object_id', '=', code)
        .execute(),
    ).toEqual([]);
  });

  it("authorization: department B's officer gets 404 for every page, action and fragment of department A's complaint; residents never reach staff pages", async () => {
    const { code, cookie: keyCookie } = await fileComplaint({
      title: 'Sampah rahasia dinas A',
      description: 'Hanya dinas lingkungan hidup yang boleh melihat ini.',
    });
    expect((await get(`/staff/complaints/${code}`, officerB.cookie)).status).toBe(404);
    for (const action of ['assign', 'take', 'respond', 'note', 'transfer', 'priority', 'resolve', 'duplicate']) {
      const r = await post(
        `/staff/complaints/${code}`,
        {
          action,
          note: 'Percobaan tindakan dari dinas lain.',
          assignee: String(officerB.id),
          department: 'PUPR',
          priority: 'urgent',
          duplicate_of: code,
        },
        officerB.cookie,
      );
      expect([action, r.status]).toEqual([action, 404]);
    }
    expect(await (await get('/staff/inbox', officerB.cookie)).text()).not.toContain(code);
    expect(await (await get('/fragments/staff/inbox?q=rahasia', officerB.cookie, { 'HX-Request': 'true' })).text()).not.toContain(code);
    // Nothing happened.
    expect(await state(code)).toBe('assigned');
    const events = await db.db
      .selectFrom('complaint_events as e')
      .innerJoin('complaints as c', 'c.id', 'e.complaint_id')
      .select('e.action')
      .where('c.code', '=', code)
      .orderBy('e.at')
      .orderBy('e.id')
      .execute();
    expect(events.map((e) => e.action)).toEqual(['submit', 'route']);
    // Residents and visitors.
    for (const p of ['/staff/inbox', `/staff/complaints/${code}`, '/fragments/staff/inbox', '/staff/templates']) {
      expect([p, (await get(p, residentCookie)).status]).toEqual([p, 404]);
      // Visitors are sent to the login page (the fragment too: the guard treats every staff route alike).
      expect([p, (await get(p)).status]).toEqual([p, 303]);
    }
    expect((await post(`/staff/complaints/${code}`, { action: 'respond', note: 'Warga mencoba menanggapi.' }, residentCookie)).status).toBe(
      404,
    );
    // Unknown actions are not found either (never a 500), for the handling officer and the reporter.
    expect((await post(`/staff/complaints/${code}`, { action: 'bogus' }, officerA.cookie)).status).toBe(404);
    expect((await post(`/complaints/${code}/follow-up`, { action: 'bogus' }, keyCookie)).status).toBe(404);
    // An officer is not the reporter: no follow-up, no rating.
    expect((await post(`/complaints/${code}/follow-up`, { action: 'rate', score: '1' }, officerA.cookie)).status).toBe(404);
  });

  it('respond (422 then 303), resolve, race on resolve → one 303 and one 409; reporter confirms and rates once via the tracking page', async () => {
    const { code, cookie: keyCookie } = await fileComplaint();
    const short = await post(`/staff/complaints/${code}`, { action: 'respond', note: 'ok' }, officerA.cookie);
    expect(short.status).toBe(422);
    const sh = await short.text();
    expect(sh).toContain('aria-invalid="true"');
    expect(sh).toContain('id="respond-note-error"');
    const ok = await post(
      `/staff/complaints/${code}`,
      { action: 'respond', note: 'Truk pengangkut dijadwalkan datang besok pagi.' },
      officerA.cookie,
    );
    expect(ok.status).toBe(303);
    expect(await state(code)).toBe('in_progress');
    // Unassigned, so either officer may resolve it; assigned and answered days ago, so the resolution is
    // not one the integrity signals hold for a check (resolution-checks.test.ts covers those).
    const DAY = 86_400_000;
    await db.db
      .updateTable('complaints')
      .set({ assignee_user_id: null, assigned_at: Date.now() - 3 * DAY, first_response_at: Date.now() - 2 * DAY })
      .where('code', '=', code)
      .execute();
    const [r1, r2] = await Promise.all([
      post(`/staff/complaints/${code}`, { action: 'resolve', note: 'Sampah sudah diangkut petugas pertama.' }, officerA.cookie),
      post(`/staff/complaints/${code}`, { action: 'resolve', note: 'Sampah sudah diangkut petugas kedua.' }, officerA2.cookie),
    ]);
    expect([r1.status, r2.status].sort()).toEqual([303, 409]);
    const loser = r1.status === 409 ? r1 : r2;
    expect(await loser.text()).toContain('baru saja diubah oleh orang lain');
    expect(await state(code)).toBe('resolved');

    // The reporter (key cookie) sees the timeline and the follow-up forms.
    const track = await (await get(`/complaints/${code}`, keyCookie)).text();
    expect(track).toContain('Truk pengangkut dijadwalkan datang besok pagi.');
    expect(track).toContain('id="form-confirm"');
    expect(track).toContain('id="form-rate"');
    // A visitor without the key sees the public timeline but no follow-up.
    const pub = await (await get(`/complaints/${code}`)).text();
    expect(pub).toContain('Truk pengangkut dijadwalkan datang besok pagi.');
    expect(pub).not.toContain('id="form-confirm"');
    expect((await post(`/complaints/${code}/follow-up`, { action: 'confirm' })).status).toBe(404);

    const bad = await post(`/complaints/${code}/follow-up`, { action: 'rate', score: '9' }, keyCookie);
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('Pilih nilai 1 sampai 5.');
    expect((await post(`/complaints/${code}/follow-up`, { action: 'rate', score: '4', comment: 'Cukup cepat' }, keyCookie)).status).toBe(
      303,
    );
    const again = await post(`/complaints/${code}/follow-up`, { action: 'rate', score: '1', comment: 'ubah' }, keyCookie);
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('sudah dinilai');
    expect((await post(`/complaints/${code}/follow-up`, { action: 'confirm' }, keyCookie)).status).toBe(303);
    expect(await state(code)).toBe('closed');
    const staffPage = await (await get(`/staff/complaints/${code}`, officerA.cookie)).text();
    expect(staffPage).toContain('4 dari 5');
    // No form on the staff page touches a rating.
    expect(staffPage).not.toMatch(/name="score"/);
  });

  it('dispute reopens the complaint for the department; the reporter can add information while it is open', async () => {
    const { code, cookie: keyCookie } = await fileComplaint();
    await post(`/staff/complaints/${code}`, { action: 'respond', note: 'Kami periksa ke lokasi hari ini.' }, officerA.cookie);
    await post(`/staff/complaints/${code}`, { action: 'resolve', note: 'Sudah dibersihkan seluruhnya.' }, officerA.cookie);
    expect(
      (await post(`/complaints/${code}/follow-up`, { action: 'dispute', note: 'Masih ada sampah di sisi selatan.' }, keyCookie)).status,
    ).toBe(303);
    expect(await state(code)).toBe('reopened');
    expect(
      (await post(`/complaints/${code}/follow-up`, { action: 'info', note: 'Tumpukan ada di belakang warung.' }, keyCookie)).status,
    ).toBe(303);
    const staffPage = await (await get(`/staff/complaints/${code}`, officerA.cookie)).text();
    expect(staffPage).toContain('Masih ada sampah di sisi selatan.');
    expect(staffPage).toContain('Tumpukan ada di belakang warung.');
    expect(await (await get('/staff/inbox?state=reopened', officerA.cookie)).text()).toContain(code);
  });

  it('internal notes stay internal; the reporter is emailed public events only, delivered by SMTP', async () => {
    const smtp = await startSmtp();
    try {
      const { code } = await fileComplaint({ email: 'dewi@example.test', name: 'Dewi' });
      await post(`/staff/complaints/${code}`, { action: 'note', note: 'CATATAN-INTERNAL pemilik TPS menolak' }, officerA.cookie);
      await post(`/staff/complaints/${code}`, { action: 'respond', note: 'Kami koordinasikan dengan pengelola TPS.' }, officerA.cookie);
      await post(
        `/staff/complaints/${code}`,
        { action: 'transfer', department: 'PUPR', note: 'Lokasi berada di saluran milik Dinas PUPR.' },
        officerA.cookie,
      );
      expect((await get(`/staff/complaints/${code}`, officerA.cookie)).status).toBe(404);
      expect(await (await get(`/staff/inbox`, officerB.cookie)).text()).toContain(code);
      expect(await (await get(`/complaints/${code}`)).text()).not.toContain('CATATAN-INTERNAL');
      const mailer = smtpMailer(smtp.url, 'Suara Warga <no-reply@example.test>');
      await deliverOutbox(db.db, mailer);
      mailer.transport.close();
      const toDewi = smtp.received.filter((m) => m.to[0] === 'dewi@example.test').map((m) => decode(m.raw));
      expect(toDewi).toHaveLength(3);
      const all = toDewi.join('\n');
      expect(all).toContain('Kami koordinasikan dengan pengelola TPS.');
      expect(all).toContain('dialihkan ke Dinas PUPR');
      expect(all).not.toContain('CATATAN-INTERNAL');
      // No other reporter's data in her messages.
      expect(all).not.toContain('rina@example.test');
      expect(all).not.toContain('Rina');
    } finally {
      await smtp.stop();
    }
  });

  it('admin outbox page: pending messages with masked recipients; nobody else may see it', async () => {
    const { code } = await fileComplaint({ email: 'outbox.check@example.test' });
    const admin = await createTestUser(db.db, { role: 'admin' });
    const r = await get('/admin/outbox?state=pending', await sessionCookie(db.db, admin.id));
    expect(r.status).toBe(200);
    const html = await r.text();
    expect(html).toContain(`Pengaduan ${code} telah diterima`);
    expect(html).toContain('o***@example.test');
    expect(html).not.toContain('outbox.check@example.test');
    expect((await get('/admin/outbox', officerA.cookie)).status).toBe(404);
    expect((await get('/admin/outbox', residentCookie)).status).toBe(404);
  });

  it('admin outbox page shows a WhatsApp message as its text and choices, not as Graph API JSON', async () => {
    const reply = listMessage('Pilih kategori pengaduan', 'Kategori', [{ id: 'cat:1', title: 'Jalan berlubang' }]);
    await enqueueWhatsapp(db.db, {
      to: '+6281200000001',
      locale: 'id',
      payload: { reply },
      topic: 'whatsapp.reply:outbox-view',
      now: new Date(),
    });
    const admin = await createTestUser(db.db, { role: 'admin' });
    const html = await (await get('/admin/outbox?state=pending', await sessionCookie(db.db, admin.id))).text();
    expect(html).toContain('Pilih kategori pengaduan\n• Jalan berlubang');
    expect(html).not.toContain('&quot;interactive&quot;');
    expect(html).not.toContain('6281200000001');
  });

  it('staff viewing contact data on the public complaint page is audited too', async () => {
    const { code } = await fileComplaint();
    expect(await (await get(`/complaints/${code}`, officerA.cookie)).text()).toContain('rina@example.test');
    const rows = await db.db
      .selectFrom('audit_log')
      .select('actor_user_id')
      .where('action', '=', 'complaint.contact_viewed')
      .where('object_id', '=', code)
      .execute();
    expect(rows.map((x) => x.actor_user_id)).toEqual([officerA.id]);
  });

  it('response templates: a manager adds one for a category, officers use it to prefill a response, officers cannot edit them', async () => {
    const manager = await staffUser('manager', 'DLHK');
    expect((await get('/staff/templates', officerA.cookie)).status).toBe(404);
    expect(
      (
        await post(
          '/staff/templates',
          { action: 'create', category: 'sampah', title: 'Jadwal angkut', body: 'Petugas menambah jadwal pengangkutan.' },
          officerA.cookie,
        )
      ).status,
    ).toBe(404);
    const invalid = await post('/staff/templates', { action: 'create', category: 'sampah', title: '', body: 'pendek' }, manager.cookie);
    expect(invalid.status).toBe(422);
    expect(
      (
        await post(
          '/staff/templates',
          {
            action: 'create',
            category: 'sampah',
            title: 'Jadwal angkut',
            body: 'Terima kasih. Petugas kebersihan akan mengangkut sampah sesuai jadwal tambahan minggu ini.',
          },
          manager.cookie,
        )
      ).status,
    ).toBe(303);
    const tpl = await db.db.selectFrom('response_templates').select('id').where('title', '=', 'Jadwal angkut').executeTakeFirstOrThrow();
    const { code } = await fileComplaint();
    const page = await (await get(`/staff/complaints/${code}`, officerA.cookie)).text();
    expect(page).toContain('Jadwal angkut');
    const filled = await (await get(`/staff/complaints/${code}?template=${tpl.id}`, officerA.cookie)).text();
    expect(filled).toMatch(/<textarea id="respond-note"[^>]*>Terima kasih\. Petugas kebersihan akan mengangkut/);
    // Department B neither sees nor deletes department A's templates.
    const managerB = await staffUser('manager', 'PUPR');
    expect(await (await get('/staff/templates', managerB.cookie)).text()).not.toContain('Jadwal angkut');
    expect((await post('/staff/templates', { action: 'delete', id: String(tpl.id) }, managerB.cookie)).status).toBe(404);
    expect((await post('/staff/templates', { action: 'delete', id: String(tpl.id) }, manager.cookie)).status).toBe(303);
  });

  it('resolution photo and reporter photo go through the photo pipeline and show on the complaint page', async () => {
    const { code, cookie: keyCookie } = await fileComplaint();
    await post(`/staff/complaints/${code}`, { action: 'respond', note: 'Kami cek ke lokasi siang ini.' }, officerA.cookie);
    const multipart = async (p: string, fields: Record<string, string>, photo: Buffer, cookie: string) => {
      const form = new FormData();
      for (const [k, v] of Object.entries(fields)) form.append(k, v);
      form.append('photo', new Blob([new Uint8Array(photo)], { type: 'image/jpeg' }), 'foto.jpg');
      return fetch(`${server.url}${p}`, { method: 'POST', body: form, redirect: 'manual', headers: { origin: server.url, cookie } });
    };
    expect(
      (
        await multipart(
          `/complaints/${code}/follow-up`,
          { action: 'info', note: 'Foto kondisi terbaru.' },
          await jpeg(80, 60, true),
          keyCookie,
        )
      ).status,
    ).toBe(303);
    const notImage = await multipart(
      `/staff/complaints/${code}`,
      { action: 'resolve', note: 'Sudah dibersihkan semuanya.' },
      Buffer.from('<svg onload=alert(1)>'),
      officerA.cookie,
    );
    expect(notImage.status).toBe(422);
    expect(await state(code)).toBe('in_progress');
    expect(
      (
        await multipart(
          `/staff/complaints/${code}`,
          { action: 'resolve', note: 'Sudah dibersihkan semuanya.' },
          await jpeg(120, 90),
          officerA.cookie,
        )
      ).status,
    ).toBe(303);
    const photos = await db.db
      .selectFrom('complaint_photos as p')
      .innerJoin('complaints as c', 'c.id', 'p.complaint_id')
      .select(['p.file_name', 'p.source'])
      .where('c.code', '=', code)
      .orderBy('p.sort_order')
      .execute();
    expect(photos.map((x) => x.source)).toEqual(['reporter', 'resolution']);
    const page = await (await get(`/complaints/${code}`)).text();
    for (const ph of photos) expect(page).toContain(`/complaints/${code}/photos/${ph.file_name}`);
    const img = await get(`/complaints/${code}/photos/${photos[0]!.file_name}`);
    expect(img.status).toBe(200);
    expect(Buffer.from(await img.arrayBuffer()).toString('latin1')).not.toContain('GPS-SECRET-TEST');
  });

  it('overdue stages are marked on the staff page and found by the inbox filter', async () => {
    const { code } = await fileComplaint({
      title: 'Sampah lama tidak tertangani',
      description: 'Sampah lama menumpuk dan tidak pernah ditangani dinas.',
    });
    const fresh = await fileComplaint({ title: 'Sampah baru saja menumpuk', description: 'Sampah baru menumpuk tadi pagi di ujung gang.' });
    // The server's clock is real: move the due date into the past instead.
    await db.db
      .updateTable('complaints')
      .set({ response_due_at: Date.now() - 3600_000 })
      .where('code', '=', code)
      .execute();
    const page = await (await get(`/staff/complaints/${code}`, officerA.cookie)).text();
    expect(page).toContain('class="badge overdue"');
    expect(await (await get(`/staff/complaints/${fresh.code}`, officerA.cookie)).text()).not.toContain('class="badge overdue"');
    const overdue = await (await get('/staff/inbox?overdue=1', officerA.cookie)).text();
    expect(overdue).toContain(code);
    expect(overdue).toContain('Tanggapan lewat tenggat');
    expect(overdue).not.toContain(fresh.code);
  });
});

/** Quoted-printable soft breaks and escapes undone, so assertions read the text. */
function decode(raw: string): string {
  return raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}
