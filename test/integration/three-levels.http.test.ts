// Three area levels for Jakarta (kota/kabupaten administrasi → kecamatan → kelurahan): the form offers
// the kota, filing checks it against the kelurahan, the public list, the reports and Open311 accept it.
// Palembang, a city, keeps two levels: no kota anywhere.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareDatabase } from '../../src/server/bootstrap.ts';
import { parseConfig } from '../../src/server/config.ts';
import { createApiKey } from '../../src/server/open311/api-keys.ts';
import { complaintFields, formToken, postComplaint, readReceipt } from '../support/complaints.ts';
import { createTestDb, dialectName, type TestDb } from '../support/db.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { createTestUser, sessionCookie } from '../support/users.ts';

const KOTA = ['31.01', '31.71', '31.72', '31.73', '31.74', '31.75'];

async function startRegion(region: string) {
  const db = await createTestDb({ migrate: false });
  await prepareDatabase(db.db, region, parseConfig({ REGION: region }).timeZone);
  const server = await startServer({ DATABASE_URL: db.url, REGION: region, COMPLAINT_MIN_FILL_SECONDS: '0' });
  return { db, server };
}

describe(`three area levels: Jakarta (${dialectName})`, () => {
  let db: TestDb;
  let server: RunningServer;
  const codes: Record<string, string> = {};
  beforeAll(async () => ({ db, server } = await startRegion('jakarta')));
  afterAll(async () => {
    await server?.stop();
    await db?.cleanup();
  });

  it('offers the kota with its Kemendagri codes and the "Pilih kota" step on the form', async () => {
    const html = await (await fetch(`${server.url}/complaints/new`)).text();
    const kota = html.slice(html.indexOf('<select id="kota"'), html.indexOf('</select>', html.indexOf('<select id="kota"')));
    expect([...kota.matchAll(/<option value="(\d\d\.\d\d)"/g)].map((m) => m[1])).toEqual(KOTA);
    expect(kota).toContain('Kota Administrasi Jakarta Selatan');
    expect(kota).toContain('Kabupaten Administrasi Kepulauan Seribu');
    expect(html).toMatch(/<button[^>]*name="location_step" value="kota"/);
  });

  it('without JavaScript, "Pilih kota" narrows the kecamatan list and keeps what was typed', async () => {
    const res = await fetch(`${server.url}/complaints/new`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.url },
      body: new URLSearchParams({
        ...complaintFields({ category: 'drainase', title: 'Genangan di Tebet', kecamatan: '31.71.01', kelurahan: '31.71.01.1001' }),
        kota: '31.74',
        location_step: 'kota',
        form_token: await formToken(server.url),
      }),
    });
    expect(res.status).toBe(200);
    const html = await res.text();
    const kec = html.slice(html.indexOf('<select id="kecamatan"'), html.indexOf('</select>', html.indexOf('<select id="kecamatan"')));
    const options = [...kec.matchAll(/<option value="([\d.]+)"/g)].map((m) => m[1]);
    expect(options).toHaveLength(10);
    expect(options.every((c) => c!.startsWith('31.74.'))).toBe(true);
    // The Gambir kecamatan and kelurahan lie in another kota: cleared, to be chosen again; the title stays.
    expect(html).not.toMatch(/value="31\.71\.01(\.1001)?" selected/);
    expect(html).toContain('value="Genangan di Tebet"');
    expect(await db.db.selectFrom('complaints').select('id').execute()).toEqual([]);
  });

  it('files with the kota, and refuses a kelurahan outside the kota chosen', async () => {
    const ok = await postComplaint(server.url, {
      ...complaintFields({
        category: 'drainase',
        title: 'Saluran tersumbat di Tebet',
        description: 'Saluran di depan rumah tersumbat sampah, air meluap ke jalan.',
        kecamatan: '31.74.01',
        kelurahan: '31.74.01.1001',
      }),
      kota: '31.74',
    });
    codes.tebet = (await readReceipt(server.url, ok)).code;
    const gambir = await postComplaint(
      server.url,
      complaintFields({
        category: 'sampah',
        title: 'Sampah menumpuk di Gambir',
        description: 'Sampah di TPS tidak diangkut sejak seminggu, bau menyengat.',
        kecamatan: '31.71.01',
        kelurahan: '31.71.01.1001',
      }),
    );
    codes.gambir = (await readReceipt(server.url, gambir)).code;
    const wrong = await postComplaint(server.url, {
      ...complaintFields({
        category: 'sampah',
        title: 'Sampah di Gambir lagi',
        description: 'Sampah di TPS tidak diangkut sejak seminggu, bau menyengat.',
        kecamatan: '',
        kelurahan: '31.71.01.1001',
      }),
      kota: '31.74',
    });
    expect(wrong.status).toBe(422);
    expect(await db.db.selectFrom('complaints').select('code').execute()).toHaveLength(2);
  });

  it('filters the public list and the map by kota', async () => {
    const list = async (q: string) => await (await fetch(`${server.url}/complaints?${q}`)).text();
    const selatan = await list('kota=31.74');
    expect(selatan).toContain(codes.tebet);
    expect(selatan).not.toContain(codes.gambir);
    expect(selatan).toMatch(/<select id="f-kota" name="kota">/);
    const pusat = await list('kota=31.71');
    expect(pusat).toContain(codes.gambir);
    expect(pusat).not.toContain(codes.tebet);
    expect(await (await fetch(`${server.url}/complaints/map?kota=31.74`)).text()).toMatch(/<option value="31\.74" selected/);
  });

  it('filters the reports by kota (rollups included) and refuses an unknown kota', async () => {
    const hr = await sessionCookie(db.db, (await createTestUser(db.db, { role: 'hr' })).id);
    const rows = async (q: string) =>
      (await (await fetch(`${server.url}/reports/complaints?period=month&metric=volume&${q}`, { headers: { cookie: hr } })).text()).match(
        /<tr data-code=/g,
      )?.length ?? 0;
    expect(await rows('kota=31.74')).toBe(1);
    expect(await rows('kota=31.71')).toBe(1);
    expect(await rows('kota=31.75')).toBe(0);
    const page = await (await fetch(`${server.url}/reports?period=month&kota=31.74`, { headers: { cookie: hr } })).text();
    expect(page).toMatch(/<option value="31\.74" selected/);
    expect(page).toContain('Kota Administrasi Jakarta Selatan');
    // The month's report (from the rollups) counts only the kota's complaint: one SDA row, no DLH row.
    expect(page.replace(/&amp;/g, '&')).toContain('department=SDA');
    expect(page.replace(/&amp;/g, '&')).not.toMatch(/href="\/reports\/complaints\?[^"]*department=DLH[^"]*metric=volume/);
    expect((await fetch(`${server.url}/reports?period=month&kota=99.99`, { headers: { cookie: hr } })).status).toBe(404);
  });

  it('Open311 offers the kota attribute, names the kota in each kelurahan, and checks a kota given with a request', async () => {
    const def = await (await fetch(`${server.url}/open311/v2/services/jalan-rusak.json`)).json();
    const attrs = def.attributes as { code: string; order: number; required: boolean; values: { key: string; name: string }[] }[];
    expect(attrs.map((a) => [a.code, a.order, a.required])).toEqual([
      ['kota', 1, false],
      ['kelurahan', 2, true],
      ['privacy', 3, false],
    ]);
    expect(attrs[0]!.values.map((v) => v.key)).toEqual(KOTA);
    expect(attrs[1]!.values.find((v) => v.key === '31.74.01.1001')?.name).toBe('Tebet Timur, Tebet, Kota Administrasi Jakarta Selatan');
    const { key } = await createApiKey(db.db, { label: 'Klien kota', requestsPerMinute: 1000 });
    const post = (kota: string) =>
      fetch(`${server.url}/open311/v2/requests.json`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          api_key: key,
          service_code: 'jalan-rusak',
          'attribute[kota]': kota,
          'attribute[kelurahan]': '31.74.01.1002',
          address_string: 'Jl. Tebet Barat Dalam',
          description: 'Jalan berlubang besar di depan sekolah, berbahaya bagi pengendara motor.',
        }),
      });
    const wrong = await post('31.71');
    expect(wrong.status).toBe(400);
    expect(JSON.stringify(await wrong.json())).toContain('attribute[kelurahan]');
    const ok = await post('31.74');
    expect(ok.status).toBe(200);
  });

  it('filters the staff inbox by kota', async () => {
    const gambir = await postComplaint(
      server.url,
      complaintFields({
        category: 'drainase',
        title: 'Saluran tersumbat di Gambir',
        description: 'Saluran di depan kantor tersumbat sampah, air meluap ke jalan.',
        kecamatan: '31.71.01',
        kelurahan: '31.71.01.1001',
      }),
    );
    const gambirDrain = (await readReceipt(server.url, gambir)).code;
    const manager = await createTestUser(db.db, { role: 'manager', departmentCode: 'SDA' });
    const inbox = async (q: string) =>
      await (await fetch(`${server.url}/staff/inbox?${q}`, { headers: { cookie: await sessionCookie(db.db, manager.id) } })).text();
    const all = await inbox('');
    expect(all).toContain(codes.tebet);
    expect(all).toContain(gambirDrain);
    expect(all).toMatch(/<select id="f-kota" name="kota">/);
    const selatan = await inbox('kota=31.74');
    expect(selatan).toContain(codes.tebet);
    expect(selatan).not.toContain(gambirDrain);
    expect(selatan).toMatch(/<option value="31\.74" selected/);
    const pusat = await inbox('kota=31.71');
    expect(pusat).toContain(gambirDrain);
    expect(pusat).not.toContain(codes.tebet);
  });
});

