// The report summary (report-summary.ts: whole months from the trigger-kept month rollup and the stored
// duration and open cells, other periods from one narrow query per cohort) gives exactly the figures of
// the fact view (buildReport: one fact row per complaint through responsiveness.ts) on a seeded demo
// year: every month, the running month seen mid-month, a half year, a period of part months, each
// filter and scope the /reports page offers; and still after writes of every kind, a holiday edit and
// another time zone, with the incrementally kept tables equal to a rebuild from scratch, on this dialect.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dialectName, type TestDb } from '../support/db.ts';
import { seedDemo } from '../../src/server/demo/seed-demo.ts';
import { buildReport, type ReportRequest } from '../../src/server/metrics/reports.service.ts';
import { buildReportSummary } from '../../src/server/metrics/report-summary.ts';
import { lastMonths, makePeriod, periodContaining } from '../../src/server/metrics/period.ts';
import { ensureMonthCounts, rebuildMonthCounts } from '../../src/server/metrics/month-counts.ts';
import { maintainDurations, rebuildDurations } from '../../src/server/metrics/durations.service.ts';
import { durationsStatus } from '../../src/server/metrics/stored-durations.ts';
import type { Db } from '../../src/server/db/index.ts';
import { publicStatistics } from '../../src/server/metrics/statistics.service.ts';
import type { ComplaintState } from '../../src/server/complaints/complaint-states.ts';

let db: TestDb;
const now = new Date('2026-11-18T14:30:00+07:00');
let calendar: ReportRequest['calendar'];

beforeAll(async () => {
  db = await createTestDb();
  await seedDemo(db.db, { complaints: 1500, seed: 21, now });
  calendar = {
    timeZone: 'Asia/Jakarta',
    holidays: new Set((await db.db.selectFrom('holidays').select('date').execute()).map((h) => h.date)),
  };
});
afterAll(async () => {
  await db?.cleanup();
});

async function both(r: Omit<ReportRequest, 'calendar' | 'now'>) {
  const request = { ...r, now, calendar };
  const { facts: _, ...fromFacts } = await buildReport(db.db, request);
  // Group order is not part of the result (pages look groups up by id): compare sorted entries.
  const sorted = (r: Omit<typeof fromFacts, never>) =>
    Object.fromEntries(
      Object.entries(r).map(([k, v]) => [k, v instanceof Map ? [...v].sort((a, b) => String(a[0]).localeCompare(String(b[0]))) : v]),
    );
  const summary = await buildReportSummary(db.db, request);
  return { summary: sorted(summary), fromFacts: sorted(fromFacts), overall: summary.overall };
}

