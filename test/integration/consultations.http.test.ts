// Consultations through the built server: pages, forms without JavaScript, htmx fragments, authorization,
// hidden text kept out of public HTML, XSS in every text field, and the exports.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { SessionUser } from '../../src/server/auth/session.ts';
import {
  contribute,
  moderateContribution,
  respondToContribution,
  tagContribution,
} from '../../src/server/consultations/contributions.service.ts';
import { concludeConsultation, createConsultation } from '../../src/server/consultations/consultations.service.ts';
import { createTestDb, dialectName, type TestDb } from '../support/db.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { sessionCookie } from '../support/users.ts';
import { openConsultation, sessionUser, verifyAffiliation } from '../support/consultations.ts';

const DAY = 86_400_000;
const XSS = '<script>alert(1)</script><img src=x onerror=alert(2)>';
let db: TestDb;
let server: RunningServer;
let staff: SessionUser;
let otherStaff: SessionUser;
let resident: SessionUser;
let cookies: Record<'staff' | 'other' | 'resident', string>;

beforeAll(async () => {
  db = await createTestDb();
  server = await startServer({ DATABASE_URL: db.url });
  staff = await sessionUser(db.db, { role: 'officer', departmentCode: 'DISHUB', name: 'Petugas Dishub' });
  otherStaff = await sessionUser(db.db, { role: 'officer', departmentCode: 'DINKES' });
  resident = await verifyAffiliation(
    db.db,
    await sessionUser(db.db, { affiliation: 'praktisi', name: 'Budi Santoso', phone: '081234567890' }),
  );
  cookies = {
    staff: await sessionCookie(db.db, staff.id),
    other: await sessionCookie(db.db, otherStaff.id),
    resident: await sessionCookie(db.db, resident.id),
  };
});

afterAll(async () => {
  if (process.env.DEBUG_SERVER) console.log(server?.output());
  await server?.stop();
  await db?.cleanup();
});

function get(path: string, cookie?: string, headers: Record<string, string> = {}) {
  return fetch(`${server.url}${path}`, { headers: { ...(cookie ? { cookie } : {}), ...headers }, redirect: 'manual' });
}

function post(path: string, body: Record<string, string | string[]>, cookie?: string, headers: Record<string, string> = {}) {
  const form = new URLSearchParams();
  for (const [k, v] of Object.entries(body)) for (const x of Array.isArray(v) ? v : [v]) form.append(k, x);
  return fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.url, ...(cookie ? { cookie } : {}), ...headers },
    body: form.toString(),
    redirect: 'manual',
  });
}

function assertNoScript(page: string) {
  // Form controls hold the typed text as values, escaped by the template; only markup outside them counts.
  const html = page.replace(/<textarea[\s\S]*?<\/textarea>/g, '').replace(/ (value|content)="[^"]*"/g, '');
  expect(html).not.toContain('<script>alert');
  expect(html).not.toMatch(/<img[^>]*onerror/i);
  expect(html).not.toContain('javascript:alert');
}

