// Volume and time limits per channel (DESIGN.md §10, issue 23): channel-metrics.ts gives the fact view's
// own figures (responsiveness.ts over one fact row per complaint) for every channel, period and filter;
// /reports and /statistics show them; staff filter the inbox by channel; on this dialect.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDb, dialectName, type TestDb } from '../support/db.ts';
import { seedDemo } from '../../src/server/demo/seed-demo.ts';
import { loadReportFacts } from '../../src/server/metrics/reports.service.ts';
import { computeMetrics } from '../../src/server/metrics/responsiveness.ts';
import { channelMetrics } from '../../src/server/metrics/channel-metrics.ts';
import { lastMonths, makePeriod, periodContaining, type Period } from '../../src/server/metrics/period.ts';
import { CHANNELS } from '../../src/server/complaints/complaint-states.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { createTestUser, sessionCookie } from '../support/users.ts';

let db: TestDb;
const now = new Date('2026-11-18T14:30:00+07:00');
const calendar = { timeZone: 'Asia/Jakarta', holidays: new Set<string>() };

beforeAll(async () => {
  db = await createTestDb();
  await seedDemo(db.db, { complaints: 600, seed: 7, now });
  calendar.holidays = new Set((await db.db.selectFrom('holidays').select('date').execute()).map((h) => h.date));
  // Spread the seeded complaints over the channels (the channel is set at filing and never changes).
  await db.db
    .updateTable('complaints')
    .set({ channel: 'loket' })
    .where(sql<boolean>`id % 5 = 1`)
    .execute();
  await db.db
    .updateTable('complaints')
    .set({ channel: 'telepon' })
    .where(sql<boolean>`id % 5 = 2`)
    .execute();
  await db.db
    .updateTable('complaints')
    .set({ channel: 'open311' })
    .where(sql<boolean>`id % 5 = 3`)
    .execute();
  await db.db
    .updateTable('complaints')
    .set({ channel: 'lapor' })
    .where(sql<boolean>`id % 10 = 4`)
    .execute();
});
afterAll(async () => {
  await db?.cleanup();
});

async function fromFacts(period: Period, filters: { departmentId?: number } = {}) {
  const { facts, ctx } = await loadReportFacts(db.db, { period, filters, scope: {}, now, calendar });
  const out = new Map<string, { volume: number; responseSla: unknown; resolutionSla: unknown }>();
  for (const ch of CHANNELS) {
    const m = computeMetrics(
      facts.filter((f) => f.channel === ch),
      ctx,
    );
    if (m.volume || m.responseSla.n || m.resolutionSla.n)
      out.set(ch, { volume: m.volume, responseSla: m.responseSla, resolutionSla: m.resolutionSla });
  }
  return out;
}

describe(`per-channel figures = fact view (${dialectName})`, () => {
  it('for every month, the running month, a half year and a department filter', async () => {
    const periods = [
      ...lastMonths(12, '2026-10-01', 'Asia/Jakarta'),
      periodContaining('month', '2026-11-18', 'Asia/Jakarta'),
      makePeriod('custom', '2026-04-10', '2026-09-20', 'Asia/Jakarta'),
    ];
    let compared = 0;
    for (const p of periods) {
      const range = { from: p.from.getTime(), to: p.to.getTime(), now: now.getTime() };
      const rows = await channelMetrics(db.db, range);
      const expected = await fromFacts(p);
      expect(
        new Map(rows.map((r) => [r.channel, { volume: r.volume, responseSla: r.responseSla, resolutionSla: r.resolutionSla }])),
        p.startDate,
      ).toEqual(expected);
      compared += rows.reduce((a, r) => a + r.volume + r.responseSla.n + r.resolutionSla.n, 0);
    }
    expect(compared).toBeGreaterThan(500);
    const pupr = await db.db.selectFrom('departments').select('id').where('code', '=', 'PUPR').executeTakeFirstOrThrow();
    const half = makePeriod('custom', '2026-04-01', '2026-09-30', 'Asia/Jakarta');
    const scoped = await channelMetrics(
      db.db,
      { from: half.from.getTime(), to: half.to.getTime(), now: now.getTime() },
      { departmentId: pupr.id },
    );
    const expected = await fromFacts(half, { departmentId: pupr.id });
    expect(
      new Map(scoped.map((r) => [r.channel, { volume: r.volume, responseSla: r.responseSla, resolutionSla: r.resolutionSla }])),
    ).toEqual(expected);
    expect(scoped.map((r) => r.channel)).toEqual(expect.arrayContaining(['web', 'loket', 'telepon', 'open311']));
  });
});

describe(`channels on the pages (${dialectName})`, () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ DATABASE_URL: db.url });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('/reports and /statistics show volume and SLA per channel', async () => {
    const hr = await createTestUser(db.db, { role: 'hr' });
    const cookie = await sessionCookie(db.db, hr.id);
    const html = await (await fetch(`${server.url}/reports?period=custom&from=2026-04-01&to=2026-09-30`, { headers: { cookie } })).text();
    const half = makePeriod('custom', '2026-04-01', '2026-09-30', 'Asia/Jakarta');
    const rows = await channelMetrics(db.db, { from: half.from.getTime(), to: half.to.getTime(), now: Date.now() });
    const loket = rows.find((r) => r.channel === 'loket')!;
    const row = new RegExp(
      `<tr data-channel="loket"><th scope="row">Loket</th><td class="num">${loket.volume}</td><td class="num">[^<]*\\(${loket.responseSla.numerator}/${loket.responseSla.n}\\)</td>`,
    );
    expect(html).toMatch(row);
    const stats = await (await fetch(`${server.url}/statistics?lang=en`)).text();
    expect(stats).toContain('id="table-channel"');
    expect(stats).toMatch(/<tr data-channel="telepon"><th scope="row">Telephone<\/th><td class="num">\d+<\/td>/);
  });

  it('staff filter the inbox by channel', async () => {
    const officer = await createTestUser(db.db, { role: 'officer', departmentCode: 'PUPR' });
    const cookie = await sessionCookie(db.db, officer.id);
    const open = await db.db
      .selectFrom('complaints')
      .select(['code', 'channel'])
      .where('department_id', '=', officer.departmentId!)
      .where('state', 'in', ['assigned', 'in_progress'])
      .orderBy('resolution_due_at')
      .execute();
    const count = (html: string) => Number(/id="inbox-total">\D*(\d+)/.exec(html)?.[1]);
    const page = async (q: string) => (await fetch(`${server.url}/staff/inbox${q}`, { headers: { cookie } })).text();
    const perChannel = (ch: string) => open.filter((c) => c.channel === ch);
    expect(perChannel('loket').length).toBeGreaterThan(0);
    expect(perChannel('web').length).toBeGreaterThan(0);
    const loket = await page('?channel=loket&state=all');
    expect(loket).toContain('<option value="loket" selected');
    const allLoket = await db.db
      .selectFrom('complaints')
      .select('code')
      .where('department_id', '=', officer.departmentId!)
      .where('channel', '=', 'loket')
      .where('state', '!=', 'submitted')
      .execute();
    expect(count(loket)).toBe(allLoket.length);
    const web = await page('?channel=web&state=all');
    const allWeb = await db.db
      .selectFrom('complaints')
      .select('code')
      .where('department_id', '=', officer.departmentId!)
      .where('channel', '=', 'web')
      .where('state', '!=', 'submitted')
      .execute();
    expect(count(web)).toBe(allWeb.length);
    expect(allWeb.length).not.toBe(allLoket.length);
    expect(count(await page('?state=all'))).toBeGreaterThan(count(web));
  });
});
