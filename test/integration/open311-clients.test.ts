// Open311 as real clients use it (issue 23): empty and list parameters, repeated parameters, mySociety's
// servicerequestupdates, media_url and multipart media, a key's own withheld requests, CORS/OPTIONS/HEAD,
// discovery's changeset and contact, zipcode, the region's bounding box, English errors. Each test cites
// the GeoReport v2 wording (wiki.open311.org/GeoReport_v2) or mySociety's extension it checks.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/server/open311/api-keys.ts';
import { createTestDb, dialectName, type TestDb } from '../support/db.ts';
import { parseXml, validateOpen311 } from '../support/open311.ts';
import { startServer, type RunningServer } from '../support/server.ts';

let db: TestDb;
let server: RunningServer;
let images: http.Server;
let imageBase: string;
let key: string;
let keyId: number;
let jpeg: Buffer;
const api = (p: string) => `${server.url}/open311/v2/${p}`;

beforeAll(async () => {
  jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 80, b: 40 } } })
    .jpeg()
    .toBuffer();
  // A loopback image server: the allow-list below permits 127.0.0.1; nothing else private is reachable.
  images = http.createServer((req, res) => {
    if (req.url === '/lubang.jpg') {
      res.writeHead(200, { 'content-type': 'image/jpeg' }).end(jpeg);
    } else if (req.url === '/besar.jpg') {
      res.writeHead(200, { 'content-type': 'image/jpeg' });
      res.end(Buffer.alloc(6 * 1024 * 1024, 1));
    } else if (req.url === '/lambat.jpg') {
      res.writeHead(200, { 'content-type': 'image/jpeg' });
      res.write(jpeg.subarray(0, 10)); // never finishes
    } else res.writeHead(404).end();
  });
  await new Promise<void>((r) => images.listen(0, '127.0.0.1', r));
  imageBase = `http://127.0.0.1:${(images.address() as AddressInfo).port}`;
  db = await createTestDb();
  server = await startServer({
    DATABASE_URL: db.url,
    OPEN311_MEDIA_ALLOW_HOSTS: '127.0.0.1',
    OPEN311_MEDIA_TIMEOUT_SECONDS: '2',
    OPEN311_CONTACT: 'Diskominfo Kota Palembang, open311@example.test',
  });
  const k = await createApiKey(db.db, { label: 'Klien uji', requestsPerMinute: 1000 });
  key = k.key;
  keyId = k.id;
});
afterAll(async () => {
  images?.closeAllConnections();
  images?.close();
  await server?.stop();
  await db?.cleanup();
});

const valid = (extra: Record<string, string> = {}) => ({
  api_key: key,
  service_code: 'jalan-rusak',
  lat: '-2.976074',
  long: '104.775429',
  'attribute[kelurahan]': '16.71.01.1001',
  description: 'Jalan berlubang besar di depan pasar, berbahaya bagi pengendara motor.',
  ...extra,
});
const post = (body: Record<string, string>) =>
  fetch(api('requests.json'), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(body),
  });
const file = async (extra: Record<string, string> = {}) => {
  const r = await post(valid(extra));
  const body = await r.json();
  expect(r.status, JSON.stringify(body)).toBe(200);
  return body[0].service_request_id as string;
};
const codes = (list: { service_request_id: string }[]) => list.map((x) => x.service_request_id);

