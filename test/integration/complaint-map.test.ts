// The map over HTTP against the built server: the public GeoJSON carries no personal data and no
// confidential or spam complaint, its filters, the point outside the region refused with the form kept,
// the pin (a point without a kelurahan) pre-selecting the kelurahan, and the no-JavaScript
// "Pilih kecamatan" step narrowing the list with everything typed — photos included — kept.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dialectName, type TestDb } from '../support/db.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { complaintFields, jpeg, postComplaint, readReceipt, tokenIn } from '../support/complaints.ts';

let db: TestDb;
let server: RunningServer;
let uploadDir: string;
// Nothing in these tests fetches a tile; the template only has to be well formed and on loopback.
const TILES = 'http://127.0.0.1:9/{z}/{x}/{y}.png';

// Centroids from db/reference/palembang/area-points.csv (cahyadsn/wilayah_boundaries, see SOURCES.md).
const KEL_35_ILIR = { code: '16.71.01.1001', lat: '-3.008024', lng: '104.743605' };
const KEC_ILIR_BARAT_II = '16.71.01';
const KEC_SEBERANG_ULU_I = '16.71.02';
// Monas, Jakarta: far outside Palembang's bounding box.
const JAKARTA = { lat: '-6.175392', lng: '106.827153' };

const codes: Record<string, string> = {};
const titleOf = (k: string) => `Peta uji ${k} ${dialectName}`;

beforeAll(async () => {
  db = await createTestDb();
  uploadDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-map-'));
  server = await startServer({
    DATABASE_URL: db.url,
    UPLOAD_DIR: uploadDir,
    MAP_TILE_URL: TILES,
    MAP_TILE_ATTRIBUTION: 'Peta uji <b>&</b>',
    COMPLAINTS_PER_HOUR: '1000',
    COMPLAINTS_PER_ADDRESS_HOUR: '1000',
    COMPLAINT_MIN_FILL_SECONDS: '0',
  });
  const file = async (key: string, over: Record<string, string>) => {
    const r = await postComplaint(server.url, complaintFields({ title: titleOf(key), ...over }));
    codes[key] = (await readReceipt(server.url, r)).code;
  };
  const point = { latitude: KEL_35_ILIR.lat, longitude: KEL_35_ILIR.lng };
  const person = { name: 'Siti Rahasia Pelapor', email: 'siti.rahasia@example.org', phone: '081234567890' };
  await file('public', { ...point, ...person, show_name: '1', category: 'jalan-rusak' });
  await file('anonymous', { ...point, ...person, privacy: 'anonymous' });
  await file('confidential', { ...point, ...person, privacy: 'confidential' });
  await file('spam', { ...point });
  await file('nopoint', { latitude: '', longitude: '' });
  await file('elsewhere', { kecamatan: KEC_SEBERANG_ULU_I, kelurahan: '16.71.02.1002', latitude: '-3.011022', longitude: '104.753086' });
  await db.db.updateTable('complaints').set({ state: 'rejected', rejection_reason: 'spam' }).where('code', '=', codes.spam!).execute();
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await db?.cleanup();
  fs.rmSync(uploadDir, { recursive: true, force: true });
});

