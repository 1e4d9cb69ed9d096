// Filing, tracking, the public list and the verifier's queue over HTTP against the built server,
// with the privacy guarantees (anonymous, confidential) and the spam defences.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dialectName, type TestDb } from '../support/db.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { createTestUser, sessionCookie } from '../support/users.ts';
import { complaintFields, cookiesOf, jpeg, postComplaint, readReceipt } from '../support/complaints.ts';
import { rateLimitKey } from '../../src/server/security/rate-limit.ts';

let db: TestDb;
let server: RunningServer;
let uploadDir: string;
let verifierCookie: string;

beforeAll(async () => {
  db = await createTestDb();
  uploadDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-up-'));
  // The fill-time check has its own file (complaint-filing.test.ts); here a quick client is a person.
  server = await startServer({
    DATABASE_URL: db.url,
    UPLOAD_DIR: uploadDir,
    LOG_LEVEL: 'info',
    COMPLAINTS_PER_HOUR: '1000',
    COMPLAINTS_PER_ADDRESS_HOUR: '1000',
    COMPLAINT_MIN_FILL_SECONDS: '0',
  });
  const v = await createTestUser(db.db, { role: 'verifier' });
  verifierCookie = await sessionCookie(db.db, v.id);
});

afterAll(async () => {
  await server?.stop();
  await db?.cleanup();
  fs.rmSync(uploadDir, { recursive: true, force: true });
});

