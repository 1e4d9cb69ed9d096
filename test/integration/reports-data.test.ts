// The metrics read from the database: the hand-computed month (test/fixtures/report-facts.ts) stored
// as complaints, events and ratings gives the same figures on SQLite and PostgreSQL; a seeded demo
// year gives identical reports on both dialects.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dialectName, type TestDb } from '../support/db.ts';
import { createDb, type DbHandle } from '../../src/server/db/index.ts';
import { migrateToLatest } from '../../src/server/db/migrator.ts';
import { loadReference } from '../../src/server/reference/reference.loader.ts';
import { buildReport, drillDownIds } from '../../src/server/metrics/reports.service.ts';
import { trend } from '../../src/server/metrics/trend.ts';
import { buildReportSummary } from '../../src/server/metrics/report-summary.ts';
import { lastMonths } from '../../src/server/metrics/period.ts';
import { publicStatistics } from '../../src/server/metrics/statistics.service.ts';
import { seedDemo } from '../../src/server/demo/seed-demo.ts';
import { EXPECTED, FIXTURES, NOW, PERIOD, TEST_HOLIDAYS, TEST_TZ } from '../fixtures/report-facts.ts';

let db: TestDb;
const calendar = { timeZone: TEST_TZ, holidays: TEST_HOLIDAYS };

beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => {
  await db?.cleanup();
});

