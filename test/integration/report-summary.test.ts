// The report summary (report-summary.ts: one narrow query per cohort, counts in SQL) gives exactly the
// figures of the fact view (buildReport: one fact row per complaint through responsiveness.ts) on a
// seeded demo year: every month, the running month seen mid-month, a half year, and each filter and
// scope the /reports page offers, on this dialect.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dialectName, type TestDb } from '../support/db.ts';
import { seedDemo } from '../../src/server/demo/seed-demo.ts';
import { buildReport, type ReportRequest } from '../../src/server/metrics/reports.service.ts';
import { buildReportSummary } from '../../src/server/metrics/report-summary.ts';
import { lastMonths, makePeriod, periodContaining } from '../../src/server/metrics/period.ts';

let db: TestDb;
const now = new Date('2026-11-18T14:30:00+07:00');
let calendar: ReportRequest['calendar'];

beforeAll(async () => {
  db = await createTestDb();
  await seedDemo(db.db, { complaints: 1500, seed: 21, now });
  calendar = { timeZone: 'Asia/Jakarta', holidays: new Set((await db.db.selectFrom('holidays').select('date').execute()).map((h) => h.date)) };
});
afterAll(async () => {
  await db?.cleanup();
});

async function both(r: Omit<ReportRequest, 'calendar' | 'now'>) {
  const request = { ...r, now, calendar };
  const { facts: _, ...fromFacts } = await buildReport(db.db, request);
  // Group order is not part of the result (pages look groups up by id): compare sorted entries.
  const sorted = (r: Omit<typeof fromFacts, never>) =>
    Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v instanceof Map ? [...v].sort((a, b) => String(a[0]).localeCompare(String(b[0]))) : v]));
  const summary = await buildReportSummary(db.db, request);
  return { summary: sorted(summary), fromFacts: sorted(fromFacts), overall: summary.overall };
}

describe(`report summary = fact view (${dialectName})`, () => {
  it('for every month of the year, the running month and a half year', async () => {
    const periods = [
      ...lastMonths(12, '2026-10-01', 'Asia/Jakarta'),
      periodContaining('month', '2026-11-18', 'Asia/Jakarta'),
      makePeriod('custom', '2026-04-01', '2026-09-30', 'Asia/Jakarta'),
    ];
    let reopened = 0;
    let backlogOld = 0;
    for (const p of periods) {
      const { summary, fromFacts, overall } = await both({ period: p, filters: {}, scope: {} });
      expect(summary, p.startDate).toEqual(fromFacts);
      reopened += overall.reopen.numerator;
      backlogOld += overall.backlog.buckets['>30'];
    }
    // The comparison covered the interesting cases, not only empty figures.
    expect(reopened).toBeGreaterThan(0);
    expect(backlogOld).toBeGreaterThan(0);
  });

  it('for each filter and a manager scope', async () => {
    const period = makePeriod('custom', '2026-08-01', '2026-10-31', 'Asia/Jakarta');
    const pupr = Number((await db.db.selectFrom('departments').select('id').where('code', '=', 'PUPR').executeTakeFirstOrThrow()).id);
    const row = await db.db.selectFrom('complaints').select(['category_id', 'kecamatan_code', 'assignee_user_id']).where('department_id', '=', pupr).where('assignee_user_id', 'is not', null).executeTakeFirstOrThrow();
    const cases = [
      { filters: { departmentId: pupr }, scope: {} },
      { filters: {}, scope: { departmentIds: [pupr] } },
      { filters: { categoryId: Number(row.category_id) }, scope: {} },
      { filters: { kecamatanCode: row.kecamatan_code }, scope: {} },
      { filters: { assigneeUserId: Number(row.assignee_user_id) }, scope: { departmentIds: [pupr] } },
      { filters: {}, scope: { departmentIds: [] } },
    ];
    for (const c of cases) {
      const { summary, fromFacts } = await both({ period, ...c });
      expect(summary, JSON.stringify(c)).toEqual(fromFacts);
    }
  });
});