const get = (p: string) => fetch(`${server.url}${p}`, { redirect: 'manual' });
const geojson = async (q = '') => {
  const r = await get(`/complaints/map.geojson${q}`);
  expect(r.status).toBe(200);
  expect(r.headers.get('content-type')).toMatch(/^application\/geo\+json/);
  const text = await r.text();
  return {
    text,
    body: JSON.parse(text) as {
      type: string;
      features: { geometry: { type: string; coordinates: number[] }; properties: Record<string, string> }[];
    },
  };
};
const featureCodes = (b: Awaited<ReturnType<typeof geojson>>['body']) => b.features.map((f) => f.properties.code).sort();
const count = async () =>
  Number(
    (
      await db.db
        .selectFrom('complaints')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe(`the public complaint map (${dialectName})`, () => {
  it('serves public and anonymous complaints with a point, and nothing personal, confidential or spam', async () => {
    const { text, body } = await geojson();
    expect(body.type).toBe('FeatureCollection');
    expect(featureCodes(body)).toEqual([codes.anonymous, codes.elsewhere, codes.public].sort());
    for (const secret of [
      'Siti Rahasia',
      'siti.rahasia@example.org',
      '081234567890',
      codes.confidential,
      codes.spam,
      titleOf('confidential'),
      titleOf('spam'),
    ]) {
      expect(text).not.toContain(secret);
    }
    const pub = body.features.find((f) => f.properties.code === codes.public)!;
    // Exactly these properties: a new column never leaks by accident. GeoJSON is longitude first.
    expect(Object.keys(pub.properties).sort()).toEqual([
      'category',
      'category_name',
      'code',
      'kecamatan',
      'kecamatan_name',
      'state',
      'state_name',
      'title',
      'url',
    ]);
    expect(pub.geometry).toEqual({ type: 'Point', coordinates: [Number(KEL_35_ILIR.lng), Number(KEL_35_ILIR.lat)] });
    // jalan-rusak routes itself to Dinas PUPR (palembang/categories.csv): assigned at once.
    expect(pub.properties).toMatchObject({
      title: titleOf('public'),
      state: 'assigned',
      state_name: 'Diteruskan ke dinas',
      category: 'jalan-rusak',
      kecamatan: KEC_ILIR_BARAT_II,
    });
    expect(pub.properties.url).toMatch(new RegExp(`/complaints/${codes.public}$`));
  });

  it('filters by category, state and kecamatan', async () => {
    expect(featureCodes((await geojson('?category=jalan-rusak')).body)).toEqual([codes.public]);
    expect(featureCodes((await geojson(`?kecamatan=${KEC_SEBERANG_ULU_I}`)).body)).toEqual([codes.elsewhere]);
    expect(featureCodes((await geojson('?state=rejected')).body)).toEqual([]);
    expect(featureCodes((await geojson(`?state=assigned&kecamatan=${KEC_ILIR_BARAT_II}`)).body)).toEqual([codes.public]);
    expect(featureCodes((await geojson(`?state=submitted&kecamatan=${KEC_ILIR_BARAT_II}`)).body)).toEqual([codes.anonymous]);
  });

  it('shows the same complaints as a table without JavaScript, with a legend, and links list and map', async () => {
    const html = await (await get(`/complaints/map?kecamatan=${KEC_ILIR_BARAT_II}`)).text();
    expect(html).toContain(`<a href="/complaints/${codes.public}">${codes.public}</a>`);
    expect(html).toContain(codes.anonymous);
    for (const hidden of [codes.confidential, codes.spam, codes.elsewhere, 'Siti Rahasia', 'siti.rahasia@example.org'])
      expect(html).not.toContain(hidden);
    expect(html).toContain('Keterangan warna status');
    expect(html).toContain('href="/complaints?kecamatan=16.71.01"');
    const list = await (await get(`/complaints?kecamatan=${KEC_ILIR_BARAT_II}`)).text();
    expect(list).toContain('href="/complaints/map?kecamatan=16.71.01"');
  });

  it("shows a complaint's point on its page, as text without JavaScript", async () => {
    const html = await (await get(`/complaints/${codes.public}`)).text();
    expect(html).toContain('id="complaint-point-map"');
    expect(html).toContain(`Titik: ${KEL_35_ILIR.lat}, ${KEL_35_ILIR.lng}`);
    expect(await (await get(`/complaints/${codes.nopoint}`)).text()).not.toContain('id="complaint-point-map"');
  });

  it('allows images from the configured tile server in the CSP, and hands the map its tiles and attribution', async () => {
    const r = await get('/complaints/new');
    expect(r.headers.get('content-security-policy')).toContain("img-src 'self' data: blob: http://127.0.0.1:9;");
    const html = await r.text();
    expect(html).toContain('http://127.0.0.1:9/{z}/{x}/{y}.png');
    // Handed over as data (the script escapes it before Leaflet sees it as HTML).
    expect(html).toContain('&quot;attribution&quot;:&quot;Peta uji <b>&amp;</b>&quot;');
  });
});

describe(`the location on the complaint form (${dialectName})`, () => {
  it('refuses a point outside the region with a clear message, keeping what was typed', async () => {
    const before = await count();
    const r = await postComplaint(
      server.url,
      complaintFields({ title: 'Titik di kota lain', latitude: JAKARTA.lat, longitude: JAKARTA.lng }),
    );
    expect(r.status).toBe(422);
    const html = await r.text();
    expect(html).toContain('Titik ini berada di luar wilayah layanan portal');
    expect(html).toContain('value="Titik di kota lain"');
    expect(html).toContain(`value="${JAKARTA.lat}"`);
    expect(await count()).toBe(before);
    // Without a kelurahan the same point is refused too (not silently pre-selected).
    const r2 = await postComplaint(
      server.url,
      complaintFields({ kelurahan: '', kecamatan: '', latitude: JAKARTA.lat, longitude: JAKARTA.lng }),
    );
    expect(r2.status).toBe(422);
    expect(await r2.text()).toContain('Titik ini berada di luar wilayah layanan portal');
    expect(await count()).toBe(before);
  });

  it('files a point inside the region', async () => {
    const r = await postComplaint(
      server.url,
      complaintFields({ title: 'Titik di dalam wilayah', latitude: KEL_35_ILIR.lat, longitude: KEL_35_ILIR.lng }),
    );
    const { code } = await readReceipt(server.url, r);
    const row = await db.db.selectFrom('complaints').select(['latitude', 'longitude']).where('code', '=', code).executeTakeFirstOrThrow();
    expect([Number(row.latitude), Number(row.longitude)]).toEqual([Number(KEL_35_ILIR.lat), Number(KEL_35_ILIR.lng)]);
  });

  it('pre-selects the kecamatan and kelurahan nearest a point given without a kelurahan, and files nothing yet', async () => {
    const before = await count();
    // A few metres from the centroid of 35 Ilir.
    const r = await postComplaint(
      server.url,
      complaintFields({ title: 'Dari titik', kecamatan: '', kelurahan: '', latitude: '-3.0081', longitude: '104.7437' }),
    );
    expect(r.status).toBe(200);
    const html = await r.text();
    expect(html).toMatch(/<option value="16\.71\.01\.1001" selected>/);
    expect(html).toMatch(/<option value="16\.71\.01" selected>/);
    expect(html).toContain('Dipilih dari titik di peta: Kelurahan 35 Ilir, Kecamatan Ilir Barat II.');
    expect(html).toContain('value="Dari titik"');
    expect(await count()).toBe(before);
    // Sent again as shown (same form token), it is filed in that kelurahan.
    const again = await postComplaint(
      server.url,
      complaintFields({
        form_token: tokenIn(html),
        title: 'Dari titik',
        kecamatan: KEC_ILIR_BARAT_II,
        kelurahan: KEL_35_ILIR.code,
        latitude: '-3.0081',
        longitude: '104.7437',
      }),
    );
    const { code } = await readReceipt(server.url, again);
    const row = await db.db.selectFrom('complaints').select('kelurahan_code').where('code', '=', code).executeTakeFirstOrThrow();
    expect(row.kelurahan_code).toBe(KEL_35_ILIR.code);
  });

  it('narrows the kelurahan list to the chosen kecamatan with the "Pilih kecamatan" step, keeping text, token and photos', async () => {
    const before = await count();
    const first = await (await get('/complaints/new')).text();
    // The first render offers every kecamatan's kelurahan, and the step button.
    expect(first).toContain(`data-kecamatan="${KEC_ILIR_BARAT_II}"`);
    expect(first).toContain(`data-kecamatan="${KEC_SEBERANG_ULU_I}"`);
    expect(first).toMatch(/<button type="submit"[^>]*name="location_step" value="kecamatan"/);
    const token = tokenIn(first);
    const photo = { name: 'lubang.jpg', type: 'image/jpeg', data: await jpeg() };
    const r = await postComplaint(
      server.url,
      complaintFields({
        form_token: token,
        title: 'Langkah kecamatan',
        kecamatan: KEC_SEBERANG_ULU_I,
        kelurahan: '',
        latitude: '',
        longitude: '',
        location_step: 'kecamatan',
      }),
      [photo],
    );
    expect(r.status).toBe(200);
    const html = await r.text();
    expect(html).toContain(`data-kecamatan="${KEC_SEBERANG_ULU_I}"`);
    expect(html).not.toContain(`data-kecamatan="${KEC_ILIR_BARAT_II}"`);
    expect(html).not.toContain(`<option value="${KEL_35_ILIR.code}"`);
    expect(html).toContain('Daftar kelurahan disaring untuk Kecamatan Seberang Ulu I.');
    expect(html).toContain('value="Langkah kecamatan"');
    expect(html).not.toMatch(/class="field-error" id="(?!photos-size-error)/);
    expect(tokenIn(html)).toBe(token);
    expect(html).toContain('id="kept-photos"');
    expect(await count()).toBe(before);
    // Then the resident picks a kelurahan and sends: one complaint, with the photo kept from the step.
    const done = await postComplaint(
      server.url,
      complaintFields({ form_token: token, title: 'Langkah kecamatan', kecamatan: KEC_SEBERANG_ULU_I, kelurahan: '16.71.02.1002' }),
    );
    const { code } = await readReceipt(server.url, done);
    const row = await db.db.selectFrom('complaints').select(['id', 'kelurahan_code']).where('code', '=', code).executeTakeFirstOrThrow();
    expect(row.kelurahan_code).toBe('16.71.02.1002');
    const photos = await db.db.selectFrom('complaint_photos').select('id').where('complaint_id', '=', row.id).execute();
    expect(photos).toHaveLength(1);
    expect(await count()).toBe(before + 1);
  });
});
