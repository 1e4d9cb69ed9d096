// "Similar complaints nearby" and "Dukung" over HTTP against the built server: the htmx fragment lists
// public nearby complaints only; the form's "Cek pengaduan serupa" step (no JavaScript) re-renders the form
// with the list, keeping what was typed, the photo and the form token, and files nothing; the support page
// counts a browser once and needs the marker it handed out; the count shows on the complaint, the list and
// the staff page; a merged duplicate's page links to the original.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../support/db.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { complaintFields, cookiesOf, jpeg, postComplaint, readReceipt, tokenIn } from '../support/complaints.ts';
import { createTestUser, sessionCookie } from '../support/users.ts';
import { sessionUser } from '../support/consultations.ts';
import { rejectAsDuplicate } from '../../src/server/workflow/workflow.service.ts';

const KEL = '16.71.01.1001';
const NEAR = 'PLG-26-NBYAA2';
const SECRET = 'PLG-26-NBYAB3';
const ELSEWHERE = 'PLG-26-NBYAC4';
const DUP = 'PLG-26-NBYAD5';
let db: TestDb;
let server: RunningServer;
let uploadDir: string;

async function insert(code: string, over: Record<string, unknown> = {}) {
  const cat = await db.db.selectFrom('categories').select('id').where('code', '=', 'pencemaran').executeTakeFirstOrThrow();
  const dlhk = await db.db.selectFrom('departments').select('id').where('code', '=', 'DLHK').executeTakeFirstOrThrow();
  const t = Date.now() - 3_600_000;
  await db.db
    .insertInto('complaints')
    .values({
      code,
      access_key_hash: 'k'.repeat(64),
      category_id: cat.id,
      title: `Limbah pabrik ${code}`,
      description: 'Bau limbah menyengat dari saluran setiap sore hari.',
      kecamatan_code: '16.71.01',
      kelurahan_code: KEL,
      privacy: 'public',
      state: 'assigned',
      department_id: dlhk.id,
      submitted_at: t,
      verification_due_at: t,
      assigned_at: t,
      response_due_at: t + 5 * 86_400_000,
      resolution_due_at: t + 14 * 86_400_000,
      updated_at: t,
      ...over,
    } as never)
    .execute();
}
const get = (p: string, cookie?: string) => fetch(`${server.url}${p}`, { redirect: 'manual', headers: cookie ? { cookie } : {} });
const post = (p: string, fields: Record<string, string>, cookie?: string) =>
  fetch(`${server.url}${p}`, {
    method: 'POST',
    redirect: 'manual',
    body: new URLSearchParams(fields),
    headers: { origin: server.url, 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
  });
const complaintCount = async () =>
  Number(
    (
      await db.db
        .selectFrom('complaints')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

beforeAll(async () => {
  db = await createTestDb();
  uploadDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-nearby-'));
  server = await startServer({
    DATABASE_URL: db.url,
    UPLOAD_DIR: uploadDir,
    COMPLAINT_MIN_FILL_SECONDS: '0',
    COMPLAINTS_PER_HOUR: '1000',
    COMPLAINTS_PER_ADDRESS_HOUR: '1000',
  });
  await insert(NEAR);
  await insert(SECRET, { privacy: 'confidential', title: 'Judul rahasia limbah' });
  await insert(ELSEWHERE, { kelurahan_code: '16.71.01.1002' });
});
afterAll(async () => {
  await server?.stop();
  await db?.cleanup();
  if (uploadDir) fs.rmSync(uploadDir, { recursive: true, force: true });
});

describe('nearby complaints while filing', () => {
  it('the fragment lists public complaints of the category in the kelurahan, with a Dukung link, nothing confidential', async () => {
    const r = await get(`/fragments/complaints/nearby?category=pencemaran&kelurahan=${KEL}`);
    expect(r.status).toBe(200);
    const html = await r.text();
    expect(html).toContain(NEAR);
    expect(html).toContain(`href="/complaints/${NEAR}/support"`);
    expect(html).not.toContain(SECRET);
    expect(html).not.toContain('rahasia');
    expect(html).not.toContain(ELSEWHERE);
    expect(html).not.toContain('<html');
    // Not enough known yet: a hint, no list.
    expect(await (await get('/fragments/complaints/nearby?category=pencemaran')).text()).not.toContain(NEAR);
  });

  it('"Cek pengaduan serupa" without JavaScript keeps what was typed, the photo and the token, and files nothing', async () => {
    const form = await (await get('/complaints/new')).text();
    const token = tokenIn(form);
    expect(form).toMatch(/<input type="submit" name="nearby_check" value="Cek pengaduan serupa"/);
    const before = await complaintCount();
    // Title left empty: the check step shows no validation errors, only the list.
    const r = await postComplaint(
      server.url,
      complaintFields({
        form_token: token,
        nearby_check: 'Cek pengaduan serupa',
        title: '',
        description: 'Deskripsi yang sudah diketik warga sebelum mengecek.',
      }),
      [{ name: 'a.jpg', type: 'image/jpeg', data: await jpeg() }],
    );
    expect(r.status).toBe(200);
    const html = await r.text();
    expect(html).toContain(NEAR);
    expect(html).not.toContain(SECRET);
    expect(html).toContain('id="nearby-found"');
    expect(html).not.toContain('id="error-summary"');
    expect(html).toContain('Deskripsi yang sudah diketik warga sebelum mengecek.');
    expect(html).toContain('id="kept-photos"');
    expect(tokenIn(html)).toBe(token);
    expect(await complaintCount()).toBe(before);
    // Then filing the same form works, with the staged photo.
    const filed = await postComplaint(
      server.url,
      complaintFields({ form_token: token, description: 'Deskripsi yang sudah diketik warga sebelum mengecek.' }),
    );
    const receipt = await readReceipt(server.url, filed);
    const photos = await db.db
      .selectFrom('complaint_photos as p')
      .innerJoin('complaints as c', 'c.id', 'p.complaint_id')
      .select('p.id')
      .where('c.code', '=', receipt.code)
      .execute();
    expect(photos).toHaveLength(1);
  });
});

describe('Dukung', () => {
  it('counts a browser once, needs the marker the page handed out, and shows the count on the complaint and the list', async () => {
    // Without the browser marker (a script that keeps no cookies): refused, and the marker is handed out.
    const bare = await post(`/complaints/${NEAR}/support`, {});
    expect(bare.status).toBe(409);
    const page = await get(`/complaints/${NEAR}/support`);
    expect(page.status).toBe(200);
    const cookie = cookiesOf(page);
    expect(cookie).toMatch(/sw_device=[0-9a-f]{32}/);
    const first = await post(`/complaints/${NEAR}/support`, {}, cookie);
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe(`/complaints/${NEAR}?support=added#support`);
    const again = await post(`/complaints/${NEAR}/support`, {}, cookie);
    expect(again.headers.get('location')).toBe(`/complaints/${NEAR}?support=already#support`);
    const shown = await (await get(`/complaints/${NEAR}?support=added`, cookie)).text();
    expect(shown).toMatch(/id="supporter-count">1 pendukung</);
    expect(await (await get('/complaints?category=pencemaran')).text()).toContain('1 pendukung');
    // A confidential complaint offers nothing and counts nothing publicly.
    const secret = await post(`/complaints/${SECRET}/support`, {}, cookie);
    expect(secret.status).toBe(409);
    expect(await (await get(`/complaints/${SECRET}`)).text()).not.toContain('id="supporter-count"');
  });

  it('a resident supports and follows with one form; the staff page shows the count', async () => {
    const resident = await createTestUser(db.db, { role: 'resident' });
    const cookie = await sessionCookie(db.db, resident.id);
    const r = await post(`/complaints/${ELSEWHERE}/support`, { follow: '1' }, cookie);
    expect(r.headers.get('location')).toBe(`/complaints/${ELSEWHERE}?support=following#support`);
    const follows = await db.db
      .selectFrom('complaint_follows as f')
      .innerJoin('complaints as c', 'c.id', 'f.complaint_id')
      .select('f.user_id')
      .where('c.code', '=', ELSEWHERE)
      .execute();
    expect(follows.map((f) => f.user_id)).toEqual([resident.id]);
    const officer = await createTestUser(db.db, { role: 'officer', departmentCode: 'DLHK' });
    const staffPage = await (await get(`/staff/complaints/${ELSEWHERE}`, await sessionCookie(db.db, officer.id))).text();
    expect(staffPage).toMatch(/id="supporters">1</);
  });

  it("a merged duplicate's page links to the original, which lists the merge in its timeline", async () => {
    await insert(DUP, { kelurahan_code: '16.71.01.1003' });
    const officer = await sessionUser(db.db, { role: 'officer', departmentCode: 'DLHK' });
    expect(
      await rejectAsDuplicate(
        db.db,
        DUP,
        { duplicateOf: NEAR, note: 'Sudah dilaporkan.' },
        { user: officer, now: new Date(), siteUrl: server.url },
      ),
    ).toEqual({ ok: true });
    expect(await (await get(`/complaints/${DUP}`)).text()).toContain(`href="/complaints/${NEAR}"`);
    expect(await (await get(`/complaints/${NEAR}`)).text()).toContain('Pengaduan serupa digabungkan ke pengaduan ini');
  });
});
