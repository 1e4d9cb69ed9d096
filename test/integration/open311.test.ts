// Open311 GeoReport v2 against the built server: discovery, services, definitions, errors, API keys.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, findActiveApiKey, revokeApiKey } from '../../src/server/open311/api-keys.ts';
import { createTestDb, dialectName, type TestDb } from '../support/db.ts';
import { parseXml, validateOpen311 } from '../support/open311.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { createTestUser, sessionCookie } from '../support/users.ts';

let db: TestDb;
let server: RunningServer;
const api = (p: string) => `${server.url}/open311/v2/${p}`;

beforeAll(async () => {
  db = await createTestDb();
  server = await startServer({ DATABASE_URL: db.url });
});
afterAll(async () => {
  await server?.stop();
  await db?.cleanup();
});

describe(`Open311 GeoReport v2 (${dialectName})`, () => {
  it('discovery in JSON and XML', async () => {
    const r = await fetch(api('discovery.json'));
    expect(r.headers.get('content-type')).toContain('application/json');
    const json = await r.json();
    expect(validateOpen311('discovery', json)).toEqual([]);
    expect(json.endpoints[0].url).toBe(`${server.url}/open311/v2`);
    const x = await fetch(api('discovery.xml'));
    expect(x.headers.get('content-type')).toContain('text/xml');
    const doc = parseXml(await x.text());
    expect(doc.discovery.endpoints.endpoint[0].formats.format).toEqual(['text/xml', 'application/json']);
  });

  it('services are the active categories, grouped by department', async () => {
    const json = await (await fetch(api('services.json'))).json();
    expect(validateOpen311('services', json)).toEqual([]);
    expect(json).toHaveLength(17);
    expect(json.find((s: { service_code: string }) => s.service_code === 'jalan-rusak')).toMatchObject({
      service_name: 'Jalan rusak atau berlubang',
      group: 'Dinas PUPR',
      type: 'realtime',
      metadata: true,
    });
    const en = await (await fetch(api('services.json?lang=en'))).json();
    expect(en.find((s: { service_code: string }) => s.service_code === 'jalan-rusak').service_name).toBe('Damaged or potholed road');
    const doc = parseXml(await (await fetch(api('services.xml'))).text());
    expect(doc.services.service).toHaveLength(17);
    expect(doc.services.service[0]).toHaveProperty('service_code');
    // A deactivated category disappears from the list.
    await db.db.updateTable('categories').set({ active: 0 }).where('code', '=', 'parkir').execute();
    const after = await (await fetch(api('services.json'))).json();
    expect(after.map((s: { service_code: string }) => s.service_code)).not.toContain('parkir');
  });

  it('service definitions, and 404 in the error format for an unknown code', async () => {
    const def = await (await fetch(api('services/sampah.json'))).json();
    expect(validateOpen311('service-definition', def)).toEqual([]);
    expect(def.service_code).toBe('sampah');
    const kel = def.attributes.find((a: { code: string }) => a.code === 'kelurahan');
    expect(kel).toMatchObject({ required: true, datatype: 'singlevaluelist' });
    expect(kel.values).toHaveLength(107);
    expect(kel.values.find((v: { key: string }) => v.key === '16.71.01.1001').name).toContain('35 Ilir');
    const defXml = parseXml(await (await fetch(api('services/sampah.xml'))).text());
    expect(defXml.service_definition.attributes.attribute[0].values.value).toHaveLength(107);
    const missing = await fetch(api('services/tidak-ada.json'));
    expect(missing.status).toBe(404);
    expect(validateOpen311('errors', await missing.json())).toEqual([]);
    const missingXml = await fetch(api('services/tidak-ada.xml'));
    expect(parseXml(await missingXml.text()).errors.error[0].code).toBe('404');
  });

  it('answers unknown resources and formats with the spec’s error list', async () => {
    const r = await fetch(api('nothing.json'));
    expect(r.status).toBe(404);
    expect(validateOpen311('errors', await r.json())).toEqual([]);
    const noFormat = await fetch(api('services'));
    expect(noFormat.status).toBe(404);
    expect(parseXml(await noFormat.text()).errors.error[0].code).toBe('404');
  });

  it('API keys are stored hashed, found while active, refused after revocation', async () => {
    const k = await createApiKey(db.db, { label: 'Aplikasi uji' });
    const stored = await db.db.selectFrom('api_keys').selectAll().where('id', '=', k.id).executeTakeFirstOrThrow();
    expect(stored.key_hash).not.toContain(k.key.slice(3));
    expect(JSON.stringify(stored)).not.toContain(k.key);
    expect((await findActiveApiKey(db.db, k.key))?.id).toBe(k.id);
    expect(await findActiveApiKey(db.db, `${k.key}x`)).toBeUndefined();
    expect(await revokeApiKey(db.db, k.id, null)).toBe(true);
    expect(await findActiveApiKey(db.db, k.key)).toBeUndefined();
    const audit = await db.db.selectFrom('audit_log').select('action').where('object_type', '=', 'api_key').execute();
    expect(audit.map((a) => a.action)).toEqual(['api_key.create', 'api_key.revoke']);
  });

  it('`npm run cli -- create-api-key --label NAME` prints a working key on its last line', async () => {
    const root = path.resolve(import.meta.dirname, '../..');
    const r = spawnSync(process.execPath, [path.join(root, 'src/cli/index.ts'), 'create-api-key', '--label', 'FixMyStreet Palembang'], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: db.url },
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    const key = r.stdout.trim().split('\n').at(-1)!;
    expect((await findActiveApiKey(db.db, key))?.label).toBe('FixMyStreet Palembang');
  });
});