const get = (p: string, cookie?: string) => fetch(`${server.url}${p}`, { headers: cookie ? { cookie } : {}, redirect: 'manual' });
const count = async () =>
  Number(
    (
      await db.db
        .selectFrom('complaints')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe(`filing and tracking (${dialectName})`, () => {
  it('shows the form with categories grouped by topic, their department and time limits, areas and the PDP notice', async () => {
    const html = await (await get('/complaints/new')).text();
    expect(html).toContain('Jalan dan Infrastruktur');
    expect(html).toContain('Ditangani oleh Dinas PUPR');
    expect(html).toContain('<optgroup label="Ilir Barat II"');
    expect(html).toContain('href="/privacy"');
    expect(html).toContain('name="website"');
    for (const p of ['Publik', 'Anonim', 'Rahasia']) expect(html).toContain(p);
    const en = await (await get('/complaints/new?lang=en')).text();
    expect(en).toContain('File a complaint');
    expect(en).toContain('Handled by Dinas PUPR · first response within 5 working days');
    // The form's enhancement script is an external file: the CSP forbids inline scripts.
    const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].filter((m) => m[1]!.trim());
    expect(inline).toEqual([]);
  });

  it('says who handles a category and how fast once, for the chosen category only (no script needed)', async () => {
    // Visible text only: the per-category lines also travel in data attributes for the script.
    const visible = (html: string) => html.replace(/<[^>]*>/g, ' ');
    const handledLines = (html: string) => visible(html).match(/Ditangani oleh|Petugas verifikasi menentukan/g)?.length ?? 0;
    const blank = await (await get('/complaints/new')).text();
    expect(handledLines(blank)).toBe(0);
    // A re-render after an error names the chosen category's department and limits, and only that one.
    const r = await postComplaint(server.url, complaintFields({ category: 'pencemaran', title: '' }));
    expect(r.status).toBe(422);
    const again = await r.text();
    expect(handledLines(again)).toBe(1);
    expect(visible(again)).toMatch(/Ditangani oleh [^·]+· jawaban pertama dalam \d+ hari kerja/);
    expect(again.match(/id="category-handling"/g)).toHaveLength(1);
  });

  it('files a complaint with a photo: receipt with code and key, email in the outbox, photo re-encoded without EXIF', async () => {
    const photo = await jpeg(3000, 1000, true);
    expect(photo.toString('latin1')).toContain('GPS-SECRET-TEST');
    const r = await postComplaint(
      server.url,
      complaintFields({ name: 'Budi Santoso', email: 'budi@example.test', phone: '0812-3456-7890' }),
      [{ name: 'jalan.jpg', type: 'image/jpeg', data: photo }],
    );
    const { code, key, html } = await readReceipt(server.url, r);
    expect(code).toMatch(/^PLG-26-[2-9A-HJKMNP-Z]{6}$/);
    expect(key).toMatch(/^[2-9A-HJKMNP-Z]{4}(-[2-9A-HJKMNP-Z]{4}){3}$/);
    expect(html).toContain('Simpan kunci ini sekarang');
    // The receipt is shown once.
    const again = await (await get('/complaints/submitted')).text();
    expect(again).not.toContain(key);
    const row = await db.db.selectFrom('complaints').selectAll().where('code', '=', code).executeTakeFirstOrThrow();
    expect(row.reporter_phone).toBe('+6281234567890');
    expect(row.access_key_hash).not.toContain(key);
    expect(
      await db.db.selectFrom('outbox').select('recipient').where('topic', '=', `complaint.submitted:${code}`).executeTakeFirst(),
    ).toEqual({ recipient: 'budi@example.test' });
    const photos = await db.db.selectFrom('complaint_photos').selectAll().where('complaint_id', '=', row.id).execute();
    expect(photos).toHaveLength(1);
    expect(photos[0]!.file_name).toMatch(/^[0-9a-f]{32}\.jpg$/);
    expect([photos[0]!.width, photos[0]!.height]).toEqual([2048, 683]);
    const served = await get(`/complaints/${code}/photos/${photos[0]!.file_name}`);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/jpeg');
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    const bytes = Buffer.from(await served.arrayBuffer());
    expect(bytes.toString('latin1')).not.toContain('GPS-SECRET-TEST');
    expect((await sharp(bytes).metadata()).exif).toBeUndefined();
  });

  it('re-shows bad input with messages beside the fields, everything typed kept, and the photo kept (not stored as a complaint)', async () => {
    const before = await count();
    const r = await postComplaint(
      server.url,
      complaintFields({ title: 'Jalan di depan rumah saya', description: 'pendek', phone: '12345', category: '' }),
      [{ name: 'a.jpg', type: 'image/jpeg', data: await jpeg() }],
    );
    expect(r.status).toBe(422);
    const html = await r.text();
    expect(html).toContain('value="Jalan di depan rumah saya"');
    expect(html).toContain('>pendek</textarea>');
    expect(html).toContain('value="12345"');
    expect(html).toContain('id="description-error"');
    expect(html).toContain('Nomor telepon Indonesia tidak valid');
    expect(html).toContain('Pilih kategori.');
    expect(html).toContain('aria-invalid="true"');
    expect(html).toContain('Foto yang sudah Anda pilih tersimpan');
    expect(html).toMatch(/<img src="data:image\/jpeg;base64,[^"]+" alt="Foto 1 yang sudah dipilih"/);
    expect(html).toContain('name="remove_photo"');
    expect(await count()).toBe(before);
    // The earlier complaint's photo, and this form's photo pending in the form's own folder.
    // (each photo with its thumbnail beside it)
    expect(fs.readdirSync(uploadDir).filter((f) => f !== 'pending' && !f.endsWith('.thumb.jpg'))).toHaveLength(1);
    const formId = /name="form_token" value="([0-9a-f]{32})\./.exec(html)![1]!;
    expect(fs.readdirSync(path.join(uploadDir, 'pending', formId)).filter((f) => !f.endsWith('.thumb.jpg'))).toHaveLength(1);
  });

  it('refuses a certain bot (honeypot filled, no or forged form token) honestly: no receipt, nothing stored, text kept', async () => {
    const before = await count();
    const forged = complaintFields({ form_token: `${'a'.repeat(32)}.${'b'.repeat(32)}.mx0.forged` });
    for (const fields of [complaintFields({ website: 'http://spam.example' }), complaintFields({ form_token: '' }), forged]) {
      const r = await postComplaint(server.url, fields);
      expect(r.status).toBe(400);
      expect(r.headers.getSetCookie().join()).not.toContain('sw_receipt');
      const html = await r.text();
      expect(html).toContain('Pengaduan belum dikirim');
      expect(html).not.toContain('Pengaduan terkirim');
      expect(html).toContain('value="Bau limbah dari pabrik tahu"');
    }
    expect(await count()).toBe(before);
  });

  it('answers 429 with a message when the account has filed too many', async () => {
    const u = await createTestUser(db.db, { role: 'resident' });
    const cookie = await sessionCookie(db.db, u.id);
    await db.db
      .insertInto('rate_limits')
      .values({ key: rateLimitKey('complaint.user', String(u.id)), window_start: Date.now(), points: 1000 })
      .execute();
    const before = await count();
    const r = await postComplaint(server.url, complaintFields(), [], cookie);
    expect(r.status).toBe(429);
    expect(await r.text()).toContain('Terlalu banyak pengaduan');
    expect(await count()).toBe(before);
    // The same for a visitor's address (the test client is 127.0.0.1).
    const ipKey = rateLimitKey('complaint.ip', '127.0.0.1');
    await db.db.deleteFrom('rate_limits').where('key', '=', ipKey).execute();
    await db.db.insertInto('rate_limits').values({ key: ipKey, window_start: Date.now(), points: 1000 }).execute();
    const byIp = await postComplaint(server.url, complaintFields());
    expect(byIp.status).toBe(429);
    expect(byIp.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await count()).toBe(before);
    await db.db.deleteFrom('rate_limits').where('key', '=', ipKey).execute();
  });

  it('prefills contact details for a resident and lists their complaints under "my complaints"', async () => {
    const u = await createTestUser(db.db, { role: 'resident', name: 'Warga Terdaftar' });
    const cookie = await sessionCookie(db.db, u.id);
    const form = await (await get('/complaints/new', cookie)).text();
    expect(form).toContain('value="Warga Terdaftar"');
    expect(form).toContain(`value="${u.email}"`);
    const { code } = await readReceipt(
      server.url,
      await postComplaint(server.url, complaintFields({ category: 'sampah', title: 'Sampah menumpuk di TPS' }), [], cookie),
    );
    const mine = await (await get('/me/complaints', cookie)).text();
    expect(mine).toContain(code);
    expect(mine).toContain('Diteruskan ke dinas');
    expect((await get('/me/complaints')).status).toBe(303);
  });

  it('tracks by code (GET or POST) and opens private details with the key sent by POST, never in the URL', async () => {
    const { code, key } = await readReceipt(
      server.url,
      await postComplaint(
        server.url,
        complaintFields({
          privacy: 'confidential',
          title: 'Pungutan liar di sekolah',
          description: 'Rahasia: kepala sekolah meminta uang pendaftaran di luar ketentuan.',
        }),
      ),
    );
    const byGet = await get(`/track?code=${code.toLowerCase()}`);
    expect(byGet.status).toBe(303);
    expect(byGet.headers.get('location')).toBe(`/complaints/${code}`);
    const publicView = await (await get(`/complaints/${code}`)).text();
    expect(publicView).toContain('Menunggu verifikasi');
    expect(publicView).not.toContain('Pungutan liar');
    const wrong = await fetch(`${server.url}/track`, {
      method: 'POST',
      headers: { origin: server.url, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ code, key: 'AAAA-BBBB-CCCC-DDDD' }),
      redirect: 'manual',
    });
    expect(wrong.status).toBe(422);
    expect(await wrong.text()).toContain('Kunci akses tidak cocok');
    const right = await fetch(`${server.url}/track`, {
      method: 'POST',
      headers: { origin: server.url, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ code, key: key.toLowerCase() }),
      redirect: 'manual',
    });
    expect(right.status).toBe(303);
    expect(right.headers.get('location')).toBe(`/complaints/${code}`);
    expect(right.headers.get('location')).not.toContain(key);
    const cookie = cookiesOf(right);
    expect(right.headers.getSetCookie().join()).toMatch(/HttpOnly/i);
    const privateView = await (await get(`/complaints/${code}`, cookie)).text();
    expect(privateView).toContain('Pungutan liar di sekolah');
    expect((await get('/complaints/PLG-26-ZZZZZZ')).status).toBe(404);
    expect((await get('/complaints/not-a-code')).status).toBe(404);
    const unknown = await fetch(`${server.url}/track`, {
      method: 'POST',
      headers: { origin: server.url, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ code: 'PLG-26-ZZZZZZ' }),
      redirect: 'manual',
    });
    expect(unknown.status).toBe(422);
    expect(await unknown.text()).toContain('tidak ditemukan');
  });
});