describe(`Open311 list parameters (${dialectName})`, () => {
  it('an empty optional parameter behaves as absent', async () => {
    // Spec, GET Service Requests: status "Allows one to search for requests which have a specific status.
    // This defaults to all statuses"; start_date/end_date are optional. `status=` names no status.
    const code = await file();
    for (const q of ['status=', 'start_date=', 'end_date=', 'status=&start_date=&end_date=&service_code=']) {
      const r = await fetch(api(`requests.json?${q}`));
      expect(r.status, q).toBe(200);
      expect(codes(await r.json()), q).toContain(code);
    }
  });

  it('service_code and status accept comma-separated lists', async () => {
    // Spec: service_code "Specify the service type by calling the unique ID of the service_code. This
    // defaults to all service codes when not declared; can be declared multiple times, comma delimited";
    // status "can be declared multiple times, comma delimited".
    const road = await file();
    const trash = await file({ service_code: 'sampah', description: 'Sampah menumpuk di TPS dekat sekolah selama satu minggu.' });
    const both = codes(await (await fetch(api('requests.json?service_code=jalan-rusak,sampah'))).json());
    expect(both).toEqual(expect.arrayContaining([road, trash]));
    const one = codes(await (await fetch(api('requests.json?service_code=sampah'))).json());
    expect(one).toContain(trash);
    expect(one).not.toContain(road);
    const statuses = codes(await (await fetch(api('requests.json?status=open,closed'))).json());
    expect(statuses).toEqual(expect.arrayContaining([road, trash]));
  });

  it('a repeated parameter is refused with 400, not reduced to one of its values', async () => {
    // Spec: lists are "comma delimited" in one parameter; two status= parameters are not a list.
    for (const q of ['status=open&status=closed', 'service_code=sampah&service_code=jalan-rusak']) {
      const r = await fetch(api(`requests.json?${q}`));
      expect(r.status, q).toBe(400);
      const errors = await r.json();
      expect(validateOpen311('errors', errors)).toEqual([]);
      expect(errors[0].description).toMatch(/more than once/);
    }
    const twice = new URLSearchParams(valid());
    twice.append('service_code', 'sampah');
    const dup = await fetch(api('requests.json'), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: twice,
    });
    expect(dup.status).toBe(400);
    expect((await dup.json())[0].description).toMatch(/service_code is given more than once/);
  });
});