describe(`report summary = fact view (${dialectName})`, () => {
  it('for every month of the year, the running month and a half year', async () => {
    const periods = [
      ...lastMonths(12, '2026-10-01', 'Asia/Jakarta'),
      periodContaining('month', '2026-11-18', 'Asia/Jakarta'),
      makePeriod('custom', '2026-04-01', '2026-09-30', 'Asia/Jakarta'),
      // Not whole months: counted from the complaints.
      makePeriod('custom', '2026-04-10', '2026-09-20', 'Asia/Jakarta'),
    ];
    expect(await durationsStatus(db.db, calendar), 'stored durations serve this calendar').toMatchObject({
      backlogThrough: expect.any(Number),
    });
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

  it('in the public statistics: each department over the 12 months and each month', async () => {
    const stats = await publicStatistics(db.db, now, 'Asia/Jakarta');
    const year = await buildReport(db.db, { period: stats.period, filters: {}, scope: {}, now, calendar });
    expect(stats.departments.length).toBeGreaterThan(3);
    for (const d of stats.departments) expect(d.metrics, d.code).toEqual(year.byDepartment.get(d.departmentId));
    expect(stats.overall).toEqual(year.overall);
    for (const [i, m] of lastMonths(12, stats.period.endDate, 'Asia/Jakarta').entries()) {
      const month = await buildReport(db.db, { period: m, filters: {}, scope: {}, now, calendar });
      expect(stats.months[i], m.startDate).toEqual({ month: m.startDate.slice(0, 7), overall: month.overall });
    }
  });

  it('for each filter and a manager scope', async () => {
    const period = makePeriod('custom', '2026-08-01', '2026-10-31', 'Asia/Jakarta');
    const pupr = Number((await db.db.selectFrom('departments').select('id').where('code', '=', 'PUPR').executeTakeFirstOrThrow()).id);
    const row = await db.db
      .selectFrom('complaints')
      .select(['category_id', 'kecamatan_code', 'assignee_user_id'])
      .where('department_id', '=', pupr)
      .where('assignee_user_id', 'is not', null)
      .executeTakeFirstOrThrow();
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

  it('after writes of every kind, kept incrementally, equal to a rebuild', async () => {
    const d = db.db;
    const at = (iso: string) => new Date(iso).getTime();
    const ids = async (where: (q: any) => any, n: number): Promise<number[]> =>
      (await where(d.selectFrom('complaints').select('id')).orderBy('id').limit(n).execute()).map((r: { id: unknown }) => Number(r.id));
    const depts = (await d.selectFrom('departments').select('id').orderBy('id').execute()).map((r) => Number(r.id));
    // Transfers to another department (officer cleared), responses, resolutions, disputes, rejections and ratings,
    // written as plain updates: the triggers, not the services, keep the rollups.
    const open = await ids(
      (q) => q.where('state', 'in', ['assigned', 'in_progress']).where('submitted_at', '>=', at('2026-09-01T00:00:00+07:00')),
      60,
    );
    const [toTransfer, toRespond, toResolve] = [open.slice(0, 20), open.slice(20, 40), open.slice(40, 60)];
    await d
      .updateTable('complaints')
      .set((eb) => ({ department_id: depts[depts.length - 1]!, assignee_user_id: null, transfer_count: eb('transfer_count', '+', 1) }))
      .where('id', 'in', toTransfer)
      .execute();
    await d
      .updateTable('complaints')
      .set({ first_response_at: at('2026-10-20T09:00:00+07:00'), state: 'in_progress' })
      .where('id', 'in', toRespond)
      .where('first_response_at', 'is', null)
      .execute();
    // A resolution is written with its resolve event and a dispute with its dispute event, as the workflow does.
    const event = (id: number, action: string, iso: string, to: ComplaintState) =>
      ({
        complaint_id: id,
        at: at(iso),
        actor_user_id: null,
        actor_kind: 'system',
        action,
        from_state: null,
        to_state: to,
        visibility: 'public',
        department_id: null,
      }) as const;
    await d
      .updateTable('complaints')
      .set({ state: 'resolved', resolved_at: at('2026-10-28T10:00:00+07:00'), first_response_at: at('2026-10-21T10:00:00+07:00') })
      .where('id', 'in', toResolve)
      .execute();
    await d
      .insertInto('complaint_events')
      .values(toResolve.map((id) => event(id, 'resolve', '2026-10-28T10:00:00+07:00', 'resolved')))
      .execute();
    const resolved = await ids(
      (q) =>
        q
          .where('state', 'in', ['resolved', 'closed'])
          .where('resolved_at', '>=', at('2026-08-01T00:00:00+07:00'))
          .where('resolved_at', '<', at('2026-11-01T00:00:00+07:00'))
          .where('reopened_count', '=', 0),
      15,
    );
    await d
      .updateTable('complaints')
      .set((eb) => ({ state: 'reopened', reopened_count: eb('reopened_count', '+', 1) }))
      .where('id', 'in', resolved.slice(0, 10))
      .execute();
    await d
      .insertInto('complaint_events')
      .values(resolved.slice(0, 10).map((id) => event(id, 'dispute', '2026-11-05T10:00:00+07:00', 'reopened')))
      .execute();
    const unrated = await ids(
      (q) => q.where('state', '=', 'closed').where('id', 'not in', d.selectFrom('complaint_ratings').select('complaint_id')),
      10,
    );
    await d
      .insertInto('complaint_ratings')
      .values(unrated.map((id, i) => ({ complaint_id: id, score: (i % 5) + 1, comment: '', rated_at: at('2026-10-30T10:00:00+07:00') })))
      .execute();
    const submitted = await ids((q) => q.where('state', 'in', ['submitted', 'assigned']).where('id', 'not in', open), 5);
    for (const list of [toTransfer, toRespond, toResolve, resolved, unrated, submitted]) expect(list.length).toBeGreaterThan(0);
    // Odd data: open and never reopened, yet with a resolution or a rejection time.
    // (A resolution time always comes with its resolve event: the reports rely on that.)
    await d
      .updateTable('complaints')
      .set({ resolved_at: at('2026-11-10T10:00:00+07:00') })
      .where('id', '=', toTransfer[0]!)
      .execute();
    await d
      .insertInto('complaint_events')
      .values(event(toTransfer[0]!, 'resolve', '2026-11-10T10:00:00+07:00', 'resolved'))
      .execute();
    await d
      .updateTable('complaints')
      .set({ rejected_at: at('2026-10-05T10:00:00+07:00') })
      .where('id', '=', toTransfer[1]!)
      .execute();
    await d
      .updateTable('complaints')
      .set({ state: 'rejected', rejected_at: at('2026-11-10T10:00:00+07:00'), rejection_reason: 'spam' })
      .where('id', 'in', submitted)
      .execute();
    const rated = await ids((q) => q.where('id', 'in', d.selectFrom('complaint_ratings').select('complaint_id')), 3);
    await d.updateTable('complaint_ratings').set({ score: 1 }).where('complaint_id', 'in', rated).execute();

    // Before the processor has run, a report overlays the waiting complaints' rows in memory: the same
    // figures, within every filter, and nothing written (the waiting list and the stored tables unchanged).
    const waiting = await d.selectFrom('report_durations_dirty').select('complaint_id').orderBy('complaint_id').execute();
    expect(waiting.length).toBeGreaterThan(30);
    expect(await durationsStatus(d, calendar)).not.toBe(false);
    const stored = await snapshot(d, { withOdd: false });
    const pupr = Number((await d.selectFrom('departments').select('id').where('code', '=', 'PUPR').executeTakeFirstOrThrow()).id);
    // A past month (its month-end backlog stored), the running month (open cells), a quarter (reopen by history).
    const october = periodContaining('month', '2026-10-01', 'Asia/Jakarta');
    const running = periodContaining('month', '2026-11-18', 'Asia/Jakarta');
    const quarter = makePeriod('custom', '2026-08-01', '2026-10-31', 'Asia/Jakarta');
    const cases: [typeof october, { departmentIds?: number[] }][] = [
      [october, {}],
      [running, {}],
      [quarter, {}],
      [running, { departmentIds: [pupr] }],
    ];
    for (const [p, scope] of cases) {
      const { summary, fromFacts } = await both({ period: p, filters: {}, scope });
      expect(summary, `${p.startDate} ${JSON.stringify(scope)}`).toEqual(fromFacts);
    }
    expect(await snapshot(d, { withOdd: false })).toEqual(stored);
    expect(await d.selectFrom('report_durations_dirty').select('complaint_id').orderBy('complaint_id').execute()).toEqual(waiting);

    // Two servers catching up at once (PostgreSQL runs them concurrently; they take turns).
    const caughtUp = await Promise.all([maintainDurations(d, calendar), maintainDurations(d, calendar)]);
    expect(caughtUp.map((r) => ('updated' in r ? r.updated : -1)).reduce((a, b) => a + b)).toBeGreaterThan(0);
    for (const p of [...lastMonths(4, '2026-10-01', 'Asia/Jakarta'), periodContaining('month', '2026-11-18', 'Asia/Jakarta')]) {
      const { summary, fromFacts } = await both({ period: p, filters: {}, scope: {} });
      expect(summary, p.startDate).toEqual(fromFacts);
    }
    expect(await durationsStatus(d, calendar)).not.toBe(false);
    const kept = await snapshot(d);
    await rebuildMonthCounts(d, 7 * 3_600_000);
    await rebuildDurations(d, calendar);
    expect(await snapshot(d)).toEqual(kept);
  });

  it('as months end: the backlog of a month that has just ended is added, equal to a rebuild', async () => {
    const d = db.db;
    const month = (iso: string) => periodContaining('month', iso, 'Asia/Jakarta');
    // Stored as if on 15 October: month ends through 1 October; September reads its stored backlog, October not yet.
    await rebuildDurations(d, calendar, new Date('2026-10-15T12:00:00+07:00'));
    expect(await durationsStatus(d, calendar)).toEqual({ backlogThrough: month('2026-10-01').from.getTime() });
    for (const p of [month('2026-09-01'), month('2026-10-01')]) {
      const { summary, fromFacts } = await both({ period: p, filters: {}, scope: {} });
      expect(summary, p.startDate).toEqual(fromFacts);
    }
    // A change meanwhile, then the job on 18 November adds October's month end.
    const open = (
      await d.selectFrom('complaints').select('id').where('state', '=', 'in_progress').where('reopened_count', '=', 0).limit(3).execute()
    ).map((r) => Number(r.id));
    await d
      .updateTable('complaints')
      .set({ state: 'rejected', rejected_at: new Date('2026-10-20T10:00:00+07:00').getTime(), rejection_reason: 'duplicate' })
      .where('id', 'in', open)
      .execute();
    // And a resolved complaint disputed on 25 October (open again at the month's end).
    const resolvedEarly = await d
      .selectFrom('complaints')
      .select('id')
      .where('state', 'in', ['resolved', 'closed'])
      .where('reopened_count', '=', 0)
      .where('resolved_at', '>=', new Date('2026-10-01T00:00:00+07:00').getTime())
      .where('resolved_at', '<', new Date('2026-10-20T00:00:00+07:00').getTime())
      .executeTakeFirstOrThrow();
    await d.updateTable('complaints').set({ state: 'reopened', reopened_count: 1 }).where('id', '=', resolvedEarly.id).execute();
    await d
      .insertInto('complaint_events')
      .values({
        complaint_id: resolvedEarly.id,
        at: new Date('2026-10-25T10:00:00+07:00').getTime(),
        actor_user_id: null,
        actor_kind: 'system',
        action: 'dispute',
        from_state: 'resolved',
        to_state: 'reopened',
        visibility: 'public',
        department_id: null,
      })
      .execute();
    await maintainDurations(d, calendar, new Date('2026-11-18T12:00:00+07:00'));
    expect(await durationsStatus(d, calendar)).toEqual({ backlogThrough: month('2026-11-01').from.getTime() });
    // The roll added complaints ever disputed that were open then, by their history.
    const disputedOpen = await d
      .selectFrom('report_durations as r')
      .innerJoin('complaints as c', 'c.id', 'r.complaint_id')
      .select('r.complaint_id')
      .where('r.cohort', '=', 'backlog')
      .where('r.month', '=', 202610)
      .where('c.reopened_count', '>', 0)
      .execute();
    expect(disputedOpen.length).toBeGreaterThan(0);
    const october = await both({ period: month('2026-10-01'), filters: {}, scope: {} });
    expect(october.summary).toEqual(october.fromFacts);
    expect(october.overall.backlog.total).toBeGreaterThan(0);
    const kept = await snapshot(d);
    await rebuildDurations(d, calendar, new Date('2026-11-18T12:00:00+07:00'));
    expect(await snapshot(d)).toEqual(kept);
    await maintainDurations(d, calendar);
  });

  it('after a holiday edit (read from the complaints until retimed) and in another time zone', async () => {
    const d = db.db;
    const period = periodContaining('month', '2026-10-01', 'Asia/Jakarta');
    await d.insertInto('holidays').values({ date: '2026-10-14', name: 'Uji libur', kind: 'cuti_bersama' }).execute();
    calendar = { ...calendar, holidays: new Set([...calendar.holidays, '2026-10-14']) };
    expect(await durationsStatus(d, calendar), 'timed with the old calendar').toBe(false);
    expect((await both({ period, filters: {}, scope: {} })).summary).toEqual((await both({ period, filters: {}, scope: {} })).fromFacts);
    expect(await maintainDurations(d, calendar)).toHaveProperty('rebuilt');
    expect(await durationsStatus(d, calendar)).not.toBe(false);
    const after = await both({ period, filters: {}, scope: {} });
    expect(after.summary).toEqual(after.fromFacts);

    // Palu's zone (WITA): the month rollup is recounted, the durations retimed, and months are WITA months.
    expect(await ensureMonthCounts(d, 'Asia/Makassar')).toBe(true);
    const wita = { ...calendar, timeZone: 'Asia/Makassar' };
    expect(await durationsStatus(d, wita)).toBe(false);
    await maintainDurations(d, wita);
    expect(await durationsStatus(d, wita)).not.toBe(false);
    for (const p of lastMonths(3, '2026-10-01', 'Asia/Makassar')) {
      const request = { period: p, filters: {}, scope: {}, now, calendar: wita };
      const { facts: _, ...fromFacts } = await buildReport(d, request);
      expect(await buildReportSummary(d, request), p.startDate).toEqual(fromFacts);
    }
    await ensureMonthCounts(d, 'Asia/Jakarta');
    await maintainDurations(d, calendar);
  });
});

/** The incrementally kept report tables, in a canonical order (cells whose counts all went to zero left out). */
async function snapshot(d: Db, { withOdd = true } = {}) {
  const counts = (await d.selectFrom('report_month_counts').selectAll().execute())
    .filter((r) =>
      Object.entries(r).some(
        ([k, v]) => !['month', 'department_id', 'category_id', 'kecamatan_code', 'assignee_user_id'].includes(k) && Number(v) !== 0,
      ),
    )
    .map((r) => JSON.stringify(Object.fromEntries(Object.entries(r).map(([k, v]) => [k, k === 'kecamatan_code' ? v : Number(v)]))))
    .sort();
  const blob = (b: Uint8Array) => Buffer.from(b).toString('hex');
  const cells = (await d.selectFrom('report_duration_cells').selectAll().execute())
    .map((r) =>
      JSON.stringify({
        ...r,
        month: Number(r.month),
        complaints: Number(r.complaints),
        flagged: Number(r.flagged),
        department_id: Number(r.department_id),
        category_id: Number(r.category_id),
        assignee_user_id: Number(r.assignee_user_id),
        durations: blob(r.durations),
      }),
    )
    .sort();
  const open = (await d.selectFrom('report_open_cells').selectAll().execute())
    .map((r) =>
      JSON.stringify({
        ...r,
        department_id: Number(r.department_id),
        category_id: Number(r.category_id),
        assignee_user_id: Number(r.assignee_user_id),
        submitted: blob(r.submitted),
      }),
    )
    .sort();
  const odd = (await d.selectFrom('report_open_odd').selectAll().execute())
    .map((r) => JSON.stringify(Object.values(r).map((v) => (typeof v === 'string' || v === null ? v : Number(v)))))
    .sort();
  if (withOdd) expect(odd.length).toBeGreaterThan(0);
  const rows = (await d.selectFrom('report_durations').selectAll().execute())
    .map((r) => JSON.stringify(Object.values(r).map((v) => (typeof v === 'string' ? v : v === null ? null : Number(v)))))
    .sort();
  return { counts, cells, open, odd, rows };
}