describe(`consultations over HTTP (${dialectName})`, () => {
  it('lets staff create, preview and publish a consultation; drafts are 404 for everyone else', async () => {
    const fields = {
      title: 'Rencana jalur sepeda Jalan Merdeka',
      summary: 'Dinas Perhubungan meminta masukan atas rencana jalur sepeda.',
      body: '## Rencana\n\nJalur sepeda **terlindung** sepanjang 2 km.',
      questions: 'Apakah Anda akan memakai jalur ini?\nDi mana perlu penyeberangan?',
      target_groups: ['masyarakat', 'akademisi'],
      opens_at: '2026-01-01T08:00',
      closes_at: '2099-12-31T16:00',
    };
    const preview = await post('/consultations/new', { ...fields, intent: 'preview' }, cookies.staff);
    expect(preview.status).toBe(200);
    expect(await preview.text()).toContain('<strong>terlindung</strong>');

    const invalid = await post('/consultations/new', { ...fields, title: '', intent: 'save' }, cookies.staff);
    expect(invalid.status).toBe(422);
    const invalidHtml = await invalid.text();
    expect(invalidHtml).toContain('aria-invalid="true"');
    expect(invalidHtml).toContain('Isi judul');
    expect(invalidHtml).toContain('Jalur sepeda **terlindung**');

    const created = await post('/consultations/new', { ...fields, intent: 'save' }, cookies.staff);
    expect(created.status).toBe(303);
    const id = Number(/\/consultations\/(\d+)\/edit/.exec(created.headers.get('location') ?? '')![1]);

    expect((await get(`/consultations/${id}`)).status).toBe(404);
    expect((await get(`/consultations/${id}`, cookies.resident)).status).toBe(404);
    expect((await get(`/consultations/${id}`, cookies.other)).status).toBe(404);
    expect((await get(`/consultations/${id}/edit`, cookies.other)).status).toBe(404);
    expect((await post(`/consultations/${id}/edit`, { ...fields, intent: 'publish' }, cookies.other)).status).toBe(404);
    expect((await get(`/consultations/${id}`, cookies.staff)).status).toBe(200);
    expect(await (await get('/consultations')).text()).not.toContain('Rencana jalur sepeda');

    const published = await post(`/consultations/${id}/edit`, { ...fields, intent: 'publish' }, cookies.staff);
    expect(published.status).toBe(303);
    const list = await (await get('/consultations')).text();
    expect(list).toContain('Rencana jalur sepeda Jalan Merdeka');
    const page = await (await get(`/consultations/${id}`)).text();
    expect(page).toContain('Di mana perlu penyeberangan?');
    expect(page).toContain(`/login?next=${encodeURIComponent(`/consultations/${id}`)}`);
    expect(page).not.toContain('name="intent" value="contribute"');
  });

  it('takes a contribution without JavaScript, keeps input on errors, and endorses once through the htmx fragment', async () => {
    const id = await openConsultation(db.db, staff, new Date());
    const bad = await post(
      `/consultations/${id}`,
      { intent: 'contribute', body: 'Terlalu pendek? Tidak, ini cukup.', stance: '' },
      cookies.resident,
    );
    expect(bad.status).toBe(422);
    const badHtml = await bad.text();
    expect(badHtml).toContain('Pilih sikap Anda.');
    expect(badHtml).toContain('Terlalu pendek? Tidak, ini cukup.');

    const ok = await post(
      `/consultations/${id}`,
      { intent: 'contribute', body: 'Tambahkan halte di depan Pasar 16 Ilir.', stance: 'setuju' },
      cookies.resident,
    );
    expect(ok.status).toBe(303);
    const cid = Number(/#c-(\d+)/.exec(ok.headers.get('location') ?? '')![1]);
    const page = await (await get(`/consultations/${id}`)).text();
    expect(page).toContain('Tambahkan halte di depan Pasar 16 Ilir.');
    expect(page).toContain('Budi Santoso');
    expect(page).toContain('Praktisi');
    expect(page).toContain('terverifikasi');
    // The summary counts the contribution under its affiliation and stance.
    const summaryRow = /<th scope="row">Praktisi<\/th>(.*?)<\/tr>/.exec(page)![1]!;
    expect([...summaryRow.matchAll(/<td class="num">(\d+)<\/td>/g)].map((m) => Number(m[1]))).toEqual([1, 0, 0, 1]);

    const fan = await sessionUser(db.db);
    const fanCookie = await sessionCookie(db.db, fan.id);
    const hx = { 'hx-request': 'true' };
    const [a, b] = await Promise.all([
      post(`/fragments/consultations/${id}/contributions/${cid}`, { intent: 'endorse', contribution_id: String(cid) }, fanCookie, hx),
      post(`/fragments/consultations/${id}/contributions/${cid}`, { intent: 'endorse', contribution_id: String(cid) }, fanCookie, hx),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const fragment = await b.text();
    expect(fragment).not.toContain('<html');
    expect(fragment).toContain(`id="c-${cid}"`);
    expect(fragment).toContain('1 dukungan');
    expect(fragment).toContain('aria-pressed="true"');

    const replied = await post(
      `/fragments/consultations/${id}/contributions/${cid}`,
      { intent: 'reply', contribution_id: String(cid), body: 'Setuju, halte lama terlalu jauh.' },
      fanCookie,
      hx,
    );
    expect(await replied.text()).toContain('Setuju, halte lama terlalu jauh.');
    const emptyReply = await post(
      `/fragments/consultations/${id}/contributions/${cid}`,
      { intent: 'reply', contribution_id: String(cid), body: '' },
      fanCookie,
      hx,
    );
    expect(emptyReply.status).toBe(422);
    expect(await emptyReply.text()).toContain('Tulis balasan Anda.');

    // Filters and sorting keep working without JavaScript.
    const filtered = await (await get(`/consultations/${id}?affiliation=akademisi`)).text();
    expect(filtered).not.toContain('Tambahkan halte di depan Pasar 16 Ilir.');
    const sorted = await (await get(`/consultations/${id}?sort=endorsed&affiliation=praktisi`)).text();
    expect(sorted).toContain('Tambahkan halte di depan Pasar 16 Ilir.');
  });

  it('keeps other departments and residents out of editing, moderation, answers and exports (404)', async () => {
    const id = await openConsultation(db.db, staff, new Date());
    const cid = await contribute(db.db, { actor: resident, now: new Date() }, id, {
      body: 'Masukan untuk uji izin.',
      stance: 'netral',
      questionId: null,
    });
    for (const cookie of [cookies.other, cookies.resident]) {
      expect((await get(`/consultations/${id}/edit`, cookie)).status).toBe(404);
      expect((await get(`/consultations/${id}/moderation`, cookie)).status).toBe(404);
      expect(
        (await post(`/consultations/${id}/moderation`, { contribution_id: String(cid), action: 'hide', reason: 'spam', note: '' }, cookie))
          .status,
      ).toBe(404);
      expect(
        (await post(`/consultations/${id}`, { intent: 'respond', contribution_id: String(cid), body: 'Tanggapan yang tidak sah.' }, cookie))
          .status,
      ).toBe(404);
      expect((await get(`/consultations/${id}/export.csv`, cookie)).status).toBe(404);
      expect((await get(`/consultations/${id}/export.xlsx`, cookie)).status).toBe(404);
    }
    const page = await (await get(`/consultations/${id}`, cookies.staff)).text();
    expect(page).not.toContain('Tanggapan yang tidak sah.');
    expect(await db.db.selectFrom('moderation_decisions').select('id').where('contribution_id', '=', cid).execute()).toHaveLength(0);

    const answer = await post(
      `/consultations/${id}`,
      { intent: 'respond', contribution_id: String(cid), body: 'Terima kasih, kami catat.' },
      cookies.staff,
    );
    expect(answer.status).toBe(303);
    expect(await (await get(`/consultations/${id}`)).text()).toContain('Terima kasih, kami catat.');
  });

  it('shows a placeholder with the reason for a hidden contribution and keeps its text out of public HTML', async () => {
    const id = await openConsultation(db.db, staff, new Date());
    const cid = await contribute(db.db, { actor: resident, now: new Date() }, id, {
      body: 'Teks rahasia yang melanggar aturan.',
      stance: 'netral',
      questionId: null,
    });
    for (let i = 0; i < 3; i++) {
      const u = await sessionUser(db.db);
      const r = await post(
        `/consultations/${id}`,
        { intent: 'report', contribution_id: String(cid), reason: 'menyinggung' },
        await sessionCookie(db.db, u.id),
      );
      expect(r.status).toBe(303);
    }
    for (const cookie of [undefined, cookies.resident, cookies.other]) {
      const html = await (await get(`/consultations/${id}`, cookie)).text();
      expect(html).not.toContain('Teks rahasia yang melanggar aturan.');
      expect(html).toContain('Masukan ini disembunyikan (Menyinggung)');
    }
    const fragment = await (await get(`/fragments/consultations/${id}/contributions?offset=0`)).text();
    expect(fragment).not.toContain('Teks rahasia');
    expect(await (await get(`/consultations/${id}`, cookies.staff)).text()).toContain('1 masukan dilaporkan menunggu moderator');
    expect(await (await get('/consultations', cookies.staff)).text()).toContain(`href="/consultations/${id}/moderation"`);
    expect(await (await get('/consultations', cookies.other)).text()).not.toContain(`href="/consultations/${id}/moderation"`);
    const queue = await (await get(`/consultations/${id}/moderation`, cookies.staff)).text();
    expect(queue).toContain('Teks rahasia yang melanggar aturan.');
    const restored = await post(
      `/consultations/${id}/moderation`,
      { contribution_id: String(cid), action: 'restore', reason: 'tidak_melanggar', note: 'Kritik yang sah.' },
      cookies.staff,
    );
    expect(restored.status).toBe(303);
    expect(await (await get(`/consultations/${id}`)).text()).toContain('Teks rahasia yang melanggar aturan.');
    expect(await (await get(`/consultations/${id}`, cookies.staff)).text()).not.toContain('dilaporkan menunggu moderator');
  });

  it('says a closed consultation accepts no new input, and refuses it', async () => {
    const id = await openConsultation(db.db, staff, new Date());
    await db.db
      .updateTable('consultations')
      .set({ opens_at: Date.now() - 3 * DAY, closes_at: Date.now() - DAY })
      .where('id', '=', id)
      .execute();
    const html = await (await get(`/consultations/${id}`, cookies.resident)).text();
    expect(html).toContain('tidak menerima masukan baru');
    expect(html).not.toContain('name="intent" value="contribute"');
    const r = await post(
      `/consultations/${id}`,
      { intent: 'contribute', body: 'Masukan yang terlambat datang.', stance: 'setuju' },
      cookies.resident,
    );
    expect(r.status).toBe(409);
    expect(await r.text()).toContain('tidak sedang menerima masukan');
  });

  it('never runs script from any text field or the formatted body', async () => {
    const now = new Date();
    const id = await createConsultation(
      db.db,
      { actor: staff, now },
      {
        departmentId: staff.departmentId!,
        title: `Judul ${XSS}`,
        summary: `Ringkasan ${XSS}`,
        body: `## Isi\n\n${XSS}\n\n[tautan](javascript:alert(3)) <a href="#" onclick="alert(4)">klik</a>`,
        questions: [`Pertanyaan ${XSS}`],
        targetGroups: [],
        opensAt: new Date(now.getTime() - DAY),
        closesAt: new Date(now.getTime() + DAY),
      },
    );
    const edit = await (await get(`/consultations/${id}/edit`, cookies.staff)).text();
    assertNoScript(edit);
    await post(
      `/consultations/${id}/edit`,
      {
        title: `Judul ${XSS}`,
        summary: `Ringkasan ${XSS}`,
        body: `Isi ${XSS} lagi`,
        questions: `Pertanyaan ${XSS}`,
        opens_at: '2026-01-01T08:00',
        closes_at: '2099-01-01T08:00',
        intent: 'publish',
      },
      cookies.staff,
    );
    const cid = await contribute(db.db, { actor: resident, now }, id, { body: `Masukan ${XSS}`, stance: 'setuju', questionId: null });
    await post(`/consultations/${id}`, { intent: 'reply', contribution_id: String(cid), body: `Balasan ${XSS}` }, cookies.resident);
    await respondToContribution(db.db, { actor: staff, now }, id, cid, `Tanggapan ${XSS}`);
    for (const html of [
      await (await get(`/consultations/${id}`)).text(),
      await (await get(`/consultations/${id}`, cookies.staff)).text(),
      await (await get('/consultations')).text(),
    ]) {
      assertNoScript(html);
      expect(html).not.toMatch(/onclick=/i);
    }
    const html = await (await get(`/consultations/${id}`)).text();
    expect(html).toContain('Masukan &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('Balasan &lt;script&gt;');
    expect(html).toContain('Tanggapan &lt;script&gt;');
    expect(html).toContain('Pertanyaan &lt;script&gt;');
    const preview = await (
      await post(
        `/consultations/new`,
        {
          title: 'Pratinjau uji',
          summary: 'Ringkasan pratinjau.',
          body: `Isi ${XSS} [x](javascript:alert(3))`,
          opens_at: '2026-01-01T08:00',
          closes_at: '2099-01-01T08:00',
          intent: 'preview',
        },
        cookies.staff,
      )
    ).text();
    assertNoScript(preview);

    // The outcome and its commitments too.
    await db.db
      .updateTable('consultations')
      .set({ closes_at: Date.now() - 1000 })
      .where('id', '=', id)
      .execute();
    await concludeConsultation(db.db, { actor: staff, now: new Date() }, id, {
      outcomeSummary: `Yang kami dengar ${XSS}`,
      commitments: [{ text: `Komitmen ${XSS}`, owner: `Bidang ${XSS}`, due_date: '2027-01-31' }],
    });
    const concluded = await (await get(`/consultations/${id}`)).text();
    assertNoScript(concluded);
    expect(concluded).toContain('Komitmen &lt;script&gt;');
  });

  it('exports every contribution as CSV and XLSX with affiliation, stance, endorsements, tags and responses, but no contact data', async () => {
    const now = new Date();
    const id = await openConsultation(db.db, staff, now, { title: 'Konsultasi ekspor' });
    const cid = await contribute(db.db, { actor: resident, now }, id, {
      body: '=HYPERLINK("http://evil") masukan',
      stance: 'tidak_setuju',
      questionId: null,
    });
    await respondToContribution(db.db, { actor: staff, now }, id, cid, 'Tanggapan untuk ekspor.');
    const comp = await db.db.selectFrom('competencies').select('id').where('code', '=', 'komunikasi').executeTakeFirstOrThrow();
    await tagContribution(db.db, { actor: staff, now }, id, cid, [comp.id]);
    await post(`/consultations/${id}`, { intent: 'endorse', contribution_id: String(cid) }, cookies.staff);

    const csv = await get(`/consultations/${id}/export.csv`, cookies.staff);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const text = await csv.text();
    expect(text).toContain('Praktisi');
    expect(text).toContain('Tidak setuju');
    expect(text).toContain('Komunikasi');
    expect(text).toContain('Tanggapan untuk ekspor.');
    expect(text).toContain(`"'=HYPERLINK`);
    expect(text).not.toContain(resident.email);
    expect(text).not.toContain('081234567890');
    expect(text).not.toContain('@');

    const xlsx = await get(`/consultations/${id}/export.xlsx`, cookies.staff);
    expect(xlsx.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await xlsx.arrayBuffer());
    const ws = wb.worksheets[0]!;
    expect(ws.rowCount).toBe(2);
    const row = ws.getRow(2).values as unknown[];
    expect(row).toEqual(expect.arrayContaining(['Budi Santoso', 'Praktisi', 'Tidak setuju', 1, 'Komunikasi', 'Tanggapan untuk ekspor.']));
    expect(JSON.stringify(row)).not.toContain('@');
  });

  it('hides by moderation with a reason and records it', async () => {
    const id = await openConsultation(db.db, staff, new Date());
    const cid = await contribute(db.db, { actor: resident, now: new Date() }, id, {
      body: 'Nomor HP saya 0812 ada di sini.',
      stance: 'netral',
      questionId: null,
    });
    await moderateContribution(db.db, { actor: staff, now: new Date() }, id, cid, { action: 'hide', reason: 'data_pribadi', note: '' });
    const html = await (await get(`/consultations/${id}`)).text();
    expect(html).toContain('Memuat data pribadi');
    expect(html).not.toContain('Nomor HP saya');
  });

  it('lets admins, and only admins, keep the competency catalogue', async () => {
    const admin = await sessionUser(db.db, { role: 'admin' });
    const adminCookie = await sessionCookie(db.db, admin.id);
    expect((await get('/admin/competencies', cookies.staff)).status).toBe(404);
    expect(
      (await post('/admin/competencies', { intent: 'add', code: 'x_y', name_id: 'X', name_en: 'X', kind: 'teknis' }, cookies.staff)).status,
    ).toBe(404);
    const page = await (await get('/admin/competencies', adminCookie)).text();
    expect(page).toContain('Kebijakan kesehatan');
    const bad = await post(
      '/admin/competencies',
      { intent: 'add', code: 'Bukan Kode', name_id: 'Analisis data', name_en: 'Data analysis', kind: 'teknis' },
      adminCookie,
    );
    expect(bad.status).toBe(422);
    const added = await post(
      '/admin/competencies',
      { intent: 'add', code: 'analisis_data', name_id: 'Analisis data', name_en: 'Data analysis', kind: 'teknis' },
      adminCookie,
    );
    expect(added.status).toBe(303);
    expect(await (await get('/admin/competencies', adminCookie)).text()).toContain('Analisis data');
  });

  it('lets the department report commitment progress after concluding, publicly', async () => {
    const id = await openConsultation(db.db, staff, new Date(), { title: 'Konsultasi dengan komitmen' });
    await db.db
      .updateTable('consultations')
      .set({ closes_at: Date.now() - 1000 })
      .where('id', '=', id)
      .execute();
    const concluded = await post(
      `/consultations/${id}/conclude`,
      {
        outcome_summary: 'Warga meminta trayek baru ke pinggiran kota.',
        commitment_1_text: 'Kajian trayek baru',
        commitment_1_owner: 'Bidang Angkutan',
        commitment_1_due: '2027-04-30',
      },
      cookies.staff,
    );
    expect(concluded.status).toBe(303);
    expect((await get(`/consultations/${id}/conclude`, cookies.other)).status).toBe(404);
    const m = await db.db.selectFrom('consultation_commitments').select('id').where('consultation_id', '=', id).executeTakeFirstOrThrow();
    const update = {
      intent: 'commitment',
      commitment_id: String(m.id),
      status: 'berjalan',
      progress: '60',
      note: 'Survei lapangan selesai.',
    };
    expect((await post(`/consultations/${id}`, update, cookies.other)).status).toBe(404);
    expect((await post(`/consultations/${id}`, update, cookies.resident)).status).toBe(404);
    expect((await post(`/consultations/${id}`, { ...update, progress: '150' }, cookies.staff)).status).toBe(422);
    expect((await post(`/consultations/${id}`, update, cookies.staff)).status).toBe(303);
    const html = await (await get(`/consultations/${id}`)).text();
    expect(html).toContain('Kajian trayek baru');
    expect(html).toContain('Berjalan');
    expect(html).toContain('value="60"');
    expect(html).toContain('Survei lapangan selesai.');
    const en = await (await get(`/consultations/${id}?lang=en`)).text();
    expect(en).toContain('What we heard');
    expect(en).toContain('In progress');
  });

  it('answers 429 in the reader’s language when someone contributes too often', async () => {
    const id = await openConsultation(db.db, staff, new Date());
    const busy = await sessionUser(db.db);
    const cookie = await sessionCookie(db.db, busy.id);
    for (let i = 0; i < 10; i++) {
      expect(
        (await post(`/consultations/${id}`, { intent: 'contribute', body: `Masukan ke-${i} dari warga.`, stance: 'netral' }, cookie))
          .status,
      ).toBe(303);
    }
    const refused = await post(`/consultations/${id}`, { intent: 'contribute', body: 'Masukan kesebelas.', stance: 'netral' }, cookie);
    expect(refused.status).toBe(429);
    expect(await refused.text()).toContain('Terlalu banyak permintaan');
    const en = await post(
      `/consultations/${id}?lang=en`,
      { intent: 'contribute', body: 'Eleventh contribution.', stance: 'netral' },
      cookie,
    );
    expect(en.status).toBe(429);
    expect(await en.text()).toContain('Too many requests');
  });
});
