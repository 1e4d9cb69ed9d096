// Complaint imports (issue 23): `npm run cli -- import-complaints FILE --mapping M [--dry-run]` and the
// service behind /admin/imports. A dry run lists what would be created and every unmappable row with its
// reason, writing nothing; the import keeps the original times, so the rollups count the complaints in
// their own months (equal to a from-scratch rebuild and to the fact view); a re-run creates nothing.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dialectName, type TestDb } from '../support/db.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { createTestUser, sessionCookie } from '../support/users.ts';
import { channelMetrics } from '../../src/server/metrics/channel-metrics.ts';
import { makePeriod, periodContaining } from '../../src/server/metrics/period.ts';
import { buildReport } from '../../src/server/metrics/reports.service.ts';
import { buildReportSummary } from '../../src/server/metrics/report-summary.ts';
import { rebuildMonthCounts } from '../../src/server/metrics/month-counts.ts';
import { maintainDurations } from '../../src/server/metrics/durations.service.ts';
import { importComplaints } from '../../src/server/channels/imports.service.ts';
import { parseMapping } from '../../src/server/channels/import-mapping.ts';
import { readCsv } from '../../src/server/channels/import-file.ts';

const root = path.resolve(import.meta.dirname, '../..');
const fixture = (f: string) => path.join(root, 'test/fixtures', f);
let db: TestDb;
const calendar = { timeZone: 'Asia/Jakarta', holidays: new Set<string>() };

beforeAll(async () => {
  db = await createTestDb();
  calendar.holidays = new Set((await db.db.selectFrom('holidays').select('date').execute()).map((h) => h.date));
});
afterAll(async () => {
  await db?.cleanup();
});

const cli = (...args: string[]) =>
  spawnSync(process.execPath, [path.join(root, 'src/cli/index.ts'), 'import-complaints', ...args], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: db.url },
    encoding: 'utf8',
  });
const lapor = () => db.db.selectFrom('complaints').selectAll().where('channel', '=', 'lapor').orderBy('submitted_at').execute();

async function monthCounts() {
  return (await db.db.selectFrom('report_month_counts').selectAll().execute())
    .filter((r) =>
      Object.entries(r).some(
        ([k, v]) => !['month', 'department_id', 'category_id', 'kecamatan_code', 'assignee_user_id'].includes(k) && Number(v) !== 0,
      ),
    )
    .map((r) => JSON.stringify(Object.fromEntries(Object.entries(r).map(([k, v]) => [k, k === 'kecamatan_code' ? v : Number(v)]))))
    .sort();
}

