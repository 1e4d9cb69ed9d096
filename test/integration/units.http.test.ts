// Units inside departments, end to end: REGION=jakarta from an empty database loads its Suku Dinas and
// unit routes; a complaint filed through the web form and one through Open311 go to the Suku Dinas of
// their kota; an admin puts an officer in a unit; the officer's inbox and the reports filter per unit
// and roll up to the department. Palembang, which has no units, files and reports as before.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareDatabase } from '../../src/server/bootstrap.ts';
import { parseConfig } from '../../src/server/config.ts';
import { loadCalendar } from '../../src/server/calendar/calendar.repository.ts';
import { transferComplaint } from '../../src/server/workflow/workflow.service.ts';
import { createApiKey } from '../../src/server/open311/api-keys.ts';
import { complaintFields, postComplaint, readReceipt, tokenIn } from '../support/complaints.ts';
import { routeComplaint } from '../../src/server/complaints/complaints.service.ts';
import { createTestDb, dialectName, type TestDb } from '../support/db.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { createTestUser, sessionCookie } from '../support/users.ts';

const rowsIn = (html: string) => html.match(/<tr data-code=/g)?.length ?? 0;

describe(`units: Jakarta's Suku Dinas from an empty database (${dialectName})`, () => {
  let db: TestDb;
  let server: RunningServer;
  let webCode = '';
  let openCode = '';
  let islandCode = '';
  const unitOf = async (code: string) =>
    await db.db
      .selectFrom('complaints as c')
      .leftJoin('units as u', 'u.id', 'c.unit_id')
      .innerJoin('departments as d', 'd.id', 'c.department_id')
      .select(['u.code as unit', 'd.code as department', 'c.state'])
      .where('c.code', '=', code)
      .executeTakeFirstOrThrow();
  const get = async (path: string, cookie: string) => {
    const res = await fetch(`${server.url}${path}`, { headers: { cookie } });
    expect(res.status).toBe(200);
    return (await res.text()).replace(/&amp;/g, '&');
  };

  beforeAll(async () => {
    db = await createTestDb({ migrate: false });
    await prepareDatabase(db.db, 'jakarta', parseConfig({ REGION: 'jakarta' }).timeZone);
    server = await startServer({ DATABASE_URL: db.url, REGION: 'jakarta', COMPLAINT_MIN_FILL_SECONDS: '0' });
  });
  afterAll(async () => {
    await server?.stop();
    await db?.cleanup();
  });

  it('loads the Suku Dinas of units.csv and the routes of unit-routes.csv', async () => {
    const units = await db.db
      .selectFrom('units as u')
      .innerJoin('departments as d', 'd.id', 'u.department_id')
      .select(['u.code', 'u.name', 'u.kind', 'u.area_code', 'd.code as department'])
      .orderBy('u.code')
      .execute();
    expect(units).toContainEqual({
      code: 'SDA-JS',
      name: 'Suku Dinas Sumber Daya Air Jakarta Selatan',
      kind: 'suku_dinas',
      area_code: '31.74',
      department: 'SDA',
    });
    expect(units).toContainEqual({
      code: 'BINAMARGA-JS',
      name: 'Suku Dinas Bina Marga Jakarta Selatan',
      kind: 'suku_dinas',
      area_code: '31.74',
      department: 'BINAMARGA',
    });
    const routes = await db.db
      .selectFrom('unit_routes')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(routes.n)).toBe(21);
  });

  it('routes a drainage complaint from the web form in Tebet (Jakarta Selatan) to the Suku Dinas SDA Jakarta Selatan', async () => {
    const res = await postComplaint(
      server.url,
      complaintFields({
        category: 'drainase',
        title: 'Saluran tersumbat di Tebet Timur',
        description: 'Saluran air di depan rumah tersumbat sampah, air meluap saat hujan.',
        kecamatan: '31.74.01',
        kelurahan: '31.74.01.1001',
      }),
    );
    webCode = (await readReceipt(server.url, res)).code;
    expect(await unitOf(webCode)).toEqual({ unit: 'SDA-JS', department: 'SDA', state: 'assigned' });
    // The complaint's page names the unit handling it after the department (an office, never a person).
    const page = await (await fetch(`${server.url}/complaints/${webCode}`)).text();
    expect(page).toContain('<dd id="complaint-unit">Suku Dinas Sumber Daya Air Jakarta Selatan</dd>');
  });

  it('routes a damaged road filed through Open311 in Tebet to the Suku Dinas Bina Marga Jakarta Selatan', async () => {
    const { key } = await createApiKey(db.db, { label: 'Klien Jakarta', requestsPerMinute: 1000 });
    const res = await fetch(`${server.url}/open311/v2/requests.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        api_key: key,
        service_code: 'jalan-rusak',
        'attribute[kelurahan]': '31.74.01.1002',
        address_string: 'Jl. Tebet Barat Dalam',
        description: 'Jalan berlubang besar di depan sekolah, berbahaya bagi pengendara motor.',
        email: 'warga.tebet@example.test',
      }),
    });
    expect(res.status).toBe(200);
    openCode = (await res.json())[0].service_request_id;
    expect(await unitOf(openCode)).toEqual({ unit: 'BINAMARGA-JS', department: 'BINAMARGA', state: 'assigned' });
  });

  it('leaves a complaint with the dinas where no Suku Dinas is routed (drainage in Gambir goes to SDA Jakarta Pusat; a road in Kepulauan Seribu to Dinas Bina Marga itself)', async () => {
    const drain = await postComplaint(
      server.url,
      complaintFields({
        category: 'drainase',
        title: 'Genangan di Gambir',
        description: 'Genangan setinggi betis setiap hujan di jalan depan kantor kelurahan.',
        kecamatan: '31.71.01',
        kelurahan: '31.71.01.1001',
      }),
    );
    expect(await unitOf((await readReceipt(server.url, drain)).code)).toMatchObject({ unit: 'SDA-JP', department: 'SDA' });
    const road = await postComplaint(
      server.url,
      complaintFields({
        category: 'jalan-rusak',
        title: 'Jalan rusak di Pulau Panggang',
        description: 'Jalan beton dekat dermaga retak dan berlubang, berbahaya bagi pejalan kaki.',
        kecamatan: '31.01.01',
        kelurahan: '31.01.01.1001',
      }),
    );
    islandCode = (await readReceipt(server.url, road)).code;
    expect(await unitOf(islandCode)).toEqual({ unit: null, department: 'BINAMARGA', state: 'assigned' });
  });

  it('an admin puts an officer in a unit of their own department only; the officer sees their unit by the inbox filter', async () => {
    const officer = await createTestUser(db.db, { role: 'officer', departmentCode: 'SDA', name: 'Petugas Sudin SDA Jaksel' });
    const admin = await createTestUser(db.db, { role: 'admin' });
    const adminCookie = await sessionCookie(db.db, admin.id);
    const post = (unit: string) =>
      fetch(`${server.url}/admin/users/${officer.id}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.url, cookie: adminCookie },
        body: new URLSearchParams({ intent: 'unit', unit }),
      });
    // A unit of another department is refused.
    const wrong = await post('BINAMARGA-JS');
    expect(wrong.status).toBe(422);
    expect(await wrong.text()).toContain('Pilih unit dari perangkat daerah petugas ini.');
    expect((await post('SDA-JS')).status).toBe(303);
    const page = await get(`/admin/users/${officer.id}`, adminCookie);
    expect(page).toMatch(/<option value="SDA-JS" selected/);
    // The user list names the unit beside the department.
    const list = await get(`/admin/users?q=${encodeURIComponent('Petugas Sudin SDA Jaksel')}`, adminCookie);
    expect(list).toMatch(/SDA<span class="muted"> · Suku Dinas Sumber Daya Air Jakarta Selatan<\/span>/);
    const audit = await db.db
      .selectFrom('audit_log')
      .select('action')
      .where('object_type', '=', 'user')
      .where('object_id', '=', String(officer.id))
      .execute();
    expect(audit.map((a) => a.action)).toContain('user.unit_set');

    const cookie = await sessionCookie(db.db, officer.id);
    // The Jakarta Pusat complaint falls due sooner; the officer's own unit's still comes first.
    await db.db
      .updateTable('complaints')
      .set({ response_due_at: Date.now() - 86_400_000 })
      .where('unit_id', 'in', db.db.selectFrom('units').select('id').where('code', '=', 'SDA-JP'))
      .execute();
    const inbox = await get('/staff/inbox', cookie);
    const other = inbox.search(new RegExp(`data-code="(?!${webCode})JKT-`));
    expect(other).toBeGreaterThan(-1);
    expect(inbox.indexOf(`data-code="${webCode}"`)).toBeLessThan(other);
    expect(inbox).toContain('<select id="f-unit" name="unit">');
    expect(inbox).toContain(`data-code="${webCode}"`);
    expect(inbox).toContain('Suku Dinas Sumber Daya Air Jakarta Selatan');
    const mine = await get('/staff/inbox?unit=mine&state=all', cookie);
    expect(rowsIn(mine)).toBe(1);
    expect(mine).toContain(`data-code="${webCode}"`);
    const pusat = await get('/staff/inbox?unit=SDA-JP&state=all', cookie);
    expect(rowsIn(pusat)).toBe(1);
    expect(pusat).not.toContain(`data-code="${webCode}"`);
    // The whole department: both SDA complaints.
    expect(rowsIn(await get('/staff/inbox?state=all', cookie))).toBe(2);
  });

  it('reports per unit and rolls the units up to the department', async () => {
    const hr = await sessionCookie(db.db, (await createTestUser(db.db, { role: 'hr' })).id);
    const list = async (q: string) => rowsIn(await get(`/reports/complaints?period=month&metric=volume&${q}`, hr));
    expect(await list('unit=SDA-JS')).toBe(1);
    expect(await list('unit=SDA-JP')).toBe(1);
    expect(await list('department=SDA')).toBe(2);
    expect(await list('unit=BINAMARGA-JS')).toBe(1);
    expect(await list('unit=none')).toBe(1); // the island road held by Dinas Bina Marga itself
    // A unit of another department than the one filtered names nothing: not found, like an unknown code.
    expect(
      (
        await fetch(`${server.url}/reports/complaints?period=month&metric=volume&department=SDA&unit=BINAMARGA-JS`, {
          headers: { cookie: hr },
        })
      ).status,
    ).toBe(404);

    const page = await get('/reports?period=month', hr);
    expect(page).toContain('<select id="r-unit" name="unit">');
    const unitSection = page.slice(page.indexOf('id="details-unit"'), page.indexOf('</details>', page.indexOf('id="details-unit"')));
    expect(unitSection).toContain('Jumlah Dinas Sumber Daya Air Provinsi DKI Jakarta');
    expect(unitSection).toContain('Suku Dinas Sumber Daya Air Jakarta Selatan');
    expect(unitSection).toContain('Suku Dinas Sumber Daya Air Jakarta Pusat');
    expect(unitSection).toContain('Dinas Bina Marga Provinsi DKI Jakarta: Tanpa unit');
    expect(unitSection).toContain('Jumlah Dinas Bina Marga Provinsi DKI Jakarta');
    expect(unitSection).toContain('unit=SDA-JS');
    // The per-unit table exports like the others.
    const csv = await fetch(`${server.url}/reports/export?period=month&table=unit&format=csv`, { headers: { cookie: hr } });
    expect(csv.status).toBe(200);
    expect(await csv.text()).toContain('Suku Dinas Sumber Daya Air Jakarta Selatan');
    // The report filtered to one unit shows its figures (read from the complaints, not the rollups).
    const filtered = await get('/reports?period=month&unit=SDA-JS', hr);
    expect(filtered).toContain('Suku Dinas Sumber Daya Air Jakarta Selatan');
    // A manager sees the units of their own department only; another department's unit is not found.
    const manager = await sessionCookie(db.db, (await createTestUser(db.db, { role: 'manager', departmentCode: 'SDA' })).id);
    expect((await fetch(`${server.url}/reports?period=month&unit=BINAMARGA-JS`, { headers: { cookie: manager } })).status).toBe(404);
    expect(rowsIn(await get('/reports/complaints?period=month&metric=volume&unit=SDA-JS', manager))).toBe(1);
  });

  it("routes a complaint filed at the counter the same way (the counter form and the verifier's hand routing go through the same choice)", async () => {
    const clerk = await createTestUser(db.db, { role: 'verifier' });
    const cookie = await sessionCookie(db.db, clerk.id);
    const form = new FormData();
    form.append('form_token', tokenIn(await (await fetch(`${server.url}/staff/complaints/new`, { headers: { cookie } })).text()));
    for (const [k, v] of Object.entries(
      complaintFields({
        category: 'jalan-rusak',
        title: 'Jalan amblas di Koja',
        description: 'Jalan amblas sedalam setengah meter di depan pasar, sudah dua motor jatuh.',
        kecamatan: '31.72.03',
        kelurahan: '31.72.03.1001',
        channel: 'loket',
      }),
    ))
      form.append(k, v);
    form.append('photos', new Blob([]), '');
    const res = await fetch(`${server.url}/staff/complaints/new`, {
      method: 'POST',
      body: form,
      redirect: 'manual',
      headers: { origin: server.url, cookie },
    });
    expect(res.status).toBe(303);
    const code = /\/staff\/complaints\/receipt\/([A-Z0-9-]+)$/.exec(res.headers.get('location') ?? '')![1]!;
    expect(await unitOf(code)).toMatchObject({ unit: 'BINAMARGA-JU', department: 'BINAMARGA' });
    // A catch-all complaint waits for the verifier, who routes it to Dinas SDA: the unit follows the area.
    const other = await postComplaint(
      server.url,
      complaintFields({
        category: 'lainnya',
        title: 'Banjir di Koja',
        description: 'Air setinggi lutut menggenangi permukiman sejak semalam.',
        kecamatan: '31.72.03',
        kelurahan: '31.72.03.1001',
      }),
    );
    const otherCode = (await readReceipt(server.url, other)).code;
    const verifier = {
      id: clerk.id,
      email: clerk.email,
      name: 'Verifikator',
      role: 'verifier' as const,
      departmentId: null,
      nip: null,
      affiliation: null,
      affiliationVerified: false,
      locale: 'id',
    };
    expect(
      await routeComplaint(
        db.db,
        otherCode,
        { departmentCode: 'SDA', categoryCode: 'drainase' },
        { user: verifier, now: new Date(), calendar: await loadCalendar(db.db) },
      ),
    ).toEqual({ ok: true });
    expect(await unitOf(otherCode)).toMatchObject({ unit: 'SDA-JU', department: 'SDA' });
  });

  it('a transfer takes the unit of the new department for the same category and area, or none', async () => {
    const officer = await createTestUser(db.db, { role: 'officer', departmentCode: 'BINAMARGA' });
    const user = {
      id: officer.id,
      email: officer.email,
      name: 'Petugas',
      role: 'officer' as const,
      departmentId: officer.departmentId,
      nip: null,
      affiliation: null,
      affiliationVerified: false,
      locale: 'id',
    };
    const r = await transferComplaint(
      db.db,
      openCode,
      { departmentCode: 'SDA', reason: 'Lubang akibat saluran ambrol, ditangani SDA.' },
      { user, now: new Date(), calendar: await loadCalendar(db.db), siteUrl: server.url },
    );
    expect(r).toEqual({ ok: true });
    // jalan-rusak has no route to an SDA unit: the complaint is now held by Dinas SDA itself.
    expect(await unitOf(openCode)).toMatchObject({ unit: null, department: 'SDA' });
  });
});

