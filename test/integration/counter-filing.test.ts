// Counter and telephone filing (DESIGN.md §10, issue 23): a counter clerk files for a resident through the
// public form's validation; the complaint routes like any other, counts under its channel, honours its
// privacy level, never shows the clerk as the reporter; the audit log names the clerk; a repeated POST of
// the same form is the same complaint; the receipt carries a QR code to the tracking page from PUBLIC_URL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dialectName, type TestDb } from '../support/db.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { createTestUser, sessionCookie } from '../support/users.ts';
import { complaintFields, jpeg, tokenIn } from '../support/complaints.ts';
import { channelMetrics } from '../../src/server/metrics/channel-metrics.ts';

let db: TestDb;
let server: RunningServer;
let clerk: { id: number; cookie: string };
// http: the session cookie of test/support/users.ts is the plain-http one.
const PUBLIC_URL = 'http://lapor.palembang.example.test';

beforeAll(async () => {
  db = await createTestDb();
  server = await startServer({ DATABASE_URL: db.url, PUBLIC_URL, COMPLAINT_MIN_FILL_SECONDS: '0' });
  const v = await createTestUser(db.db, { role: 'verifier', name: 'Rina Petugas Loket', email: 'rina.loket@example.test' });
  clerk = { id: v.id, cookie: await sessionCookie(db.db, v.id) };
});
afterAll(async () => {
  await server?.stop();
  await db?.cleanup();
});

async function counterForm(cookie: string) {
  const r = await fetch(`${server.url}/staff/complaints/new`, { headers: { cookie } });
  return { status: r.status, html: await r.text() };
}

async function postCounter(cookie: string, fields: Record<string, string>, token?: string) {
  const form = new FormData();
  form.append('form_token', token ?? tokenIn((await counterForm(cookie)).html));
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('photos', new Blob([]), '');
  return fetch(`${server.url}/staff/complaints/new`, {
    method: 'POST',
    body: form,
    redirect: 'manual',
    headers: { origin: server.url, cookie },
  });
}

const codeOf = (r: Response) => /\/staff\/complaints\/receipt\/([A-Z0-9-]+)$/.exec(r.headers.get('location') ?? '')?.[1] ?? '';

