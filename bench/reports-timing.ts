// Times the report data (the §4 metrics of one month, all departments, as HR sees them) in process.
import { createDb } from '../src/server/db/index.ts';
import { loadCalendar } from '../src/server/calendar/calendar.repository.ts';
import { buildReport } from '../src/server/metrics/reports.service.ts';
import { periodContaining } from '../src/server/metrics/period.ts';
import { localDate } from '../src/server/calendar/calendar.ts';

export async function timeReportData(databaseUrl: string, runs = 30): Promise<{ median: number; p95: number; rows: number }> {
  const target = databaseUrl.startsWith('postgres') ? { kind: 'postgres' as const, url: databaseUrl } : { kind: 'sqlite' as const, file: databaseUrl };
  const { db } = createDb(target as any);
  try {
    const calendar = await loadCalendar(db, 'Asia/Jakarta');
    const now = new Date();
    const period = periodContaining('month', localDate(new Date(now.getTime() - 20 * 86_400_000), 'Asia/Jakarta'), 'Asia/Jakarta');
    const times: number[] = [];
    let rows = 0;
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      const r = await buildReport(db, { period, filters: {}, scope: {}, now, calendar });
      times.push(performance.now() - t0);
      rows = r.facts.length;
    }
    times.sort((a, b) => a - b);
    return { median: times[Math.floor(times.length / 2)]!, p95: times[Math.ceil(times.length * 0.95) - 1]!, rows };
  } finally {
    await db.destroy();
  }
}

if (import.meta.main) console.log(await timeReportData(process.argv[2]!, 10));