describe(`units: Palembang has none and works as before (${dialectName})`, () => {
  let db: TestDb;
  let server: RunningServer;
  beforeAll(async () => {
    db = await createTestDb({ migrate: false });
    await prepareDatabase(db.db, 'palembang', parseConfig({ REGION: 'palembang' }).timeZone);
    server = await startServer({ DATABASE_URL: db.url, REGION: 'palembang', COMPLAINT_MIN_FILL_SECONDS: '0' });
  });
  afterAll(async () => {
    await server?.stop();
    await db?.cleanup();
  });

  it('files and routes to the department with no unit, and shows no unit filter', async () => {
    expect(await db.db.selectFrom('units').select('id').execute()).toEqual([]);
    const res = await postComplaint(server.url, complaintFields({ category: 'sampah' }));
    const { code } = await readReceipt(server.url, res);
    const c = await db.db
      .selectFrom('complaints as c')
      .innerJoin('departments as d', 'd.id', 'c.department_id')
      .select(['c.unit_id', 'c.state', 'd.code'])
      .where('c.code', '=', code)
      .executeTakeFirstOrThrow();
    expect(c).toEqual({ unit_id: null, state: 'assigned', code: 'DLHK' });
    const officer = await sessionCookie(db.db, (await createTestUser(db.db, { role: 'officer', departmentCode: 'DLHK' })).id);
    const inbox = await (await fetch(`${server.url}/staff/inbox`, { headers: { cookie: officer } })).text();
    expect(inbox).toContain(`data-code="${code}"`);
    expect(inbox).not.toContain('name="unit"');
    const hr = await sessionCookie(db.db, (await createTestUser(db.db, { role: 'hr' })).id);
    const page = await (await fetch(`${server.url}/reports?period=month`, { headers: { cookie: hr } })).text();
    expect(page).not.toContain('id="details-unit"');
    expect(page).not.toContain('name="unit"');
  });
});