describe(`Open311 service requests (${dialectName})`, () => {
  let key: string;
  const post = (fmt: 'json' | 'xml', body: Record<string, string>) =>
    fetch(api(`requests.${fmt}`), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(body),
    });
  const valid = () => ({
    api_key: key,
    service_code: 'jalan-rusak',
    lat: '-2.976074',
    long: '104.775429',
    'attribute[kelurahan]': '16.71.01.1001',
    description: 'Jalan berlubang besar di depan pasar, berbahaya bagi pengendara motor.',
    email: 'siti.open311@example.test',
    first_name: 'Siti',
    last_name: 'Rahmawati',
    phone: '0812 3456 7890',
  });

  beforeAll(async () => {
    key = (await createApiKey(db.db, { label: 'Klien uji', requestsPerMinute: 1000 })).key;
  });

  it('files a request with an api_key: routed like the web form, answered per the spec', async () => {
    const r = await post('json', valid());
    expect(r.status).toBe(200);
    const body = await r.json();
    expect(validateOpen311('post-response', body)).toEqual([]);
    const code = body[0].service_request_id;
    expect(code).toMatch(/^PLG-\d{2}-[A-Z0-9]{6}$/);
    expect(body[0].service_notice).toContain('Dinas Pekerjaan Umum dan Penataan Ruang');
    const row = await db.db.selectFrom('complaints').selectAll().where('code', '=', code).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      state: 'assigned',
      kecamatan_code: '16.71.01',
      reporter_phone: '+6281234567890',
      privacy: 'public',
      show_name: 0,
      channel: 'open311',
    });
    // It is in the department's hands, with a resolution due date from the category's target.
    expect(row.resolution_due_at).not.toBeNull();
    const xml = parseXml(await (await post('xml', valid())).text());
    expect(xml.service_requests.request[0].service_request_id).toMatch(/^PLG-/);
  });

  it('refuses per the spec: 403 without or with a bad key, 404 unknown service, 400 otherwise', async () => {
    const { api_key: _k, ...noKey } = valid();
    const cases: [Record<string, string>, number, RegExp][] = [
      [noKey, 403, /api_key/],
      [{ ...valid(), api_key: 'sw_thisisnotarealkeythisisnotarealkey' }, 403, /api_key/],
      [{ ...valid(), service_code: 'tidak-ada' }, 404, /service_code/],
      [{ ...valid(), lat: '', long: '' }, 400, /lat and long, address_string or address_id/],
      [{ ...valid(), 'attribute[kelurahan]': '' }, 400, /kelurahan/],
      [{ ...valid(), 'attribute[kelurahan]': '16.71.01' }, 400, /kelurahan/],
      [{ ...valid(), description: 'pendek' }, 400, /description/],
      [{ ...valid(), email: 'bukan-email' }, 400, /email/],
    ];
    for (const [body, status, message] of cases) {
      const r = await post('json', body);
      expect(r.status, JSON.stringify(body)).toBe(status);
      const errors = await r.json();
      expect(validateOpen311('errors', errors)).toEqual([]);
      expect(errors[0].description).toMatch(message);
    }
    const xml = await post('xml', noKey);
    expect(parseXml(await xml.text()).errors.error[0].code).toBe('403');
  });

  it('lists requests with filters and never personal data or confidential complaints', async () => {
    const filed = (
      await (
        await post('json', { ...valid(), service_code: 'sampah', description: 'Sampah menumpuk di TPS dekat sekolah selama satu minggu.' })
      ).json()
    )[0].service_request_id;
    const secret = (
      await (
        await post('json', {
          ...valid(),
          'attribute[privacy]': 'confidential',
          description: 'Rahasia: pungutan liar oleh oknum petugas di kantor kelurahan.',
        })
      ).json()
    )[0].service_request_id;
    const list = await (await fetch(api('requests.json'))).json();
    expect(validateOpen311('requests', list)).toEqual([]);
    const codes = list.map((x: { service_request_id: string }) => x.service_request_id);
    expect(codes).toContain(filed);
    expect(codes).not.toContain(secret);
    const text = JSON.stringify(list);
    for (const pii of ['siti.open311@example.test', 'Rahmawati', '+6281234567890', '0812']) expect(text).not.toContain(pii);
    const item = list.find((x: { service_request_id: string }) => x.service_request_id === filed);
    expect(item).toMatchObject({
      status: 'open',
      service_code: 'sampah',
      agency_responsible: 'Dinas Lingkungan Hidup dan Kebersihan Kota Palembang',
      address_id: '16.71.01.1001',
      lat: -2.976074,
    });
    expect(item.requested_datetime).toMatch(/\+07:00$/);
    expect(item.expected_datetime).toMatch(/T23:59:59\+07:00$/);
    // Filters: service_code, status, and an explicit id list that overrides them.
    const sampah = await (await fetch(api('requests.json?service_code=sampah'))).json();
    expect(sampah.every((x: { service_code: string }) => x.service_code === 'sampah')).toBe(true);
    expect(await (await fetch(api('requests.json?status=closed'))).json()).toEqual([]);
    const byId = await (await fetch(api(`requests.json?service_request_id=${filed},${secret}&status=closed`))).json();
    expect(byId.map((x: { service_request_id: string }) => x.service_request_id)).toEqual([filed]);
    const one = await fetch(api(`requests/${filed}.json`));
    expect(validateOpen311('requests', await one.json())).toEqual([]);
    expect((await fetch(api(`requests/${secret}.json`))).status).toBe(404);
    const xml = parseXml(await (await fetch(api(`requests/${filed}.xml`))).text());
    expect(xml.service_requests.request[0].status).toBe('open');
  });

  it('limits dates to 90 days and answers bad parameters with 400', async () => {
    for (const q of [
      'start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z',
      'start_date=kemarin',
      'status=pending',
      'start_date=2026-06-01T00:00:00Z&end_date=2026-05-01T00:00:00Z',
    ]) {
      const r = await fetch(api(`requests.json?${q}`));
      expect(r.status, q).toBe(400);
      expect(validateOpen311('errors', await r.json())).toEqual([]);
    }
    const old = await (
      await fetch(api('requests.json?start_date=2025-01-01T00:00:00%2B07:00&end_date=2025-03-01T00:00:00%2B07:00'))
    ).json();
    expect(old).toEqual([]);
  });

  it('a resolved request shows as closed with its resolution note; tokens map to the request', async () => {
    const code = (await (await post('json', valid())).json())[0].service_request_id;
    const c = await db.db.selectFrom('complaints').select(['id']).where('code', '=', code).executeTakeFirstOrThrow();
    const now = Date.now();
    await db.db.updateTable('complaints').set({ state: 'resolved', resolved_at: now, updated_at: now }).where('id', '=', c.id).execute();
    await db.db
      .insertInto('complaint_events')
      .values({
        complaint_id: c.id,
        at: now,
        actor_user_id: null,
        actor_kind: 'department',
        action: 'resolve',
        from_state: 'in_progress',
        to_state: 'resolved',
        note: 'Lubang sudah ditambal pada 20 November.',
        visibility: 'public',
        department_id: null,
      })
      .execute();
    const [item] = await (await fetch(api(`requests/${code}.json`))).json();
    expect(item).toMatchObject({ status: 'closed', status_notes: 'Lubang sudah ditambal pada 20 November.' });
    const token = await (await fetch(api(`tokens/${code}.json`))).json();
    expect(validateOpen311('tokens', token)).toEqual([]);
    expect(token[0].service_request_id).toBe(code);
    expect((await fetch(api('tokens/PLG-26-ZZZZZZ.json'))).status).toBe(404);
  });

  it('a request filed through Open311 reaches the department inbox; its resolution shows as closed with the note', async () => {
    const code = (await (await post('json', valid())).json())[0].service_request_id;
    const officer = await createTestUser(db.db, { role: 'officer', departmentCode: 'PUPR' });
    const cookie = await sessionCookie(db.db, officer.id);
    const staffPost = (note: string, action: string) =>
      fetch(`${server.url}/staff/complaints/${code}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.url, cookie },
        body: new URLSearchParams({ action, note }),
      });
    const inbox = await (await fetch(`${server.url}/staff/inbox`, { headers: { cookie } })).text();
    expect(inbox).toContain(code);
    expect((await staffPost('Tim kami memeriksa lokasi besok pagi.', 'respond')).status).toBe(303);
    let [item] = await (await fetch(api(`requests/${code}.json`))).json();
    expect(item).toMatchObject({ status: 'open', status_notes: 'Tim kami memeriksa lokasi besok pagi.' });
    expect((await staffPost('Lubang sudah ditambal dengan aspal pada hari ini.', 'resolve')).status).toBe(303);
    [item] = await (await fetch(api(`requests/${code}.json`))).json();
    expect(item).toMatchObject({ status: 'closed', status_notes: 'Lubang sudah ditambal dengan aspal pada hari ini.' });
  });

  it('each key has its own rate limit', async () => {
    const slow = (await createApiKey(db.db, { label: 'Lambat', requestsPerMinute: 2 })).key;
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await post('json', { ...valid(), api_key: slow })).status);
    expect(statuses).toEqual([200, 200, 429]);
    // Another key is unaffected.
    expect((await post('json', valid())).status).toBe(200);
  });
});

describe(`Open311 reads without a key (${dialectName})`, () => {
  it('are limited per address by OPEN311_READS_PER_MINUTE, answered 429 with Retry-After', async () => {
    const own = await createTestDb();
    const limited = await startServer({ DATABASE_URL: own.url, OPEN311_READS_PER_MINUTE: '3' });
    try {
      const statuses: number[] = [];
      let last: Response | undefined;
      for (let i = 0; i < 4; i++) {
        last = await fetch(`${limited.url}/open311/v2/services.json`);
        statuses.push(last.status);
      }
      expect(statuses).toEqual([200, 200, 200, 429]);
      expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(validateOpen311('errors', await last!.json())).toEqual([]);
    } finally {
      await limited.stop();
      await own.cleanup();
    }
  });
});