describe(`counter filing (${dialectName})`, () => {
  it('a verifier files at the counter for a resident: routed, channel loket, the clerk recorded but never the reporter', async () => {
    const { html } = await counterForm(clerk.cookie);
    // The public form's component: same fields, posting to the counter route, with the channel choice.
    expect(html).toContain('action="/staff/complaints/new"');
    expect(html).toMatch(/name="channel" value="loket"/);
    expect(html).toMatch(/name="kelurahan"/);
    // The resident's contact starts empty, never the clerk's.
    expect(html).not.toContain('rina.loket@example.test');
    const token = tokenIn(html);
    const fields = complaintFields({
      category: 'jalan-rusak',
      title: 'Jalan berlubang di depan pasar',
      description: 'Lubang besar di depan pasar membahayakan pengendara motor setiap hari.',
      channel: 'loket',
      name: 'Pak Darto',
    });
    const r = await postCounter(clerk.cookie, fields, token);
    expect(r.status, await r.clone().text()).toBe(303);
    const code = codeOf(r);
    expect(code).toMatch(/^PLG-/);
    const row = await db.db.selectFrom('complaints').selectAll().where('code', '=', code).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      channel: 'loket',
      filed_by_user_id: clerk.id,
      reporter_user_id: null,
      reporter_email: null,
      reporter_name: 'Pak Darto',
      state: 'assigned',
    });
    // Idempotent on the form token: the same POST again is the same complaint.
    const again = await postCounter(clerk.cookie, fields, token);
    expect(codeOf(again)).toBe(code);
    expect((await db.db.selectFrom('complaints').select('id').where('filed_by_user_id', '=', clerk.id).execute()).length).toBe(1);
    // The audit log names the clerk as the actor, filing on the resident's behalf.
    const audit = await db.db
      .selectFrom('audit_log')
      .selectAll()
      .where('object_id', '=', code)
      .where('action', '=', 'complaint.submitted')
      .executeTakeFirstOrThrow();
    expect(audit.actor_user_id).toBe(clerk.id);
    expect(JSON.parse(audit.details)).toMatchObject({ channel: 'loket', filed_by_user_id: clerk.id, on_behalf_of: 'resident' });
    // Public view: no clerk.
    const pub = await (await fetch(`${server.url}/complaints/${code}`)).text();
    expect(pub).toContain('Jalan berlubang di depan pasar');
    expect(pub).not.toContain('Rina Petugas Loket');
    expect(pub).not.toContain('rina.loket');
  });

  it('the receipt: tracking code, key, QR to the tracking page from PUBLIC_URL, time limits, counter name; only for its clerk', async () => {
    const r = await postCounter(clerk.cookie, complaintFields({ category: 'jalan-rusak', channel: 'telepon' }));
    const code = codeOf(r);
    const page = await fetch(`${server.url}/staff/complaints/receipt/${code}`, { headers: { cookie: clerk.cookie } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(`id="tracking-code">${code}<`);
    expect(html).toMatch(/id="access-key">[A-Z0-9-]{8,}</);
    expect(html).toMatch(/<svg[^>]*viewBox="0 0 \d+ \d+"/);
    expect(html).toContain(`${PUBLIC_URL}/track?code=${code}`);
    expect(html).not.toContain(`${server.url}/track`);
    expect(html).toContain('Loket: Pemerintah Kota Palembang');
    expect(html).toMatch(/paling lambat \d+ hari kerja/);
    // Another clerk: the same 404 as for a complaint that does not exist.
    const other = await createTestUser(db.db, { role: 'verifier' });
    const theirs = await fetch(`${server.url}/staff/complaints/receipt/${code}`, {
      headers: { cookie: await sessionCookie(db.db, other.id) },
    });
    expect(theirs.status).toBe(404);
  });

  it('telephone, confidential: routed, counted under telepon in the metrics, hidden from the public', async () => {
    const window = () => ({ from: Date.now() - 3_600_000, to: Date.now() + 1000, now: Date.now() });
    const volume = async (ch: string) => (await channelMetrics(db.db, window())).find((c) => c.channel === ch)?.volume ?? 0;
    const [telepon, loket] = [await volume('telepon'), await volume('loket')];
    const r = await postCounter(
      clerk.cookie,
      complaintFields({
        category: 'jalan-rusak',
        channel: 'telepon',
        privacy: 'confidential',
        title: 'Pungutan liar saat perbaikan jalan',
        description: 'Warga diminta membayar agar jalan di depan rumahnya diperbaiki oleh oknum.',
      }),
    );
    const code = codeOf(r);
    const row = await db.db
      .selectFrom('complaints')
      .select(['channel', 'privacy', 'state', 'department_id'])
      .where('code', '=', code)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ channel: 'telepon', privacy: 'confidential', state: 'assigned' });
    expect(await volume('telepon')).toBe(telepon + 1);
    expect(await volume('loket')).toBe(loket);
    const list = await (await fetch(`${server.url}/complaints`)).text();
    expect(list).not.toContain('Pungutan liar');
    expect(await (await fetch(`${server.url}/complaints/${code}`)).text()).not.toContain('Pungutan liar');
  });

  it('the same validation as the public form; the channel is required', async () => {
    const r = await postCounter(clerk.cookie, complaintFields({ description: 'pendek', channel: 'whatsapp' }));
    expect(r.status).toBe(422);
    const html = await r.text();
    expect(html).toContain('error-summary');
    expect(await db.db.selectFrom('complaints').select('id').where('description', '=', 'pendek').executeTakeFirst()).toBeUndefined();
  });

  it('a photo sent with a form that had an error is kept: shown, not asked again, and filed with the complaint', async () => {
    const token = tokenIn((await counterForm(clerk.cookie)).html);
    const title = 'Tiang listrik miring di depan pasar';
    const first = new FormData();
    first.append('form_token', token);
    for (const [k, v] of Object.entries(complaintFields({ title, category: '', channel: 'loket' }))) first.append(k, v);
    first.append('photos', new Blob([new Uint8Array(await jpeg(320, 240))], { type: 'image/jpeg' }), 'tiang.jpg');
    const r1 = await fetch(`${server.url}/staff/complaints/new`, {
      method: 'POST',
      body: first,
      redirect: 'manual',
      headers: { origin: server.url, cookie: clerk.cookie },
    });
    expect(r1.status).toBe(422);
    const html = await r1.text();
    expect(html).toContain('id="kept-photos"');
    expect(html).toContain('src="data:image/jpeg;base64,');
    expect(html).not.toContain('id="photos-again"');
    // The clerk fixes the category and sends again without choosing the photo: filed with it.
    const r2 = await postCounter(clerk.cookie, complaintFields({ title, channel: 'loket' }), tokenIn(html));
    expect(r2.status).toBe(303);
    const row = await db.db.selectFrom('complaints').select('id').where('code', '=', codeOf(r2)).executeTakeFirstOrThrow();
    const photos = await db.db.selectFrom('complaint_photos').select('width').where('complaint_id', '=', row.id).execute();
    expect(photos).toEqual([{ width: 320 }]);
  });

  it('officers are clerks only where an admin named their counter', async () => {
    const officer = await createTestUser(db.db, { role: 'officer', departmentCode: 'PUPR', name: 'Budi Kelurahan' });
    const cookie = await sessionCookie(db.db, officer.id);
    expect((await counterForm(cookie)).status).toBe(404);
    const admin = await createTestUser(db.db, { role: 'admin' });
    const adminCookie = await sessionCookie(db.db, admin.id);
    const set = await fetch(`${server.url}/admin/users/${officer.id}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.url, cookie: adminCookie },
      body: new URLSearchParams({ intent: 'counter', counter_name: 'Loket Kantor Kelurahan 19 Ilir' }),
    });
    expect(set.status).toBe(303);
    const form = await counterForm(cookie);
    expect(form.status).toBe(200);
    expect(form.html).toContain('Loket: Loket Kantor Kelurahan 19 Ilir');
    const r = await postCounter(cookie, complaintFields({ category: 'jalan-rusak', channel: 'loket' }));
    const code = codeOf(r);
    const receipt = await (await fetch(`${server.url}/staff/complaints/receipt/${code}`, { headers: { cookie } })).text();
    expect(receipt).toContain('Loket Kantor Kelurahan 19 Ilir');
    const audit = await db.db
      .selectFrom('audit_log')
      .select('action')
      .where('object_type', '=', 'user')
      .where('object_id', '=', String(officer.id))
      .execute();
    expect(audit.map((a) => a.action)).toContain('user.counter_set');
  });
});
