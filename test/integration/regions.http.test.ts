// Each shipped region starts a complete portal from an empty database: migrate and load its reference
// data the way `npm start` does, file a complaint through the web form and through Open311, see both
// routed to that region's own department with due times at the end of a working day in the region's
// zone, and compute the month's report. Palu runs on WITA without any TZ_REGION.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareDatabase } from '../../src/server/bootstrap.ts';
import { parseConfig } from '../../src/server/config.ts';
import { loadCalendar } from '../../src/server/calendar/calendar.repository.ts';
import { submitComplaint } from '../../src/server/complaints/complaints.service.ts';
import { createApiKey } from '../../src/server/open311/api-keys.ts';
import { complaintFields, postComplaint, readReceipt } from '../support/complaints.ts';
import { createTestDb, dialectName, type TestDb } from '../support/db.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { createTestUser, sessionCookie } from '../support/users.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const REGIONS = [
  {
    region: 'palembang',
    prefix: 'PLG',
    offsetHours: 7,
    kecamatan: '16.71.01',
    kelurahan: '16.71.01.1001',
    sampah: { code: 'DLHK', name: 'Dinas Lingkungan Hidup dan Kebersihan Kota Palembang' },
    jalan: { code: 'PUPR', name: 'Dinas Pekerjaan Umum dan Penataan Ruang Kota Palembang' },
  },
  {
    region: 'jakarta',
    prefix: 'JKT',
    offsetHours: 7,
    kecamatan: '31.71.01',
    kelurahan: '31.71.01.1001',
    sampah: { code: 'DLH', name: 'Dinas Lingkungan Hidup Provinsi DKI Jakarta' },
    jalan: { code: 'BINAMARGA', name: 'Dinas Bina Marga Provinsi DKI Jakarta' },
  },
  {
    region: 'palu',
    prefix: 'PAL',
    offsetHours: 8,
    kecamatan: '72.71.01',
    kelurahan: '72.71.01.1004',
    sampah: { code: 'DLH', name: 'Dinas Lingkungan Hidup Kota Palu' },
    jalan: { code: 'DPU', name: 'Dinas Pekerjaan Umum Kota Palu' },
  },
];

