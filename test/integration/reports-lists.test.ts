// The managers' lists over HTTP on a demo year: the overdue list and its exports hold every overdue
// complaint (against a direct count), oldest breach first even for a response breach whose resolution is
// due far later; drill-down pages return each complaint of the figure exactly once and export all of
// them; every export's header names period, filters and scope; XLSX has a frozen, filterable header and
// date cells; per-officer figures are not repeated on /reports without DESIGN.md §5's safeguards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { createTestDb, dialectName, type TestDb } from '../support/db.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { createTestUser, sessionCookie } from '../support/users.ts';
import { seedDemo } from '../../src/server/demo/seed-demo.ts';
import { postForm } from '../support/forms.ts';

let db: TestDb;
let server: RunningServer;
let hrCookie: string;
let puprCookie: string;
let puprManagerId: number;
let puprId: number;
let puprName: string;
let oldResponseBreach: string;
const NOW = Date.now();
const DAY = 86_400_000;

beforeAll(async () => {
  db = await createTestDb();
  await seedDemo(db.db, { complaints: 900, seed: 5, now: new Date(NOW) });
  const pupr = await db.db.selectFrom('departments').select(['id', 'name']).where('code', '=', 'PUPR').executeTakeFirstOrThrow();
  puprId = Number(pupr.id);
  puprName = pupr.name;
  // More than 200 breaches in PUPR (the old silent cut), and one response breach older than all the
  // others whose resolution is due in the future (the old query, ordered by resolution due, dropped it).
  const open = await db.db
    .selectFrom('complaints')
    .select(['id', 'code'])
    .where('department_id', '=', puprId)
    .where('state', 'in', ['assigned', 'in_progress'])
    .orderBy('id')
    .execute();
  expect(open.length).toBeGreaterThan(60);
  const extra = await db.db
    .selectFrom('complaints')
    .select('id')
    .where('department_id', '=', puprId)
    .where('state', 'in', ['resolved', 'closed'])
    .orderBy('id')
    .limit(260)
    .execute();
  await db.db
    .updateTable('complaints')
    .set({ state: 'in_progress', resolved_at: null, closed_at: null, resolution_due_at: NOW - 3 * DAY })
    .where(
      'id',
      'in',
      extra.map((e) => e.id),
    )
    .execute();
  const victim = open[0]!;
  await db.db
    .updateTable('complaints')
    .set({ state: 'assigned', first_response_at: null, response_due_at: NOW - 400 * DAY, resolution_due_at: NOW + 30 * DAY })
    .where('id', '=', victim.id)
    .execute();
  oldResponseBreach = victim.code;
  server = await startServer({ DATABASE_URL: db.url, STATS_FRESHNESS_MS: '0' });
  hrCookie = await sessionCookie(db.db, (await createTestUser(db.db, { role: 'hr' })).id);
  puprManagerId = (await createTestUser(db.db, { role: 'manager', departmentCode: 'PUPR' })).id;
  puprCookie = await sessionCookie(db.db, puprManagerId);
}, 240_000);

afterAll(async () => {
  await server?.stop();
  await db?.cleanup();
});

const get = (p: string, cookie: string) => fetch(`${server.url}${p}`, { headers: { cookie }, redirect: 'manual' });
const CODE = /data-code="([^"]+)"/g;

/** Overdue complaints counted straight from the table, as DESIGN.md §4's breach defines them. */
async function directOverdue(departmentId?: number): Promise<string[]> {
  let q = db.db
    .selectFrom('complaints as c')
    .select('c.code')
    .where('c.state', 'in', ['assigned', 'in_progress', 'reopened'])
    .where((eb) =>
      eb.or([eb.and([eb('c.first_response_at', 'is', null), eb('c.response_due_at', '<', NOW)]), eb('c.resolution_due_at', '<', NOW)]),
    );
  if (departmentId !== undefined) q = q.where('c.department_id', '=', departmentId);
  return (await q.execute()).map((r) => r.code).sort();
}