describe(`three area levels: Palembang keeps two (${dialectName})`, () => {
  let db: TestDb;
  let server: RunningServer;
  beforeAll(async () => ({ db, server } = await startRegion('palembang')));
  afterAll(async () => {
    await server?.stop();
    await db?.cleanup();
  });

  it('has no kota on the form, the filters, the reports or Open311', async () => {
    const form = await (await fetch(`${server.url}/complaints/new`)).text();
    expect(form).not.toContain('id="kota"');
    expect(form).toMatch(/<button[^>]*name="location_step" value="kecamatan"/);
    expect(await (await fetch(`${server.url}/complaints`)).text()).not.toContain('name="kota"');
    const hr = await sessionCookie(db.db, (await createTestUser(db.db, { role: 'hr' })).id);
    expect(await (await fetch(`${server.url}/reports?period=month`, { headers: { cookie: hr } })).text()).not.toContain('name="kota"');
    const def = await (await fetch(`${server.url}/open311/v2/services/sampah.json`)).json();
    expect(def.attributes.map((a: { code: string; order: number }) => [a.code, a.order])).toEqual([
      ['kelurahan', 1],
      ['privacy', 2],
    ]);
    expect(def.attributes[0].values.find((v: { key: string }) => v.key === '16.71.01.1001').name).not.toContain('Palembang');
  });
});