describe(`Open311 servicerequestupdates (${dialectName})`, () => {
  it('lists the public updates of public requests, as FixMyStreet fetches them', async () => {
    // mySociety, "Open311 FMS - Proposed differences to Open311", Get Service Request Updates:
    // "Fetch a list of recent updates to Requests", URL [API endpoint]/servicerequestupdates.[format],
    // response service_request_updates > request_update with update_id, service_request_id, status
    // ("The status of the service request after the update"), updated_datetime, description, media_url.
    const code = await file();
    const c = await db.db.selectFrom('complaints').select('id').where('code', '=', code).executeTakeFirstOrThrow();
    const at = Date.now();
    await db.db.updateTable('complaints').set({ state: 'resolved', resolved_at: at, updated_at: at }).where('id', '=', c.id).execute();
    const ev = await db.db
      .insertInto('complaint_events')
      .values({
        complaint_id: c.id,
        at,
        actor_user_id: null,
        actor_kind: 'department',
        action: 'resolve',
        from_state: 'in_progress',
        to_state: 'resolved',
        note: 'Lubang sudah ditambal.',
        visibility: 'public',
        department_id: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.db
      .insertInto('complaint_events')
      .values({
        complaint_id: c.id,
        at,
        actor_user_id: null,
        actor_kind: 'department',
        action: 'note',
        from_state: 'resolved',
        to_state: 'resolved',
        note: 'Catatan internal petugas.',
        visibility: 'internal',
        department_id: null,
      })
      .execute();
    const list = await (await fetch(api('servicerequestupdates.json?start_date=&end_date='))).json();
    const mine = list.filter((u: { service_request_id: string }) => u.service_request_id === code);
    // Routed on filing (open), then resolved (closed); the internal note is not an update.
    expect(mine.map((u: { status: string }) => u.status)).toEqual(['open', 'closed']);
    expect(mine.at(-1)).toEqual({
      update_id: String(ev.id),
      service_request_id: code,
      status: 'closed',
      updated_datetime: expect.stringMatching(/\+07:00$/),
      description: 'Lubang sudah ditambal.',
      media_url: null,
    });
    const xml = parseXml(await (await fetch(api('servicerequestupdates.xml'))).text());
    const updates = [xml.service_request_updates.request_update].flat();
    expect(updates.some((u: { service_request_id: string }) => u.service_request_id === code)).toBe(true);
    // A confidential request's updates are not public.
    const secret = await file({ 'attribute[privacy]': 'confidential' });
    const s = await db.db.selectFrom('complaints').select('id').where('code', '=', secret).executeTakeFirstOrThrow();
    await db.db
      .insertInto('complaint_events')
      .values({
        complaint_id: s.id,
        at,
        actor_user_id: null,
        actor_kind: 'department',
        action: 'respond',
        from_state: 'assigned',
        to_state: 'in_progress',
        note: 'Sedang ditangani.',
        visibility: 'public',
        department_id: null,
      })
      .execute();
    const again = await (await fetch(api('servicerequestupdates.json'))).json();
    expect(codes(again)).not.toContain(secret);
    expect((await fetch(api('servicerequestupdates.json?start_date=2026-01-01T00:00:00Z&end_date=2026-12-01T00:00:00Z'))).status).toBe(400);
  });
});

describe(`Open311 media (${dialectName})`, () => {
  const photos = async (code: string) =>
    db.db
      .selectFrom('complaint_photos as p')
      .innerJoin('complaints as c', 'c.id', 'p.complaint_id')
      .select('p.file_name')
      .where('c.code', '=', code)
      .execute();
  const reason = async (code: string) =>
    (
      await db.db
        .selectFrom('audit_log')
        .select('details')
        .where('object_id', '=', code)
        .where('action', '=', 'complaint.media_not_attached')
        .executeTakeFirst()
    )?.details;

  it('media_url is fetched server-side and attached through the photo pipeline', async () => {
    // Spec, POST Service Request: media_url "A URL to media associated with the request, for example an image".
    const code = await file({ media_url: `${imageBase}/lubang.jpg` });
    expect(await photos(code)).toHaveLength(1);
    const [item] = await (await fetch(api(`requests/${code}.json`))).json();
    expect(item.media_url).toMatch(new RegExp(`^${server.url}/complaints/${code}/photos/`));
    expect((await fetch(item.media_url)).headers.get('content-type')).toMatch(/^image\//);
  });

  it('refuses private, non-http, oversized and slow media, filing the request and recording why', async () => {
    const cases: [string, RegExp][] = [
      ['http://169.254.169.254/latest/meta-data', /private, loopback or link-local/],
      ['http://[::1]:9/x.jpg', /private, loopback or link-local/],
      ['http://10.0.0.1/x.jpg', /private, loopback or link-local/],
      // The allow-list names 127.0.0.1, not its IPv4-mapped IPv6 spelling.
      [`http://[::ffff:127.0.0.1]:${new URL(imageBase).port}/lubang.jpg`, /private, loopback or link-local/],
      ['ftp://example.test/x.jpg', /http or https/],
      [`${imageBase}/besar.jpg`, /larger than 5 MB/],
      [`${imageBase}/lambat.jpg`, /too long/],
      [`${imageBase}/tidak-ada.jpg`, /HTTP 404/],
    ];
    for (const [url, why] of cases) {
      const r = await post(valid({ media_url: url }));
      expect(r.status, url).toBe(200);
      const [body] = await r.json();
      expect(body.service_notice, url).toMatch(why);
      expect(await photos(body.service_request_id), url).toHaveLength(0);
      expect(await reason(body.service_request_id), url).toMatch(why);
    }
  });

  it('multipart media files are accepted like the form’s uploads; a non-image is refused', async () => {
    // Spec, POST Service Request: "media: A file upload of the media associated with the request" (multipart).
    const form = new FormData();
    for (const [k, v] of Object.entries(valid())) form.append(k, v);
    form.append('media', new File([new Uint8Array(jpeg)], 'lubang.jpg', { type: 'image/jpeg' }));
    const r = await fetch(api('requests.json'), { method: 'POST', body: form });
    expect(r.status).toBe(200);
    expect(await photos((await r.json())[0].service_request_id)).toHaveLength(1);
    const bad = new FormData();
    for (const [k, v] of Object.entries(valid())) bad.append(k, v);
    bad.append('media', new File(['<html>bukan foto</html>'], 'x.jpg', { type: 'image/jpeg' }));
    const refused = await fetch(api('requests.json'), { method: 'POST', body: bad });
    expect(refused.status).toBe(400);
    expect((await refused.json())[0].description).toMatch(/^media: File 1 /);
  });
});

describe(`Open311 a key's own withheld requests (${dialectName})`, () => {
  it('answers requests/{id} and tokens/{token} with the status for the key that filed it; 404 for others', async () => {
    // Spec, GET Service Request: "Query the current status of an individual request"; tokens "Get a
    // service request id from a temporary token". A confidential request's content stays withheld.
    const secret = await file({
      'attribute[privacy]': 'confidential',
      description: 'Rahasia: pungutan liar oleh oknum petugas di kantor kelurahan.',
    });
    const spam = await file({ description: 'Promo pinjaman cepat tanpa agunan, hubungi kami sekarang juga ya.' });
    await db.db
      .updateTable('complaints')
      .set({ state: 'rejected', rejection_reason: 'spam', rejected_at: Date.now() })
      .where('code', '=', spam)
      .execute();
    const other = (await createApiKey(db.db, { label: 'Klien lain', requestsPerMinute: 1000 })).key;
    for (const code of [secret, spam]) {
      expect((await fetch(api(`requests/${code}.json`))).status, code).toBe(404);
      expect((await fetch(api(`requests/${code}.json`), { headers: { 'x-api-key': other } })).status, code).toBe(404);
      expect((await fetch(api(`tokens/${code}.json`), { headers: { 'x-api-key': other } })).status, code).toBe(404);
      const tok = await (await fetch(api(`tokens/${code}.json`), { headers: { 'x-api-key': key } })).json();
      expect(tok).toEqual([{ service_request_id: code, token: code }]);
    }
    const [s] = await (await fetch(api(`requests/${secret}.json`), { headers: { 'x-api-key': key } })).json();
    expect(s).toMatchObject({
      service_request_id: secret,
      status: 'open',
      description: null,
      address: null,
      lat: null,
      long: null,
      zipcode: null,
    });
    expect(JSON.stringify(s)).not.toContain('pungutan');
    const [p] = await (await fetch(api(`requests/${spam}.json`), { headers: { 'x-api-key': key } })).json();
    expect(p).toMatchObject({ service_request_id: spam, status: 'closed' });
    const row = await db.db.selectFrom('complaints').select('api_key_id').where('code', '=', secret).executeTakeFirstOrThrow();
    expect(row.api_key_id).toBe(keyId);
  });
});

describe(`Open311 HTTP details (${dialectName})`, () => {
  it('GET sends CORS headers; OPTIONS and HEAD answer properly', async () => {
    // Browser-based 311 apps read the API from another origin (issue 23); the spec's reads need no key.
    const r = await fetch(api('services.json'), { headers: { origin: 'https://app.example.test' } });
    expect(r.headers.get('access-control-allow-origin')).toBe('*');
    const o = await fetch(api('requests.json'), {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example.test', 'access-control-request-method': 'GET' },
    });
    expect(o.status).toBe(204);
    expect(o.headers.get('access-control-allow-methods')).toContain('GET');
    expect(o.headers.get('allow')).toContain('HEAD');
    const h = await fetch(api('services.json'), { method: 'HEAD' });
    expect(h.status).toBe(200);
    expect(h.headers.get('content-type')).toContain('application/json');
    expect(await h.text()).toBe('');
    const missing = await fetch(api('services/tidak-ada.json'), { method: 'HEAD' });
    expect(missing.status).toBe(404);
    const put = await fetch(api('services.json'), { method: 'PUT' });
    expect(put.status).toBe(405);
  });

  it('discovery: changeset follows the last change of services; contact from configuration', async () => {
    // Service Discovery: "changeset: Sortable field that specifies the last time this document was
    // updated"; "contact: Human readable information on how to get help".
    const before = await (await fetch(api('discovery.json'))).json();
    expect(before.contact).toBe('Diskominfo Kota Palembang, open311@example.test');
    const later = Date.parse(before.changeset) + 60_000;
    await db.db
      .insertInto('audit_log')
      .values({
        at: later,
        actor_user_id: null,
        actor_role: 'admin',
        action: 'reference.category_updated',
        object_type: 'category',
        object_id: 'sampah',
        request_id: null,
      })
      .execute();
    const after = await (await fetch(api('discovery.json'))).json();
    expect(Date.parse(after.changeset)).toBe(later);
    expect(after.endpoints[0].changeset).toBe(after.changeset);
  });

  it('zipcode is present as null; a point outside the region is refused clearly; errors are in English', async () => {
    // Spec, GET Service Requests response: zipcode "The postal code for the location of the service request".
    const code = await file();
    const [item] = await (await fetch(api(`requests/${code}.json`))).json();
    expect(item).toHaveProperty('zipcode', null);
    const xml = parseXml(await (await fetch(api(`requests/${code}.xml`))).text());
    expect(xml.service_requests.request[0]).toHaveProperty('zipcode');
    // Jakarta is far outside Palembang's box (db/reference/palembang/region.json bbox).
    const far = await post(valid({ lat: '-6.2', long: '106.8' }));
    expect(far.status).toBe(400);
    expect((await far.json())[0].description).toMatch(/outside the area this portal serves/);
    // Indonesian locale requested: the error is still English.
    const id = await fetch(api('requests.json?lang=id&status=pending'));
    expect((await id.json())[0].description).toMatch(/^status: status must be/);
  });
});
