// Times the report data (the §4 metrics of one month, all departments, as HR sees them) in process:
// everything the /reports page shows (reportPageData: the summary of report-summary.ts, the tables,
// the league table, the overdue list and the consultation figures) and, for comparison, the fact
// view (buildReport, what the drill-down lists and the trend read).
import { createDb } from '../src/server/db/index.ts';
import { loadCalendar } from '../src/server/calendar/calendar.repository.ts';
import { buildReport } from '../src/server/metrics/reports.service.ts';
import { reportPageData } from '../src/server/metrics/report-page.ts';
import type { SessionUser } from '../src/server/auth/session.ts';
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

export async function timeReportData(
  databaseUrl: string,
  runs = 30,
  factRuns = 5,
): Promise<{ summary: ReportTiming; facts: ReportTiming & { rows: number } }> {
  const target = databaseUrl.startsWith('postgres')
    ? { kind: 'postgres' as const, url: databaseUrl }
    : { kind: 'sqlite' as const, file: databaseUrl };
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
    const hr: SessionUser = {
      id: 0,
      email: 'bench@localhost',
      name: 'Bench',
      role: 'hr',
      departmentId: null,
      nip: null,
      affiliation: null,
      affiliationVerified: false,
      locale: 'id',
    };
    const params = new URLSearchParams({ period: 'month', at: period.startDate });
    const page = async () => {
      const r = await reportPageData(db, hr, params, now, 'id');
      if (!r.ok || r.data.period.startDate !== period.startDate) throw new Error('the bench did not get the month it asked for');
    };
    await page(); // warm-up: the first read brings the indexes into memory
    const summary = await time(runs, page);
    let rows = 0;
    const facts = await time(factRuns, async () => (rows = (await buildReport(db, request)).facts.length));
    return { summary, facts: { ...facts, rows } };
  } finally {
    await db.destroy();
  }
}

if (import.meta.main) console.log(await timeReportData(process.argv[2]!, 10, 3));