describe.each(REGIONS)(`region $region from an empty database (${dialectName})`, (r) => {
  let db: TestDb;
  let server: RunningServer;
  const complaint = (code: string) =>
    db.db
      .selectFrom('complaints as c')
      .innerJoin('departments as d', 'd.id', 'c.department_id')
      .select(['c.state', 'c.kecamatan_code', 'c.response_due_at', 'c.resolution_due_at', 'd.code as department'])
      .where('c.code', '=', code)
      .executeTakeFirstOrThrow();
  /** A due time must be the last millisecond of a working day in the region's zone. */
  const endsLocalDay = (t: unknown) => (Number(t) + 1 + r.offsetHours * HOUR) % DAY === 0;

  beforeAll(async () => {
    db = await createTestDb({ migrate: false });
    await prepareDatabase(db.db, r.region, parseConfig({ REGION: r.region }).timeZone);
    // Posted at once after the form loads: no minimum fill time, or the filing is held for the verifier.
    server = await startServer({ DATABASE_URL: db.url, REGION: r.region, COMPLAINT_MIN_FILL_SECONDS: '0' });
  });
  afterAll(async () => {
    await server?.stop();
    await db?.cleanup();
  });

  it('loads its departments, categories and areas, and offers them on the form', async () => {
    const departments = await db.db.selectFrom('departments').select('name').execute();
    expect(departments.map((d) => d.name)).toEqual(expect.arrayContaining([r.sampah.name, r.jalan.name]));
    const form = await (await fetch(`${server.url}/complaints/new`)).text();
    expect(form).toContain('value="sampah"');
    expect(form).toContain(`value="${r.kecamatan}"`);
  });

  it('files through the web form and routes to its own department', async () => {
    const res = await postComplaint(
      server.url,
      complaintFields({
        category: 'sampah',
        title: 'Sampah tidak diangkut seminggu',
        description: 'Sampah menumpuk di TPS dekat pasar sejak seminggu lalu.',
        kecamatan: r.kecamatan,
        kelurahan: r.kelurahan,
      }),
    );
    const { code } = await readReceipt(server.url, res);
    expect(code).toMatch(new RegExp(`^${r.prefix}-\\d{2}-[A-Z0-9]{6}$`));
    const c = await complaint(code);
    expect(c).toMatchObject({ state: 'assigned', department: r.sampah.code, kecamatan_code: r.kecamatan });
    expect(endsLocalDay(c.response_due_at)).toBe(true);
    expect(endsLocalDay(c.resolution_due_at)).toBe(true);
  });

  it('files through Open311 and routes to its own department', async () => {
    const { key } = await createApiKey(db.db, { label: `Klien ${r.region}`, requestsPerMinute: 1000 });
    const res = await fetch(`${server.url}/open311/v2/requests.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        api_key: key,
        service_code: 'jalan-rusak',
        'attribute[kelurahan]': r.kelurahan,
        address_string: 'Jl. Contoh No. 2',
        description: 'Jalan berlubang besar di depan sekolah, berbahaya bagi pengendara motor.',
        email: `warga.${r.region}@example.test`,
      }),
    });
    expect(res.status).toBe(200);
    const [item] = await res.json();
    expect(item.service_request_id).toMatch(new RegExp(`^${r.prefix}-`));
    const c = await complaint(item.service_request_id);
    expect(c).toMatchObject({ state: 'assigned', department: r.jalan.code });
    expect(endsLocalDay(c.response_due_at)).toBe(true);
  });

  it("computes the month's report with both complaints under their departments", async () => {
    const hr = await sessionCookie(db.db, (await createTestUser(db.db, { role: 'hr' })).id);
    const page = await fetch(`${server.url}/reports?period=month`, { headers: { cookie: hr } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(r.sampah.name);
    expect(html).toContain(r.jalan.name);
    const codes = (await db.db.selectFrom('complaints').select('code').execute()).map((x) => x.code);
    expect(codes).toHaveLength(2);
    for (const [dept, want] of [
      [r.sampah.code, 1],
      [r.jalan.code, 1],
    ] as const) {
      const list = await (
        await fetch(`${server.url}/reports/complaints?period=month&department=${dept}&metric=volume`, { headers: { cookie: hr } })
      ).text();
      expect(list.match(/<tr data-code=/g)?.length ?? 0).toBe(want);
    }
  });

  it.runIf(r.region === 'palu')('counts a complaint filed at 00:30 WITA on 1 November in November, not October', async () => {
    // 2026-10-31T16:30Z is 00:30 on Sunday 1 November in Palu (WITA) but still 31 October in WIB.
    const now = new Date('2026-10-31T16:30:00Z');
    const filed = await submitComplaint(
      db.db,
      {
        category: 'sampah',
        title: 'Sampah tengah malam',
        description: 'Sampah dibuang di pinggir jalan tepat lewat tengah malam.',
        kecamatan: undefined,
        kelurahan: r.kelurahan,
        address: '',
        latitude: undefined,
        longitude: undefined,
        privacy: 'public',
        show_name: false,
        name: undefined,
        email: undefined,
        phone: undefined,
      },
      [],
      {
        user: null,
        now,
        calendar: await loadCalendar(db.db, 'Asia/Makassar'),
        uploadDir: '/nonexistent',
        siteUrl: 'http://portal.test',
        locale: 'id',
      },
    );
    if (!filed.ok) throw new Error('filing failed');
    // Code year and due time follow WITA: filed on Sunday, 5 working days → Friday 6 November 23:59:59.999 WITA.
    const c = await complaint(filed.code);
    expect(Number(c.response_due_at)).toBe(new Date('2026-11-06T23:59:59.999+08:00').getTime());
    const hr = await sessionCookie(db.db, (await createTestUser(db.db, { role: 'hr' })).id);
    const count = async (at: string) => {
      const list = await (
        await fetch(`${server.url}/reports/complaints?period=month&at=${at}&department=DLH&metric=volume`, { headers: { cookie: hr } })
      ).text();
      return list.match(/<tr data-code=/g)?.length ?? 0;
    };
    expect(await count('2026-11-15')).toBe(1);
    expect(await count('2026-10-15')).toBe(0);
    // The report page (built from the monthly rollups) has a DLH row, with its volume link, in November only.
    const dlhVolumeLinks = async (at: string) => {
      const html = (await (await fetch(`${server.url}/reports?period=month&at=${at}`, { headers: { cookie: hr } })).text()).replace(
        /&amp;/g,
        '&',
      );
      return [...html.matchAll(/href="(\/reports\/complaints\?[^"]*)"/g)].filter(
        (m) => m[1]!.includes('department=DLH') && m[1]!.includes('metric=volume'),
      ).length;
    };
    expect(await dlhVolumeLinks('2026-11-15')).toBeGreaterThan(0);
    expect(await dlhVolumeLinks('2026-10-15')).toBe(0);
  });
});