/** Every code of a paged list, following its "next" links. */
async function allPages(first: string, cookie: string): Promise<{ codes: string[]; total: number; pages: number }> {
  const codes: string[] = [];
  let path: string | null = first;
  let total = -1;
  let pages = 0;
  while (path) {
    const r = await get(path, cookie);
    expect(r.status, path).toBe(200);
    const html = (await r.text()).replace(/&amp;/g, '&');
    pages += 1;
    total = Number(/data-total="(\d+)"/.exec(html)?.[1] ?? 0);
    codes.push(...[...html.matchAll(CODE)].map((m) => m[1]!));
    path = /<a rel="next" href="([^"]+)"/.exec(html)?.[1] ?? null;
    expect(pages).toBeLessThan(100);
  }
  return { codes, total, pages };
}

function csvCodes(csv: string): string[] {
  return [...csv.matchAll(/^([A-Z]{2,4}-\d{2}-[A-Z0-9]{6}),/gm)].map((m) => m[1]!);
}

describe(`managers' lists (${dialectName})`, () => {
  it("the overdue list pages every overdue complaint of the manager's department once, oldest breach first", async () => {
    const direct = await directOverdue(puprId);
    expect(direct.length).toBeGreaterThan(200);
    const { codes, total, pages } = await allPages('/reports/overdue', puprCookie);
    expect(pages).toBeGreaterThan(1);
    expect(total).toBe(direct.length);
    expect(new Set(codes).size).toBe(codes.length);
    expect([...codes].sort()).toEqual(direct);
    expect(codes[0]).toBe(oldResponseBreach);
    const first = await (await get('/reports/overdue', puprCookie)).text();
    expect(first).toContain(`1–50 dari ${direct.length} pengaduan`);
    expect(first).toContain(`href="/staff/complaints/${oldResponseBreach}?back=%2Freports%2Foverdue`);
    // The report page gives the same count and links the list.
    const report = await (await get('/reports', puprCookie)).text();
    expect(report).toContain(`data-total="${direct.length}"`);
    expect(report).toContain('href="/reports/overdue');
  });

  it('the overdue exports hold the whole list, with assignee, stage, a local date cell and working days late', async () => {
    const all = await directOverdue();
    const csv = await (await get('/reports/export?table=overdue&format=csv', hrCookie)).text();
    expect(csvCodes(csv).sort()).toEqual(all);
    expect(csv).toContain('Petugas,Tahap,Batas waktu,Terlambat (hari kerja)');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(
      Buffer.from(await (await get('/reports/export?table=overdue&format=xlsx&department=PUPR', hrCookie)).arrayBuffer()) as any,
    );
    const ws = wb.worksheets[0]!;
    const headerRow = (ws.views[0] as { ySplit: number }).ySplit;
    expect(ws.getRow(headerRow).getCell(1).value).toBe('Kode');
    expect(String(ws.autoFilter ?? '')).not.toBe('');
    const codes: string[] = [];
    ws.eachRow((row, n) => {
      if (n > headerRow) codes.push(String(row.getCell(1).value));
    });
    expect(codes.sort()).toEqual(await directOverdue(puprId));
    const first = ws.getRow(headerRow + 1);
    expect(first.getCell(1).value).toBe(oldResponseBreach);
    expect(first.getCell(6).value).toBeInstanceOf(Date);
    // Local wall-clock time (WIB, UTC+7) written into the cell.
    expect((first.getCell(6).value as Date).getTime()).toBe(NOW - 400 * DAY + 7 * 3_600_000);
    expect(typeof first.getCell(7).value).toBe('number');
  });

  it('drill-down pages return each complaint of the figure exactly once, and the export all of them', async () => {
    const html = (await (await get('/reports?period=year', hrCookie)).text()).replace(/&amp;/g, '&');
    const m = /<a href="(\/reports\/complaints\?[^"]*metric=volume[^"]*)">(\d+)<\/a>/.exec(html);
    expect(m).not.toBeNull();
    const volume = Number(m![2]);
    expect(volume).toBeGreaterThan(100);
    const { codes, total } = await allPages(m![1]!, hrCookie);
    expect(total).toBe(volume);
    expect(codes.length).toBe(volume);
    expect(new Set(codes).size).toBe(volume);
    const csv = await (await get(m![1]!.replace('/reports/complaints?', '/reports/export?table=drill&format=csv&'), hrCookie)).text();
    expect(csvCodes(csv).sort()).toEqual([...codes].sort());
  });

  it("every export names its period, filters and scope; a manager's names their department", async () => {
    const mine = await (await get('/reports/export?table=summary&format=csv&period=year', puprCookie)).text();
    expect(mine).toContain(`Cakupan,${puprName}`);
    expect(mine).toMatch(/Periode,\d{4}-01-01 – \d{4}-12-31/);
    const hr = await (await get('/reports/export?table=summary&format=csv&period=year&category=drainase', hrCookie)).text();
    expect(hr).toContain('Cakupan,Semua dinas');
    expect(hr).toContain('Filter,Kategori: Drainase tersumbat dan genangan');
    for (const table of ['overdue', 'officer', 'department', 'trend']) {
      const text = await (await get(`/reports/export?table=${table}&format=csv`, puprCookie)).text();
      expect(text, table).toContain(`Cakupan,${puprName}`);
    }
  });

  it("per-officer figures are not repeated on /reports or its exports without §5's safeguards: names, NIP apart, and the evidence link", async () => {
    const html = await (await get('/reports?period=year', puprCookie)).text();
    expect(html).not.toContain('id="table-officer"');
    expect(html).toContain('href="/reports/evidence"');
    const officers = await db.db
      .selectFrom('users')
      .select(['name', 'nip'])
      .where('department_id', '=', puprId)
      .where('role', '=', 'officer')
      .where('nip', 'is not', null)
      .execute();
    const csv = await (await get('/reports/export?table=officer&format=csv&period=year', puprCookie)).text();
    const header = csv.split('\n').find((l) => l.startsWith('Nama petugas'))!;
    expect(header.trim()).toBe('Nama petugas,NIP,Bahan penilaian');
    const listed = officers.filter((o) => csv.includes(`${o.name},${o.nip},`));
    expect(listed.length).toBeGreaterThan(0);
  });

  it('a manager opens a listed complaint, reassigns it (compare-and-set, audited) and gets back to the same list page; a foreign "back" is ignored', async () => {
    const list = (await (await get('/reports/overdue?page=2', puprCookie)).text()).replace(/&amp;/g, '&');
    const m = /<a href="(\/staff\/complaints\/([^"?]+)\?back=[^"]+)">/.exec(list);
    expect(m).not.toBeNull();
    const [, staffPath, code] = m!;
    const back = new URL(staffPath!, server.url).searchParams.get('back')!;
    expect(back).toMatch(/^\/reports\/overdue\?.*page=2$/);
    const page = (await (await get(staffPath!, puprCookie)).text()).replace(/&amp;/g, '&');
    expect(page).toContain(`id="back-to-list" href="${back}"`);
    const action =
      /<form method="post" action="([^"]+)" novalidate id="form-assign">\s*<input type="hidden" name="version" value="(\d+)"/.exec(page);
    expect(action).not.toBeNull();
    const before = await db.db
      .selectFrom('complaints')
      .select(['id', 'assignee_user_id'])
      .where('code', '=', code!)
      .executeTakeFirstOrThrow();
    const target = await db.db
      .selectFrom('users')
      .select('id')
      .where('department_id', '=', puprId)
      .where('role', '=', 'officer')
      .where('id', '!=', before.assignee_user_id ?? 0)
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const r = await postForm(
      server.url,
      action![1]!,
      { action: 'assign', assignee: String(target.id), version: action![2]! },
      { cookie: puprCookie },
    );
    expect(r.status).toBe(303);
    expect(r.location).toBe(`/staff/complaints/${code}?done=1&${new URLSearchParams({ back })}`);
    expect(
      Number(
        (await db.db.selectFrom('complaints').select('assignee_user_id').where('code', '=', code!).executeTakeFirstOrThrow())
          .assignee_user_id,
      ),
    ).toBe(Number(target.id));
    expect(
      (
        await db.db
          .selectFrom('complaint_events')
          .select('id')
          .where('complaint_id', '=', before.id)
          .where('action', '=', 'assign')
          .where('at', '>', NOW - DAY)
          .execute()
      ).length,
    ).toBeGreaterThan(0);
    // The staff timeline says who assigned whom; the public page names nobody.
    const names = new Map(
      (
        await db.db
          .selectFrom('users')
          .select(['id', 'name'])
          .where('id', 'in', [Number(target.id), puprManagerId])
          .execute()
      ).map((u) => [Number(u.id), u.name]),
    );
    const after = await (await get(`/staff/complaints/${code}`, puprCookie)).text();
    expect(after).toContain(`Ditetapkan kepada ${names.get(Number(target.id))} oleh ${names.get(puprManagerId)}`);
    expect(await (await get(`/complaints/${code}`, '')).text()).not.toContain(names.get(Number(target.id))!);
    // The same stale form again loses: compare-and-set on the version it was rendered with.
    expect(
      (
        await postForm(
          server.url,
          action![1]!,
          { action: 'assign', assignee: String(target.id), version: action![2]! },
          { cookie: puprCookie },
        )
      ).status,
    ).toBe(409);
    for (const evil of [
      '//evil.example/reports',
      'https://evil.example/reports',
      '/\\evil.example',
      '/staff/inbox',
      'javascript:alert(1)',
    ]) {
      const html = await (await get(`/staff/complaints/${code}?back=${encodeURIComponent(evil)}`, puprCookie)).text();
      expect(html, evil).not.toContain('id="back-to-list"');
      expect(html, evil).toContain(`action="/staff/complaints/${code}" novalidate id="form-assign"`);
      expect(html, evil).not.toMatch(/href="[^"]*evil\.example[^"]*">Kembali/);
    }
  });

  it("reads as headline, charts, then tables: change from the previous period, months in the reader's locale, the running month marked partial", async () => {
    const html = await (await get('/reports?period=year', hrCookie)).text();
    const order = ['id="headline"', 'id="table-trend"', 'id="details-department"', 'id="details-overdue"'].map((m) => html.indexOf(m));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(html).toMatch(/Perubahan dibanding \d{4}-01-01 – \d{4}-12-31/);
    // The trend table the chart's alt text points at, months as "Jan 2026" in Indonesian, the running month starred.
    const running = new Intl.DateTimeFormat('id-ID', { month: 'short', year: 'numeric', timeZone: 'Asia/Jakarta' }).format(new Date(NOW));
    expect(html).toContain(`<th scope="row">${running}*</th>`);
    const svg = await (await get('/reports/charts/trend.svg?period=year&lang=id', hrCookie)).text();
    // Drawn month over year: "Des" then "2026*".
    const [mon, year] = running.split(' ');
    expect(svg).toContain(`>${mon}<`);
    expect(svg).toContain(`>${year}*<`);
    expect(svg).not.toMatch(/>\d{4}-\d{2}</);
    for (const colour of ['#b3261e', '#1b7f3b']) expect(svg.toLowerCase()).not.toContain(colour);
    const small = await (await get('/reports/charts/trend.svg?period=year&lang=id&size=small', hrCookie)).text();
    expect(small).toContain('width="360"');
    const en = await (await get('/reports/charts/trend.svg?period=year&lang=en', hrCookie)).text();
    expect(en).toContain(`>${new Intl.DateTimeFormat('en-GB', { month: 'short', timeZone: 'Asia/Jakarta' }).format(new Date(NOW))}<`);
  });
});