describe(`complaint imports (${dialectName})`, () => {
  it('a dry run lists what would be created and every row it cannot map, and writes nothing', () => {
    const r = cli(fixture('lapor-export.csv'), '--mapping', fixture('lapor-mapping.json'), '--dry-run');
    expect(r.status, r.stderr).toBe(1);
    const out = r.stdout;
    for (const id of ['LPR-0001', 'LPR-0002', 'LPR-0003']) expect(out).toMatch(new RegExp(`${id}\\twould_create`));
    expect(out).toMatch(/row 5\tLPR-0004\trefused\tTanggal Laporan '31\/02\/2026' is not a date in the format DD\/MM\/YYYY/);
    expect(out).toMatch(/LPR-0005\trefused\tcategory 'Pertanian' is not mapped/);
    expect(out).toMatch(/LPR-0006\trefused\tkelurahan 'Kampung Antah Berantah' is not a known kelurahan/);
    expect(out).toMatch(/LPR-0007\trefused\tstate closed needs a resolution date/);
    expect(out).toMatch(/row 9\tLPR-0002\trefused\tsource id repeated in the file \(row 3\)/);
    expect(out).toContain('dry run: 3 would be created, 0 imported before, 5 cannot be mapped');
  });

  it('imports with the original times, routed and in their states; a re-run creates nothing', async () => {
    expect(await lapor()).toEqual([]);
    const first = cli(fixture('lapor-export.csv'), '--mapping', fixture('lapor-mapping.json'));
    expect(first.stdout).toContain('3 created, 0 imported before, 5 cannot be mapped');
    const rows = await lapor();
    expect(rows.map((c) => [c.title, c.state, c.channel, c.kelurahan_code])).toEqual([
      ['Jalan berlubang di depan pasar', 'closed', 'lapor', '16.71.01.1001'],
      ['Sampah menumpuk di TPS', 'in_progress', 'lapor', '16.71.07.1005'],
      ['Aspal terkelupas', 'submitted', 'lapor', '16.71.11.1001'],
    ]);
    // Local (WIB) wall-clock times of the source.
    expect(Number(rows[0]!.submitted_at)).toBe(Date.parse('2026-03-10T09:15:00+07:00'));
    expect(Number(rows[0]!.resolved_at)).toBe(Date.parse('2026-03-17T14:00:00+07:00'));
    expect(Number(rows[1]!.submitted_at)).toBe(Date.parse('2026-05-20T00:00:00+07:00'));
    expect(rows[0]!.department_id).not.toBeNull();
    expect(rows[2]!.department_id).toBeNull();
    const events = await db.db
      .selectFrom('complaint_events')
      .select(['action', 'note', 'at'])
      .where('complaint_id', '=', rows[0]!.id)
      .orderBy('id')
      .execute();
    expect(events.map((e) => e.action)).toEqual(['submit', 'route', 'respond', 'resolve', 'auto_close']);
    expect(events[2]!.note).toBe('Lubang sudah ditambal dengan aspal.');
    const audit = await db.db.selectFrom('audit_log').select('details').where('action', '=', 'complaint.imported').execute();
    expect(audit.map((a) => JSON.parse(a.details).source_id).sort()).toEqual(['LPR-0001', 'LPR-0002', 'LPR-0003']);

    const again = cli(fixture('lapor-export.csv'), '--mapping', fixture('lapor-mapping.json'));
    expect(again.stdout).toContain('0 created, 3 imported before, 5 cannot be mapped');
    expect((await lapor()).length).toBe(3);
    // Two runs at once: each source id is created once.
    const mapping = parseMapping(readFileSync(fixture('lapor-mapping.json'), 'utf8'));
    if (!mapping.ok) throw new Error(mapping.error);
    const fresh = readCsv(
      'ID Laporan;Tanggal Laporan;Kategori;Kelurahan;Judul;Isi Laporan;Status;Tindak Lanjut;Tanggal Selesai\nLPR-0100;01/04/2026;Kebersihan;Sukarami;Sampah liar di lahan kosong;Sampah liar dibuang di lahan kosong dekat jalan raya setiap malam.;Diproses;Akan ditertibkan.;\n',
    );
    const ctx = { actor: null, via: 'cli' as const, now: new Date(), calendar, dryRun: false };
    const both = await Promise.all([
      importComplaints(db.db, fresh, mapping.mapping, ctx),
      importComplaints(db.db, fresh, mapping.mapping, ctx),
    ]);
    const outcomes = both.flatMap((o) => (o.ok ? o.results.map((r) => r.outcome) : [])).sort();
    expect(outcomes).toEqual(['created', 'skipped']);
    expect((await lapor()).length).toBe(4);
  });

  it('the rollups count imported complaints in their own months, as a rebuild and the fact view do', async () => {
    const march = periodContaining('month', '2026-03-01', 'Asia/Jakarta');
    const now = new Date();
    const perChannel = await channelMetrics(db.db, { from: march.from.getTime(), to: march.to.getTime(), now: now.getTime() });
    expect(perChannel).toMatchObject([{ channel: 'lapor', volume: 1 }]);
    // LPR-0001 was resolved on 17 March, long before its due date (60 working days: June).
    const spring = makePeriod('custom', '2026-03-01', '2026-06-30', 'Asia/Jakarta');
    const quarter = await channelMetrics(db.db, { from: spring.from.getTime(), to: spring.to.getTime(), now: now.getTime() });
    expect(quarter[0]!.resolutionSla.onTime).toBeGreaterThanOrEqual(1);
    await maintainDurations(db.db, calendar);
    for (const p of [
      march,
      periodContaining('month', '2026-04-01', 'Asia/Jakarta'),
      periodContaining('month', '2026-05-01', 'Asia/Jakarta'),
      makePeriod('custom', '2026-03-01', '2026-06-30', 'Asia/Jakarta'),
    ]) {
      const request = { period: p, filters: {}, scope: {}, now, calendar };
      const { facts: _, ...fromFacts } = await buildReport(db.db, request);
      const summary = await buildReportSummary(db.db, request);
      expect(summary.overall, p.startDate).toEqual(fromFacts.overall);
    }
    const kept = await monthCounts();
    expect(kept.length).toBeGreaterThan(0);
    await rebuildMonthCounts(db.db, 7 * 3_600_000);
    expect(await monthCounts()).toEqual(kept);
  });
});

describe(`/admin/imports (${dialectName})`, () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ DATABASE_URL: db.url });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('an admin uploads a file and a mapping: dry run first, then the import; others get 404', async () => {
    const admin = await createTestUser(db.db, { role: 'admin' });
    const cookie = await sessionCookie(db.db, admin.id);
    const csv =
      'ID;Tanggal;Kategori;Kelurahan;Isi\nX-1;15/07/2026;sampah;Sukarami;Sampah berserakan di pinggir jalan dekat pasar pagi ini.\nX-2;15/07/2026;tidak-ada;Sukarami;Baris dengan kategori yang tidak ada sama sekali.\n';
    const mapping = JSON.stringify({
      source: 'import',
      columns: { source_id: 'ID', submitted_at: 'Tanggal', category: 'Kategori', kelurahan: 'Kelurahan', description: 'Isi' },
      date_format: 'DD/MM/YYYY',
    });
    const send = (dry: boolean, who = cookie) => {
      const form = new FormData();
      form.append('file', new Blob([csv], { type: 'text/csv' }), 'arsip.csv');
      form.append('mapping', mapping);
      if (dry) form.append('dry_run', '1');
      return fetch(`${server.url}/admin/imports`, { method: 'POST', body: form, headers: { origin: server.url, cookie: who } });
    };
    const dry = await send(true);
    expect(dry.status).toBe(200);
    const dryHtml = await dry.text();
    expect(dryHtml).toContain('Uji coba: tidak ada yang disimpan.');
    expect(dryHtml).toMatch(/X-2[^]*category &#39;tidak-ada&#39; is not mapped|X-2[^]*category 'tidak-ada' is not mapped/);
    expect(await db.db.selectFrom('complaints').select('id').where('channel', '=', 'import').execute()).toEqual([]);
    const real = await (await send(false)).text();
    expect(real).toMatch(/PLG-26-[A-Z0-9]{6}/);
    expect((await db.db.selectFrom('complaints').select('id').where('channel', '=', 'import').execute()).length).toBe(1);
    const verifier = await createTestUser(db.db, { role: 'verifier' });
    expect((await send(false, await sessionCookie(db.db, verifier.id))).status).toBe(404);
  });
});
