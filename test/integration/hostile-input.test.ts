// Hostile input over HTTP: every POST form with a body that is not a form, control characters and NUL
// in every text field, crafted offsets, a forged Host header, cookies behind https, a formula as a
// department name, and registration that must not tell who has an account.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { SaxesParser } from 'saxes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/server/open311/api-keys.ts';
import { contribute } from '../../src/server/consultations/contributions.service.ts';
import { generateAccessKey, hashAccessKey } from '../../src/server/complaints/complaint-codes.ts';
import { createTestDb, dialectName, type TestDb } from '../support/db.ts';
import { complaintFields, formToken, jpeg, postComplaint, readReceipt } from '../support/complaints.ts';
import { openConsultation, sessionUser } from '../support/consultations.ts';
import { postForm } from '../support/forms.ts';
import { parseXml, validateOpen311 } from '../support/open311.ts';
import { listRoutes } from '../support/routes.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { createTestUser, sessionCookie } from '../support/users.ts';

const PUBLIC_URL = 'https://lapor.example.go.id';
const EVIL = 'evil.example';
// Every C0 control that is not tab/LF/CR, plus DEL: what Word's Shift+Enter (\v), a NUL or an ESC leave.
const CONTROLS = '\x00\x01\x07\x08\x0b\x0c\x1b\x1f\x7f';
const NOT_TYPED_TEXT = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/;

let db: TestDb;
/** No PUBLIC_URL: links must come from the configured listen address, never the Host header. */
let plain: RunningServer;
/** PUBLIC_URL=https://…, as behind a TLS-terminating proxy. */
let https: RunningServer;
let uploadDir: string;
let apiKey: string;
const cookies: Record<string, string> = {};
const ids: Record<string, number> = {};
/** A complaint waiting for verification, and one routed to PUPR. */
const WAITING = 'PLG-26-HSTRK2';
const ASSIGNED = 'PLG-26-HSTRK3';
const NIP = '199202022020121002';