describe(`privacy (${dialectName})`, () => {
  it('never shows an anonymous reporter’s name, email or phone: pages, fragments, list, staff pages, logs', async () => {
    const name = 'Kartini Anonimus';
    const email = 'kartini.anon@example.test';
    const { code } = await readReceipt(
      server.url,
      await postComplaint(
        server.url,
        complaintFields({ privacy: 'anonymous', name, email, phone: '0813-9999-8888', title: 'Lampu jalan mati sebulan' }),
      ),
    );
    const pages = [
      `/complaints/${code}`,
      '/complaints',
      '/complaints?kecamatan=16.71.01',
      '/fragments/complaints/list',
      `/track?code=${code}`,
    ];
    for (const p of pages) {
      const html = await (await fetch(`${server.url}${p}`)).text();
      expect(html, p).not.toContain(name);
      expect(html, p).not.toContain(email);
      expect(html, p).not.toContain('9999');
    }
    const listed = await (await get('/complaints')).text();
    expect(listed).toContain('Lampu jalan mati sebulan');
    // Staff included: the verifier sees the complaint but not who filed it.
    const staff = await (await get(`/staff/verify/${code}`, verifierCookie)).text();
    expect(staff).toContain('Lampu jalan mati sebulan');
    expect(staff).not.toContain(name);
    expect(staff).not.toContain(email);
    expect(staff).not.toContain('9999');
    const queue = await (await get('/staff/verify', verifierCookie)).text();
    expect(queue).not.toContain(name);
    await new Promise((r) => setTimeout(r, 100));
    expect(server.output()).not.toContain(name);
    expect(server.output()).not.toContain(email);
    // The phone in any form it could be written (0813-9999-8888, +6281399998888, 0813 9999 8888); a short
    // fragment would also match the random request ids and ports in the log.
    expect(server.output()).not.toMatch(/9999\D?8888/);
  });

  it('shows a public reporter’s name only when they chose so, and never their contact details', async () => {
    const hidden = await readReceipt(
      server.url,
      await postComplaint(server.url, complaintFields({ name: 'Ahmad Tanpanama', email: 'ahmad@example.test', phone: '081311112222' })),
    );
    const shown = await readReceipt(
      server.url,
      await postComplaint(
        server.url,
        complaintFields({ name: 'Dewi Terbuka', email: 'dewi@example.test', phone: '081333334444', show_name: '1' }),
      ),
    );
    const h = await (await get(`/complaints/${hidden.code}`)).text();
    expect(h).not.toContain('Ahmad Tanpanama');
    const s = await (await get(`/complaints/${shown.code}`)).text();
    expect(s).toContain('Dewi Terbuka');
    expect(s).not.toContain('dewi@example.test');
    expect(s).not.toContain('3333');
  });

  it('keeps a confidential complaint’s text and photos away from the public, but not from the reporter or the verifier', async () => {
    const secret = 'Nama oknum petugas yang meminta uang';
    const r = await readReceipt(
      server.url,
      await postComplaint(
        server.url,
        complaintFields({ privacy: 'confidential', title: 'Laporan pungli', description: `${secret} di kantor kelurahan.` }),
        [
          {
            name: 'bukti.png',
            type: 'image/png',
            data: await sharp({ create: { width: 40, height: 40, channels: 3, background: '#123456' } })
              .png()
              .toBuffer(),
          },
        ],
      ),
    );
    const row = await db.db.selectFrom('complaints').select('id').where('code', '=', r.code).executeTakeFirstOrThrow();
    const photo = await db.db.selectFrom('complaint_photos').selectAll().where('complaint_id', '=', row.id).executeTakeFirstOrThrow();
    for (const p of [`/complaints/${r.code}`, '/complaints', '/fragments/complaints/list', '/complaints?state=submitted']) {
      const html = await (await get(p)).text();
      expect(html, p).not.toContain(secret);
      expect(html, p).not.toContain('Laporan pungli');
    }
    expect((await get(`/complaints/${r.code}/photos/${photo.file_name}`)).status).toBe(404);
    // Another complaint's code with this photo name is 404 too.
    expect((await get(`/complaints/PLG-26-ZZZZZZ/photos/${photo.file_name}`, r.cookie)).status).toBe(404);
    const asReporter = await get(`/complaints/${r.code}/photos/${photo.file_name}`, r.cookie);
    expect(asReporter.status).toBe(200);
    expect(asReporter.headers.get('content-type')).toBe('image/png');
    expect(asReporter.headers.get('cache-control')).toContain('no-store');
    expect(await (await get(`/complaints/${r.code}`, r.cookie)).text()).toContain(secret);
    expect((await get(`/complaints/${r.code}/photos/${photo.file_name}`, verifierCookie)).status).toBe(200);
    // An officer of another department does not see it.
    const officer = await createTestUser(db.db, { role: 'officer', departmentCode: 'DINKES' });
    expect((await get(`/complaints/${r.code}/photos/${photo.file_name}`, await sessionCookie(db.db, officer.id))).status).toBe(404);
  });
});

