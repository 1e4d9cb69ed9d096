// Times the report data (the §4 metrics of one month, all departments, as HR sees them) in process:
// the report page's summary (report-summary.ts) and, for comparison, the fact view (buildReport,
// what the drill-down lists and the trend read).
import { createDb } from '../src/server/db/index.ts';
import { loadCalendar } from '../src/server/calendar/calendar.repository.ts';
import { buildReport } from '../src/server/metrics/reports.service.ts';
import { buildReportSummary } from '../src/server/metrics/report-summary.ts';
import { periodContaining } from '../src/server/metrics/period.ts';
import { localDate } from '../src/server/calendar/calendar.ts';

export interface ReportTiming {
  median: number;
  p95: number;
  runs: number;
}

function stats(times: number[]): ReportTiming {
  const s = [...times].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)]!, p95: s[Math.ceil(s.length * 0.95) - 1]!, runs: s.length };
}

export async function timeReportData(databaseUrl: string, runs = 30, factRuns = 5): Promise<{ summary: ReportTiming; facts: ReportTiming & { rows: number } }> {
  const target = databaseUrl.startsWith('postgres') ? { kind: 'postgres' as const, url: databaseUrl } : { kind: 'sqlite' as const, file: databaseUrl };
  const { db } = createDb(target as any);
  try {
    const calendar = await loadCalendar(db, 'Asia/Jakarta');
    const now = new Date();
    const period = periodContaining('month', localDate(new Date(now.getTime() - 20 * 86_400_000), 'Asia/Jakarta'), 'Asia/Jakarta');
    const request = { period, filters: {}, scope: {}, now, calendar };
    const time = async (n: number, f: () => Promise<unknown>) => {
      const times: number[] = [];
      for (let i = 0; i < n; i++) {
        const t0 = performance.now();
        await f();
        times.push(performance.now() - t0);
      }
      return stats(times);
    };
    await buildReportSummary(db, request); // warm-up: the first read brings the indexes into memory
    const summary = await time(runs, () => buildReportSummary(db, request));
    let rows = 0;
    const facts = await time(factRuns, async () => (rows = (await buildReport(db, request)).facts.length));
    return { summary, facts: { ...facts, rows } };
  } finally {
    await db.destroy();
  }
}

if (import.meta.main) console.log(await timeReportData(process.argv[2]!, 10, 3));