beforeAll(async () => {
  db = await createTestDb();
  uploadDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-hostile-'));
  const env = {
    DATABASE_URL: db.url,
    UPLOAD_DIR: uploadDir,
    COMPLAINTS_PER_HOUR: '1000',
    COMPLAINT_MIN_FILL_SECONDS: '0',
    OPEN311_READS_PER_MINUTE: '1000',
  };
  [plain, https] = await Promise.all([startServer(env), startServer({ ...env, PUBLIC_URL })]);
  apiKey = (await createApiKey(db.db, { label: 'Klien uji masukan aneh', requestsPerMinute: 1000 })).key;
  const category = await db.db.selectFrom('categories').select('id').where('code', '=', 'lainnya').executeTakeFirstOrThrow();
  const pupr = await db.db.selectFrom('departments').select('id').where('code', '=', 'PUPR').executeTakeFirstOrThrow();
  const now = Date.now();
  const base = {
    category_id: category.id,
    title: 'Uji masukan aneh',
    description: 'Uji masukan aneh dari klien',
    kecamatan_code: '16.71.01',
    kelurahan_code: '16.71.01.1001',
    privacy: 'public' as const,
    submitted_at: now,
    verification_due_at: now + 86_400_000,
    updated_at: now,
  };
  const key = generateAccessKey();
  await db.db
    .insertInto('complaints')
    .values({ ...base, code: WAITING, access_key_hash: hashAccessKey(key), state: 'submitted' })
    .execute();
  // The reporter's key cookie, so the follow-up page reaches its form.
  cookies.reporter = `sw_key_${WAITING}=${key}`;
  await db.db
    .insertInto('complaints')
    .values({
      ...base,
      code: ASSIGNED,
      access_key_hash: 'y'.repeat(64),
      state: 'assigned',
      department_id: pupr.id,
      assigned_at: now,
      response_due_at: now + 5 * 86_400_000,
      resolution_due_at: now + 14 * 86_400_000,
    })
    .execute();
  for (const role of ['resident', 'verifier', 'hr', 'admin'] as const) {
    const u = await createTestUser(db.db, { role });
    ids[role] = u.id;
    cookies[role] = await sessionCookie(db.db, u.id);
  }
  // Its own user for /logout, which ends the session it is posted with.
  cookies.leaving = await sessionCookie(db.db, (await createTestUser(db.db, { role: 'resident' })).id);
  await db.db
    .insertInto('training_plans')
    .values({ department_id: pupr.id, year: 2027, officer_count: 1, created_by: null, created_at: now, updated_at: now })
    .execute();
  for (const role of ['officer', 'manager'] as const) {
    const u = await createTestUser(db.db, { role, departmentCode: 'PUPR', ...(role === 'officer' ? { nip: NIP } : {}) });
    ids[role] = u.id;
    cookies[role] = await sessionCookie(db.db, u.id);
  }
  // A completed training of PUPR the officer took part in, so the training and participation pages reach their forms.
  ids.training = Number(
    (
      await db.db
        .insertInto('trainings')
        .values({
          department_id: pupr.id,
          year: 2026,
          title: 'Bimtek uji',
          kind: 'teknis',
          jalur: 'klasikal',
          bentuk: 'bimbingan_teknis',
          provider: 'BPSDM',
          starts_on: '2026-03-02',
          ends_on: '2026-03-03',
          jp: 16,
          state: 'completed',
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id,
  );
  ids.participant = Number(
    (
      await db.db
        .insertInto('training_participants')
        .values({
          training_id: ids.training,
          user_id: ids.officer!,
          nip: NIP,
          name: 'Petugas Uji',
          department_id: pupr.id,
          status: 'completed',
          completed_at: now,
          jp_credited: 16,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id,
  );
  // A support task DINSOS asked of PUPR (issue 26), so the supporter's page reaches its form.
  const dinsos = await db.db.selectFrom('departments').select('id').where('code', '=', 'DINSOS').executeTakeFirstOrThrow();
  const helped = await db.db
    .insertInto('complaints')
    .values({
      ...base,
      code: 'PLG-26-HSTRK4',
      access_key_hash: 'z'.repeat(64),
      state: 'assigned',
      department_id: dinsos.id,
      assigned_at: now,
      response_due_at: now + 5 * 86_400_000,
      resolution_due_at: now + 14 * 86_400_000,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  ids.supportTask = (
    await db.db
      .insertInto('support_requests')
      .values({
        complaint_id: helped.id,
        lead_department_id: dinsos.id,
        supporting_department_id: pupr.id,
        task: 'Uji tugas dukungan',
        due_at: now + 3 * 86_400_000,
        state: 'requested',
        requested_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  const staff = await sessionUser(db.db, { role: 'officer', departmentCode: 'PUPR' });
  ids.openConsultation = await openConsultation(db.db, staff, new Date());
  ids.closedConsultation = await openConsultation(db.db, staff, new Date(Date.now() - 30 * 86_400_000), { days: 7 });
  const survey = await db.db
    .insertInto('surveys')
    .values({
      department_id: pupr.id,
      kind: 'general',
      title: 'Survei uji',
      audience: 'public',
      state: 'open',
      opens_on: '2000-01-01',
      closes_on: '2999-12-31',
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  ids.survey = Number(survey.id);
  const section = await db.db
    .insertInto('survey_sections')
    .values({ survey_id: ids.survey, position: 1, title: 'Bagian' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.db
    .insertInto('survey_questions')
    .values({ survey_id: ids.survey, section_id: Number(section.id), position: 1, kind: 'short_text', label: 'Saran' })
    .execute();
  const author = await sessionUser(db.db, { role: 'resident' });
  ids.contribution = await contribute(db.db, { actor: author, now: new Date() }, ids.openConsultation, {
    body: 'Tambahkan halte di depan Pasar 16 Ilir.',
    stance: 'setuju',
    questionId: null,
  });
});
afterAll(async () => {
  await Promise.all([plain?.stop(), https?.stop()]);
  await db?.cleanup();
  if (uploadDir) fs.rmSync(uploadDir, { recursive: true, force: true });
});

/** Each POST route: the path to post to and who may post there (so the route reaches its form). */
const POST_ROUTES: Record<string, { path: () => string; as?: string }> = {
  '/admin/api-keys': { path: () => '/admin/api-keys', as: 'admin' },
  '/staff/complaints/new': { path: () => '/staff/complaints/new', as: 'verifier' },
  '/admin/imports': { path: () => '/admin/imports', as: 'admin' },
  '/alerts': { path: () => '/alerts' },
  '/alerts/confirm': { path: () => '/alerts/confirm' },
  '/alerts/unsubscribe': { path: () => '/alerts/unsubscribe' },
  '/me/alerts': { path: () => '/me/alerts', as: 'resident' },
  '/admin/areas': { path: () => '/admin/areas', as: 'admin' },
  '/admin/areas/[code]': { path: () => '/admin/areas/16.71.01', as: 'admin' },
  '/admin/categories/[code]': { path: () => '/admin/categories/sampah', as: 'admin' },
  '/admin/categories/new': { path: () => '/admin/categories/new', as: 'admin' },
  '/admin/competencies': { path: () => '/admin/competencies', as: 'admin' },
  '/admin/data-requests': { path: () => '/admin/data-requests', as: 'admin' },
  '/admin/departments': { path: () => '/admin/departments', as: 'admin' },
  '/admin/departments/[code]': { path: () => '/admin/departments/PUPR', as: 'admin' },
  '/admin/holidays': { path: () => '/admin/holidays', as: 'admin' },
  '/admin/routing-rules': { path: () => '/admin/routing-rules', as: 'admin' },
  '/admin/users/[id]': { path: () => `/admin/users/${ids.resident}`, as: 'admin' },
  '/admin/users/new': { path: () => '/admin/users/new', as: 'admin' },
  '/complaints/[code]/data': { path: () => `/complaints/${WAITING}/data` },
  '/complaints/[code]/follow-up': { path: () => `/complaints/${WAITING}/follow-up`, as: 'reporter' },
  '/complaints/[code]/follow': { path: () => `/complaints/${ASSIGNED}/follow`, as: 'resident' },
  '/complaints/[code]/support': { path: () => `/complaints/${ASSIGNED}/support` },
  '/complaints/[code]/unfollow': { path: () => `/complaints/${ASSIGNED}/unfollow` },
  '/complaints/new': { path: () => '/complaints/new' },
  '/consultations/[id]': { path: () => `/consultations/${ids.openConsultation}`, as: 'resident' },
  '/consultations/[id]/conclude': { path: () => `/consultations/${ids.closedConsultation}/conclude`, as: 'officer' },
  '/consultations/[id]/edit': { path: () => `/consultations/${ids.openConsultation}/edit`, as: 'officer' },
  '/consultations/[id]/moderation': { path: () => `/consultations/${ids.openConsultation}/moderation`, as: 'officer' },
  '/consultations/new': { path: () => '/consultations/new', as: 'officer' },
  '/fragments/consultations/[id]/contributions/[cid]': {
    path: () => `/fragments/consultations/${ids.openConsultation}/contributions/${ids.contribution}`,
    as: 'resident',
  },
  '/login': { path: () => '/login' },
  '/logout': { path: () => '/logout', as: 'leaving' },
  '/me/data': { path: () => '/me/data', as: 'resident' },
  '/me/evidence': { path: () => '/me/evidence', as: 'officer' },
  '/me/training': { path: () => '/me/training', as: 'officer' },
  '/me/training/[participant]': { path: () => `/me/training/${ids.participant}`, as: 'officer' },
  '/reports/development/action-plans': { path: () => '/reports/development/action-plans', as: 'hr' },
  '/reports/development/effect': { path: () => '/reports/development/effect', as: 'hr' },
  '/reports/development/trainings': { path: () => '/reports/development/trainings', as: 'hr' },
  '/reports/development/trainings/[id]': { path: () => `/reports/development/trainings/${ids.training}`, as: 'hr' },
  '/me/profile': { path: () => '/me/profile', as: 'resident' },
  '/open311/v2/[...path]': { path: () => '/open311/v2/requests.json' },
  // Signed by Meta, not a form: refused (404 while unconfigured, 401 unsigned), never a 500.
  '/channels/whatsapp/webhook': { path: () => '/channels/whatsapp/webhook' },
  '/password/forgot': { path: () => '/password/forgot' },
  '/password/reset': { path: () => '/password/reset?token=tidak-ada-token-seperti-ini' },
  '/register': { path: () => '/register' },
  '/reports/development/plan': { path: () => '/reports/development/plan?department=PUPR&year=2027', as: 'hr' },
  '/reports/evidence/[nip]': { path: () => `/reports/evidence/${NIP}`, as: 'hr' },
  '/staff/complaints/[code]': { path: () => `/staff/complaints/${ASSIGNED}`, as: 'officer' },
  '/staff/complaints/[code]/support': { path: () => `/staff/complaints/${ASSIGNED}/support`, as: 'officer' },
  '/staff/support/[id]': { path: () => `/staff/support/${ids.supportTask}`, as: 'officer' },
  '/staff/resolution-checks': { path: () => '/staff/resolution-checks', as: 'verifier' },
  '/staff/templates': { path: () => '/staff/templates', as: 'manager' },
  '/staff/surveys': { path: () => '/staff/surveys', as: 'manager' },
  '/staff/surveys/[id]': { path: () => `/staff/surveys/${ids.survey}`, as: 'manager' },
  '/surveys/[id]': { path: () => `/surveys/${ids.survey}` },
  '/staff/verify/[code]': { path: () => `/staff/verify/${WAITING}`, as: 'verifier' },
  '/track': { path: () => '/track' },
};

/** Bodies that are not forms, each as a browser or script might send them. */
const ODD_BODIES: { label: string; type?: string; body: string | Uint8Array }[] = [
  { label: 'JSON', type: 'application/json', body: '{"name":"Siti","title":"Jalan rusak"}' },
  { label: 'text/plain', type: 'text/plain;charset=UTF-8', body: 'name=Siti&title=Jalan' },
  { label: 'multipart without boundary', type: 'multipart/form-data', body: 'name=Siti' },
  { label: 'multipart with garbage', type: 'multipart/form-data; boundary=----batas', body: 'ini bukan multipart sama sekali\r\n' },
  { label: 'no content type', body: new Uint8Array([0x6e, 0x3d, 0x31]) },
  { label: 'XML', type: 'application/xml', body: '<?xml version="1.0"?><a>1</a>' },
];

function postRaw(server: RunningServer, p: string, body: string | Uint8Array, type: string | undefined, cookie?: string) {
  const headers: Record<string, string> = { origin: server.url };
  if (type) headers['content-type'] = type;
  if (cookie) headers.cookie = cookie;
  return fetch(`${server.url}${p}`, {
    method: 'POST',
    redirect: 'manual',
    headers,
    body: typeof body === 'string' ? body : new Blob([body as Uint8Array<ArrayBuffer>]),
  });
}

/** An HTTP request with a forged Host header (fetch would not send one). */
function forgedHost(
  server: RunningServer,
  p: string,
  opts: { method?: string; body?: Buffer; type?: string; cookie?: string } = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { host: EVIL, origin: `http://${EVIL}` };
    if (opts.type) headers['content-type'] = opts.type;
    if (opts.cookie) headers.cookie = opts.cookie;
    if (opts.body) headers['content-length'] = String(opts.body.length);
    const req = http.request({ host: '127.0.0.1', port: server.port, path: p, method: opts.method ?? 'GET', headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, text }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

/** A FormData as the bytes and content type a browser would send. */
async function encode(form: FormData | URLSearchParams): Promise<{ body: Buffer; type: string }> {
  const r = new Request('http://x/', { method: 'POST', body: form });
  return { body: Buffer.from(await r.arrayBuffer()), type: r.headers.get('content-type')! };
}

function complaintForm(fields: Record<string, string>): FormData {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('photos', new Blob([]), '');
  return form;
}

/** A strict XML 1.0 parser: throws on any character XML does not allow, as a client's parser would. */
function parseStrictXml(text: string): void {
  const parser = new SaxesParser();
  parser.write(text).close();
}

const outboxTo = (to: string) => db.db.selectFrom('outbox').selectAll().where('recipient', '=', to).orderBy('id').execute();

describe(`bodies that are not forms (${dialectName})`, () => {
  it('every route that handles a POST is listed here', () => {
    const posting = listRoutes()
      .filter((r) => /request\.method === 'POST'|export const (POST|ALL)\b/.test(r.source))
      .map((r) => r.pattern);
    expect(
      posting.filter((p) => !(p in POST_ROUTES)),
      'add these routes to POST_ROUTES',
    ).toEqual([]);
  });

  const routes = listRoutes().filter((r) => r.pattern in POST_ROUTES);
  it.each(routes.map((r) => [r.pattern, /readForm|postedFields/.test(r.source)] as const))(
    '%s answers 400/415 with a message, never 500',
    async (pattern, readsForm) => {
      const spec = POST_ROUTES[pattern]!;
      for (const odd of ODD_BODIES) {
        const r = await postRaw(plain, spec.path(), odd.body, odd.type, spec.as ? cookies[spec.as] : undefined);
        const text = await r.text();
        const label = `${odd.label} → ${spec.path()} ${r.status}${r.status >= 500 ? `\n${plain.output().slice(-1500)}` : ''}`;
        expect(r.status, label).toBeLessThan(500);
        if (!readsForm) continue;
        expect([400, 415], label).toContain(r.status);
        if (pattern.startsWith('/open311/')) {
          expect(validateOpen311('errors', JSON.parse(text)), label).toEqual([]);
        } else {
          expect(text, label).toContain('Kiriman tidak dapat dibaca');
        }
      }
    },
  );

  it('Open311 POST in XML answers the spec’s error list for a JSON body', async () => {
    const r = await postRaw(
      plain,
      '/open311/v2/requests.xml',
      JSON.stringify({ api_key: apiKey, service_code: 'sampah' }),
      'application/json',
    );
    expect(r.status).toBe(415);
    expect(parseXml(await r.text()).errors.error[0].code).toBe('415');
  });

  it('the complaint form still takes a real multipart upload with a photo', async () => {
    const r = await postComplaint(
      plain.url,
      complaintFields({ title: 'Foto lubang jalan', description: 'Lubang besar di Jalan Merdeka, lihat foto.' }),
      [{ name: 'lubang.jpg', type: 'image/jpeg', data: await jpeg() }],
    );
    const { code } = await readReceipt(plain.url, r);
    const row = await db.db.selectFrom('complaints').select('id').where('code', '=', code).executeTakeFirstOrThrow();
    expect(await db.db.selectFrom('complaint_photos').select('id').where('complaint_id', '=', row.id).execute()).toHaveLength(1);
  });
});

describe(`control characters and NUL in text fields (${dialectName})`, () => {
  it('the complaint form stores every text field stripped, keeping line breaks', async () => {
    const r = await postComplaint(
      plain.url,
      complaintFields({
        title: `Jalan${CONTROLS} rusak parah`,
        description: `Lubang besar${CONTROLS} di depan pasar.\nBaris kedua\ttetap.`,
        address: `Jl. Merdeka${CONTROLS} No. 5`,
        name: `Rina${CONTROLS} Pelapor`,
        email: `rina.kontrol${CONTROLS}@example.test`,
        phone: `0812${CONTROLS}3456 7890`,
      }),
    );
    const { code } = await readReceipt(plain.url, r);
    const row = await db.db.selectFrom('complaints').selectAll().where('code', '=', code).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      title: 'Jalan rusak parah',
      // multipart/form-data sends line breaks as CRLF, as browsers do.
      description: expect.stringMatching(/^Lubang besar di depan pasar\.\r?\nBaris kedua\ttetap\.$/),
      address: 'Jl. Merdeka No. 5',
      reporter_name: 'Rina Pelapor',
      reporter_email: 'rina.kontrol@example.test',
      reporter_phone: '+6281234567890',
    });
  });

  it('a consultation contribution is stored stripped', async () => {
    const r = await postForm(
      plain.url,
      `/consultations/${ids.openConsultation}`,
      { intent: 'contribute', body: `Tambahkan${CONTROLS} halte di depan\x0bPasar 16 Ilir.\r\nTerima kasih.`, stance: 'setuju' },
      { cookie: cookies.resident },
    );
    expect(r.status, r.html.slice(0, 500)).toBe(303);
    const row = await db.db
      .selectFrom('contributions')
      .select('body')
      .where('author_user_id', '=', ids.resident)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(row.body).toBe('Tambahkan halte di depanPasar 16 Ilir.\r\nTerima kasih.');
  });

  it('registration stores the name and organisation stripped', async () => {
    const r = await postForm(plain.url, '/register', {
      name: `Siti${CONTROLS} Aminah`,
      email: 'siti.kontrol@example.test',
      password: 'durian-musang-king',
      phone: '',
      affiliation: 'akademisi',
      organisation: `Universitas${CONTROLS} Sriwijaya`,
    });
    expect(r.status, r.html.slice(0, 500)).toBe(303);
    const row = await db.db
      .selectFrom('users')
      .select(['name', 'organisation'])
      .where('email', '=', 'siti.kontrol@example.test')
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ name: 'Siti Aminah', organisation: 'Universitas Sriwijaya' });
  });

  it('an Open311 POST is stored stripped, and the XML feed parses strictly even with old rows holding controls', async () => {
    const r = await fetch(`${plain.url}/open311/v2/requests.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        api_key: apiKey,
        service_code: 'jalan-rusak',
        lat: '-2.976074',
        long: '104.775429',
        'attribute[kelurahan]': '16.71.01.1001',
        description: `Jalan berlubang${CONTROLS} besar di depan pasar, berbahaya.`,
        first_name: `Budi${CONTROLS}`,
        last_name: 'Santoso',
        address_string: `Jl.${CONTROLS} Sudirman`,
      }),
    });
    expect(r.status, await r.clone().text()).toBe(200);
    const code = (await r.json())[0].service_request_id;
    const row = await db.db
      .selectFrom('complaints')
      .select(['description', 'reporter_name', 'address'])
      .where('code', '=', code)
      .executeTakeFirstOrThrow();
    expect(row.description).toBe('Jalan berlubang besar di depan pasar, berbahaya.');
    expect(row.reporter_name).toBe('Budi Santoso');
    expect(row.address).not.toMatch(NOT_TYPED_TEXT);
    // A row stored before the input boundary stripped controls (Word's Shift+Enter is \v).
    await db.db
      .updateTable('complaints')
      .set({ title: 'Lampu jalan\x0bmati', description: 'Sudah seminggu\x0b\x1b gelap\uFFFF total.' })
      .where('code', '=', ASSIGNED)
      .execute();
    const feed = await (await fetch(`${plain.url}/open311/v2/requests.xml`)).text();
    expect(feed).toContain('Sudah seminggu gelap total.');
    expect(() => parseStrictXml(feed)).not.toThrow();
    const one = await (await fetch(`${plain.url}/open311/v2/requests/${ASSIGNED}.xml`)).text();
    expect(() => parseStrictXml(one)).not.toThrow();
  });
});

describe(`crafted offsets on the contributions fragment (${dialectName})`, () => {
  it.each(['1.5', '-1', '1e9', '99999999999', 'abc', '0x10'])('offset=%s → 400 with a message', async (offset) => {
    const r = await fetch(
      `${plain.url}/fragments/consultations/${ids.openConsultation}/contributions?offset=${encodeURIComponent(offset)}`,
      { headers: { 'HX-Request': 'true' } },
    );
    expect(r.status).toBe(400);
    expect(await r.text()).toContain('offset');
  });

  it('a whole offset still pages', async () => {
    for (const offset of ['0', '20', '']) {
      expect((await fetch(`${plain.url}/fragments/consultations/${ids.openConsultation}/contributions?offset=${offset}`)).status).toBe(200);
    }
  });
});

describe(`links with a forged Host header (${dialectName})`, () => {
  it('the receipt email, the follow-up email, the data download and Open311 URLs use the configured address', async () => {
    // The complaint form, posted with Host: evil.example.
    const email = 'pelapor.host@example.test';
    const filed = await encode(
      complaintForm({
        form_token: await formToken(plain.url),
        ...complaintFields({ category: 'jalan-rusak', email, name: 'Pelapor Host' }),
      }),
    );
    const r = await forgedHost(plain, '/complaints/new', { method: 'POST', ...filed });
    expect(r.status, r.text.slice(0, 500)).toBe(303);
    const receiptCookie = [r.headers['set-cookie']]
      .flat()
      .filter(Boolean)
      .map((c) => c!.split(';')[0])
      .join('; ');
    const receipt = await (await fetch(`${plain.url}/complaints/submitted`, { headers: { cookie: receiptCookie } })).text();
    const code = /id="tracking-code">([^<]+)</.exec(receipt)![1]!;
    const key = /id="access-key">([^<]+)</.exec(receipt)![1]!;
    const [mail] = await outboxTo(email);
    expect(mail!.body_text).toContain(`${plain.url}/complaints/${code}`);
    expect(mail!.body_text).not.toContain(EVIL);

    // The officer's response, posted with Host: evil.example, emails the reporter.
    const respond = await encode(new URLSearchParams({ action: 'respond', note: 'Tim kami akan memeriksa lubang ini minggu ini.' }));
    const resp = await forgedHost(plain, `/staff/complaints/${code}`, { method: 'POST', ...respond, cookie: cookies.officer });
    expect(resp.status, resp.text.slice(0, 500)).toBe(303);
    const mails = await outboxTo(email);
    expect(mails).toHaveLength(2);
    expect(mails[1]!.body_text).toContain(`${plain.url}/complaints/${code}`);
    expect(mails[1]!.body_text).not.toContain(EVIL);

    // The reporter's data download (key in the form) lists the complaint's address.
    const data = await encode(new URLSearchParams({ key, action: 'json' }));
    const dl = await forgedHost(plain, `/complaints/${code}/data`, { method: 'POST', ...data });
    expect(dl.status, dl.text.slice(0, 500)).toBe(200);
    expect(dl.text).toContain(`${plain.url}/complaints/${code}`);
    expect(dl.text).not.toContain(EVIL);

    // Open311: discovery's endpoint and a photo's media_url.
    const photo = await postComplaint(plain.url, complaintFields({ title: 'Foto untuk media_url' }), [
      { name: 'a.jpg', type: 'image/jpeg', data: await jpeg() },
    ]);
    const withPhoto = (await readReceipt(plain.url, photo)).code;
    await db.db.updateTable('complaints').set({ state: 'assigned' }).where('code', '=', withPhoto).execute();
    const disc = await forgedHost(plain, '/open311/v2/discovery.json');
    expect(JSON.parse(disc.text).endpoints[0].url).toBe(`${plain.url}/open311/v2`);
    const one = await forgedHost(plain, `/open311/v2/requests/${withPhoto}.json`);
    expect(JSON.parse(one.text)[0].media_url).toMatch(new RegExp(`^${plain.url}/complaints/${withPhoto}/photos/`));
    expect(one.text).not.toContain(EVIL);
  });
});

describe(`cookies behind https (${dialectName})`, () => {
  it('the receipt and access-key cookies are Secure when PUBLIC_URL is https', async () => {
    const r = await postComplaint(https.url, complaintFields());
    expect(r.status).toBe(303);
    const set = r.headers.getSetCookie();
    const receipt = set.find((c) => c.startsWith('sw_receipt='));
    const key = set.find((c) => c.startsWith('sw_key_'));
    expect(receipt).toMatch(/;\s*Secure/i);
    expect(key).toMatch(/;\s*Secure/i);
    // The tracking page remembers the key the same way.
    const { code, key: accessKey } = await readReceipt(https.url, r);
    const track = await postForm(https.url, '/track', { code, key: accessKey });
    expect(track.status).toBe(303);
    expect(track.headers.getSetCookie().find((c) => c.startsWith(`sw_key_${code}=`))).toMatch(/;\s*Secure/i);
  });
});

describe(`/statistics.csv and formulas (${dialectName})`, () => {
  it('a department named like a formula is quoted', async () => {
    const formula = '=HYPERLINK("http://evil.example/x","Klik di sini")';
    const dept = await db.db
      .insertInto('departments')
      .values({ code: 'FORMULA', name: formula, short_name: '+SUM(A1)', created_at: Date.now() })
      .returning('id')
      .executeTakeFirstOrThrow();
    const category = await db.db.selectFrom('categories').select('id').where('code', '=', 'lainnya').executeTakeFirstOrThrow();
    const at = Date.now() - 40 * 86_400_000;
    await db.db
      .insertInto('complaints')
      .values({
        code: 'PLG-26-FRMWX4',
        access_key_hash: 'z'.repeat(64),
        category_id: category.id,
        title: 'Uji rumus',
        description: 'Uji rumus di statistik',
        kecamatan_code: '16.71.01',
        kelurahan_code: '16.71.01.1001',
        privacy: 'public',
        state: 'assigned',
        department_id: dept.id,
        submitted_at: at,
        verification_due_at: at + 86_400_000,
        assigned_at: at,
        response_due_at: at + 5 * 86_400_000,
        resolution_due_at: at + 14 * 86_400_000,
        updated_at: at,
      })
      .execute();
    const csv = await (await fetch(`${plain.url}/statistics.csv`)).text();
    const lines = csv.split('\n').filter((l) => l.includes('FORMULA'));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      const cells = line.split(',');
      expect(
        cells.some((c) => /^"?=/.test(c)),
        line,
      ).toBe(false);
      expect(line).toContain(`"'=HYPERLINK(`);
    }
  });
});

describe(`registration does not reveal accounts (${dialectName})`, () => {
  it('answers the same for a new and an existing email, and emails the existing account instead', async () => {
    const existing = await createTestUser(db.db, { role: 'resident', email: 'sudah.ada@example.test', name: 'Sudah Ada' });
    const form = (email: string) => ({
      name: 'Orang Baru',
      email,
      password: 'durian-musang-king',
      phone: '',
      affiliation: '',
      organisation: '',
    });
    const fresh = await postForm(https.url, '/register', form('belum.ada@example.test'));
    const taken = await postForm(https.url, '/register', form('sudah.ada@example.test'));
    const shape = (r: typeof fresh) => ({
      status: r.status,
      location: r.location,
      body: r.html,
      cookies: r.headers
        .getSetCookie()
        .map((c) => c.split('=')[0])
        .sort(),
    });
    expect(shape(taken)).toEqual(shape(fresh));
    expect(fresh.status).toBe(303);
    // The existing account is untouched, and its owner is told, with links to this portal's public address.
    const row = await db.db.selectFrom('users').select(['name']).where('id', '=', existing.id).executeTakeFirstOrThrow();
    expect(row.name).toBe('Sudah Ada');
    const mails = await outboxTo('sudah.ada@example.test');
    expect(mails).toHaveLength(1);
    expect(mails[0]!.body_text).toContain(`${PUBLIC_URL}/login`);
    expect(mails[0]!.body_text).toContain(`${PUBLIC_URL}/password/forgot`);
    // The new account exists and can log in.
    const login = await postForm(https.url, '/login', { email: 'belum.ada@example.test', password: 'durian-musang-king' });
    expect(login.status).toBe(303);
    expect(login.headers.getSetCookie().some((c) => c.startsWith('__Host-session='))).toBe(true);
  });
});