describe(`verifier queue (${dialectName})`, () => {
  it('is closed to visitors and residents', async () => {
    expect((await get('/staff/verify')).status).toBe(303);
    const resident = await createTestUser(db.db, { role: 'resident' });
    expect((await get('/staff/verify', await sessionCookie(db.db, resident.id))).status).toBe(404);
    const officer = await createTestUser(db.db, { role: 'officer' });
    expect((await get('/staff/verify', await sessionCookie(db.db, officer.id))).status).toBe(404);
  });

  it('lists waiting complaints oldest first with due dates and overdue marked; routes and rejects with one event and one audit row each', async () => {
    const a = await readReceipt(server.url, await postComplaint(server.url, complaintFields({ title: 'Pengaduan pertama antre' })));
    const b = await readReceipt(server.url, await postComplaint(server.url, complaintFields({ title: 'Pengaduan kedua antre' })));
    // Make the first one overdue.
    await db.db
      .updateTable('complaints')
      .set({ submitted_at: Date.now() - 30 * 86400000, verification_due_at: Date.now() - 20 * 86400000 })
      .where('code', '=', a.code)
      .execute();
    const queue = await (await get('/staff/verify', verifierCookie)).text();
    expect(queue.indexOf(a.code)).toBeGreaterThan(-1);
    expect(queue.indexOf(a.code)).toBeLessThan(queue.indexOf(b.code));
    const rowA = queue.slice(queue.indexOf(`data-code="${a.code}"`), queue.indexOf(`data-code="${b.code}"`));
    expect(rowA).toContain('Terlambat');
    const post = (code: string, body: Record<string, string>) =>
      fetch(`${server.url}/staff/verify/${code}`, {
        method: 'POST',
        headers: { origin: server.url, cookie: verifierCookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(body),
        redirect: 'manual',
      });
    const routed = await post(a.code, { action: 'route', department: 'PUPR', category: 'drainase', note: '' });
    expect(routed.status).toBe(303);
    const again = await post(a.code, { action: 'reject', reason: 'spam', note: 'Bukan pengaduan layanan.' });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('sudah ditangani oleh petugas lain');
    // The routing form starts at the department of the complaint's category.
    const cat = await db.db
      .selectFrom('complaints as c')
      .innerJoin('categories as k', 'k.id', 'c.category_id')
      .innerJoin('departments as d', 'd.id', 'k.department_id')
      .select('d.code')
      .where('c.code', '=', b.code)
      .executeTakeFirstOrThrow();
    expect(await (await get(`/staff/verify/${b.code}`, verifierCookie)).text()).toContain(`<option value="${cat.code}" selected>`);
    const bad = await post(b.code, { action: 'reject', reason: 'out_of_scope', note: 'pendek' });
    expect(bad.status).toBe(422);
    const badHtml = await bad.text();
    expect(badHtml).toContain('minimal 10 karakter');
    // The error summary sits at the top, linking to the field, as on the officer's forms.
    expect(badHtml).toContain('href="#reject-note"');
    expect(badHtml.indexOf('id="error-summary"')).toBeGreaterThan(-1);
    expect(badHtml.indexOf('id="error-summary"')).toBeLessThan(badHtml.indexOf('id="reject-note"'));
    const rejected = await post(b.code, {
      action: 'reject',
      reason: 'out_of_scope',
      note: 'Jalan nasional, wewenang Balai Besar Pelaksanaan Jalan Nasional.',
    });
    expect(rejected.status).toBe(303);
    const publicB = await (await get(`/complaints/${b.code}`)).text();
    expect(publicB).toContain('Ditolak');
    expect(publicB).toContain('wewenang Balai Besar');
    const publicA = await (await get(`/complaints/${a.code}`)).text();
    expect(publicA).toContain('Diteruskan ke Dinas PUPR');
    for (const code of [a.code, b.code]) {
      const audit = await db.db.selectFrom('audit_log').select('action').where('object_id', '=', code).orderBy('id').execute();
      expect(audit.map((x) => x.action)).toEqual(['complaint.submitted', code === a.code ? 'complaint.routed' : 'complaint.rejected']);
    }
    for (const q of ['?page=2', '?page=x', '?page=-1']) expect((await get(`/staff/verify${q}`, verifierCookie)).status).toBe(200);
    const after = await (await get('/staff/verify', verifierCookie)).text();
    expect(after).not.toContain(a.code);
    expect(after).not.toContain(b.code);
  });
});

describe(`public list (${dialectName})`, () => {
  it('filters by state and category and paginates; the fragment renders the same list', async () => {
    const page = await (await get('/complaints?category=pencemaran&state=submitted')).text();
    expect(page).toContain('Bau limbah dari pabrik tahu');
    expect(page).not.toContain('Sampah menumpuk di TPS');
    const frag = await (await get('/fragments/complaints/list?category=sampah')).text();
    expect(frag).toContain('Sampah menumpuk di TPS');
    expect(frag).not.toContain('<html');
    const p2 = await get('/complaints?page=2');
    expect(p2.status).toBe(200);
    expect(await p2.text()).toMatch(/Halaman 2 dari \d+/);
  });
});