async function insertFixtures(target: TestDb['db']) {
  const dept = async (code: string) =>
    Number((await target.selectFrom('departments').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id);
  const deptIds: Record<number, number> = { 1: await dept('PUPR'), 2: await dept('DINKES') };
  const category = Number((await target.selectFrom('categories').select('id').where('code', '=', 'drainase').executeTakeFirstOrThrow()).id);
  const kec = (await target.selectFrom('areas').select('code').where('level', '=', 'kecamatan').orderBy('code').limit(2).execute()).map(
    (a) => a.code,
  );
  const ids = new Map<string, number>();
  for (const f of FIXTURES) {
    const row = await target
      .insertInto('complaints')
      .values({
        code: `PLG-26-TEST${f.label}${f.label}`.slice(0, 12),
        access_key_hash: 'x'.repeat(64),
        category_id: category,
        title: `Fixture ${f.label}`,
        description: 'fixture',
        kecamatan_code: f.kecamatanCode === 'K1' ? kec[0]! : kec[1]!,
        kelurahan_code: null,
        privacy: 'public',
        state: f.state,
        department_id: f.dept === null ? null : deptIds[f.dept]!,
        submitted_at: f.submittedAt,
        verification_due_at: f.submittedAt + 3 * 86_400_000,
        assigned_at: f.assignedAt,
        response_due_at: f.responseDueAt,
        resolution_due_at: f.resolutionDueAt,
        first_response_at: f.firstResponseAt,
        resolved_at: f.resolvedAt,
        rejected_at: f.rejectedAt,
        reopened_count: f.reopenedCount,
        transfer_count: f.transferCount,
        updated_at: NOW,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.set(f.label, Number(row.id));
    for (const e of f.resolveEvents) {
      await target
        .insertInto('complaint_events')
        .values({
          complaint_id: Number(row.id),
          at: e.at,
          actor_user_id: null,
          actor_kind: e.action === 'dispute' ? 'reporter' : 'department',
          action: e.action,
          from_state: e.action === 'dispute' ? 'resolved' : 'in_progress',
          to_state: e.action === 'dispute' ? 'reopened' : 'resolved',
          visibility: 'public',
          department_id: null,
        })
        .execute();
    }
    if (f.rating !== null)
      await target
        .insertInto('complaint_ratings')
        .values({ complaint_id: Number(row.id), score: f.rating, rated_at: f.resolvedAt! })
        .execute();
  }
  return { ids, deptIds };
}

describe(`report figures from the database (${dialectName})`, () => {
  it('match the hand-computed month, including the drill-down lists', async () => {
    const { ids, deptIds } = await insertFixtures(db.db);
    const request = {
      period: { from: new Date(PERIOD.from), to: new Date(PERIOD.to) },
      filters: {},
      scope: {},
      now: new Date(NOW),
      calendar,
    };
    const r = await buildReport(db.db, request);
    const m = r.overall;
    expect(m.volume).toBe(EXPECTED.volume);
    expect(m.verification.n).toBe(5);
    expect(m.verification.median).toBeCloseTo(EXPECTED.verification.median, 9);
    expect(m.firstResponse.median).toBeCloseTo(EXPECTED.firstResponse.median, 9);
    expect(m.firstResponse.p90).toBeCloseTo(EXPECTED.firstResponse.p90, 9);
    expect(m.resolution.median).toBeCloseTo(EXPECTED.resolution.median, 9);
    expect(m.resolution.p90).toBeCloseTo(EXPECTED.resolution.p90, 9);
    expect(m.responseSla).toMatchObject(EXPECTED.responseSla);
    expect(m.resolutionSla).toMatchObject(EXPECTED.resolutionSla);
    expect(m.backlog).toEqual(EXPECTED.backlog);
    expect(m.reopen).toMatchObject(EXPECTED.reopen);
    expect(m.csat.mean).toBe(EXPECTED.csat.mean);
    expect(m.csat.responseRate).toMatchObject(EXPECTED.csat.rate);
    expect(m.transfer).toMatchObject(EXPECTED.transfer);
    expect(r.byDepartment.get(deptIds[1]!)!.volume).toBe(3);
    // The department filter (a manager's scope) narrows every figure.
    const dinkes = await buildReport(db.db, { ...request, scope: { departmentIds: [deptIds[2]!] } });
    expect(dinkes.overall.volume).toBe(2);
    expect(dinkes.overall.resolutionSla).toMatchObject({ numerator: 0, n: 2, pastDueOpen: 2 });
    expect(dinkes.byDepartment.has(deptIds[1]!)).toBe(false);
    // The report page's summary (one query per cohort) gives the same figures as the fact view.
    for (const req of [request, { ...request, scope: { departmentIds: [deptIds[2]!] } }]) {
      const { facts: _, ...fromFacts } = await buildReport(db.db, req);
      expect(await buildReportSummary(db.db, req)).toEqual(fromFacts);
    }
    // Drill-down: the complaints behind "responses not on time" are B (late) and C (never answered).
    const missed = await drillDownIds(db.db, request, 'response_sla', 'missed');
    expect(missed.sort()).toEqual([ids.get('B')!, ids.get('C')!].sort());
  });
});

describe('the same demo year on SQLite and on this dialect', () => {
  let sqliteDir: string;
  let other: DbHandle;
  beforeAll(async () => {
    sqliteDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-rep-'));
    other = createDb({ kind: 'sqlite', file: path.join(sqliteDir, 'other.db') });
    await migrateToLatest(other.db);
    await loadReference(other.db, 'palembang');
  });
  afterAll(async () => {
    await other?.db.destroy();
    fs.rmSync(sqliteDir, { recursive: true, force: true });
  });

  it('gives identical reports and public statistics', async () => {
    // One schema per test file on PostgreSQL: reuse it, without the fixture month.
    const fresh = db;
    await fresh.db.deleteFrom('complaint_ratings').execute();
    await fresh.db.deleteFrom('complaint_events').execute();
    await fresh.db.deleteFrom('complaints').execute();
    {
      const now = new Date('2026-11-20T10:00:00+07:00');
      await seedDemo(fresh.db, { complaints: 1500, seed: 11, now });
      await seedDemo(other.db, { complaints: 1500, seed: 11, now });
      const realCalendar = {
        timeZone: 'Asia/Jakarta',
        holidays: new Set((await fresh.db.selectFrom('holidays').select('date').execute()).map((h) => h.date)),
      };
      const request = {
        period: { from: new Date('2026-01-01T00:00:00+07:00'), to: new Date('2026-07-01T00:00:00+07:00') },
        filters: {},
        scope: {},
        now,
        calendar: realCalendar,
      };
      const a = await buildReport(fresh.db, request);
      const b = await buildReport(other.db, request);
      const plain = (r: typeof a) =>
        JSON.stringify({ overall: r.overall, dept: [...r.byDepartment].sort(), kec: [...r.byKecamatan].sort() });
      expect(a.overall.volume).toBeGreaterThan(500);
      expect(a.overall.reopen.numerator).toBeGreaterThan(0);
      expect(a.overall.transfer.numerator).toBeGreaterThan(0);
      expect(a.overall.csat.n).toBeGreaterThan(0);
      expect(plain(a)).toBe(plain(b));
      const sa = await publicStatistics(fresh.db, now);
      const sb = await publicStatistics(other.db, now);
      expect(JSON.stringify(sa.departments)).toBe(JSON.stringify(sb.departments));
      // The trend (the summary of each month) agrees with a separate fact-view report of each month.
      const months = lastMonths(12, '2026-10-15', 'Asia/Jakarta');
      const points = await trend(fresh.db, months, { filters: {}, scope: {}, now, calendar: realCalendar });
      for (const [i, p] of months.entries()) {
        const single = (await buildReport(fresh.db, { ...request, period: p })).overall;
        expect(points[i], p.startDate).toEqual({
          label: p.startDate.slice(0, 7),
          volume: single.volume,
          responseSla: single.responseSla.value,
          resolutionSla: single.resolutionSla.value,
          medianResolution: single.resolution.median,
          backlog: single.backlog.total,
        });
      }
      // Department differences are visible: the backlog department is slower than the fastest one.
      const byCode = new Map(sa.departments.map((d) => [d.code, d.metrics]));
      expect(byCode.get('PUPR')!.resolution.median!).toBeGreaterThan(byCode.get('DISDUKCAPIL')!.resolution.median!);
    }
  });
});
