// Report scenarios of `npm run bench`: a seeded demo year at 100k complaints (and 1M with
// BENCH_LARGE=1): the report data (in process, median and P95), the /reports page over HTTP, and
// the public /statistics page (median, P95, and req/s under autocannon beside a bare node:http
// server returning the same bytes, in the same run).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { load, root, startBare, startPortal, type LoadResult } from './lib.ts';
import { timeReportData } from './reports-timing.ts';
import { createDb } from '../src/server/db/index.ts';
import { createSession } from '../src/server/auth/session.ts';

export interface TimingRow {
  name: string;
  median: number;
  p95: number;
  note: string;
}

function stats(times: number[]): { median: number; p95: number } {
  const s = [...times].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)]!, p95: s[Math.ceil(s.length * 0.95) - 1]! };
}

async function timeGet(url: string, cookie: string, runs: number): Promise<{ median: number; p95: number; bytes: Buffer; type: string }> {
  const times: number[] = [];
  let bytes = Buffer.alloc(0);
  let type = 'text/html';
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = await fetch(url, { headers: { cookie } });
    bytes = Buffer.from(await r.arrayBuffer());
    times.push(performance.now() - t0);
    if (!r.ok) throw new Error(`${url}: ${r.status}`);
    type = r.headers.get('content-type') ?? type;
  }
  return { ...stats(times), bytes, type };
}

export async function reportScenarios(opts: {
  seconds: number;
  databaseUrl?: string;
}): Promise<{ timings: TimingRow[]; loads: LoadResult[] }> {
  const sizes = [100_000, ...(process.env.BENCH_LARGE === '1' ? [1_000_000] : [])];
  const timings: TimingRow[] = [];
  const loads: LoadResult[] = [];
  // BENCH_SEEDED_DIR keeps the seeded SQLite files (reports-<size>.db) and reuses them on the next run.
  const keep = process.env.BENCH_SEEDED_DIR;
  for (const size of sizes) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-bench-rep-'));
    // PostgreSQL: seeded into the given (empty) database; SQLite: a fresh file per size.
    const dbUrl = opts.databaseUrl ?? path.join(keep ?? dir, keep ? `reports-${size}.db` : 'reports.db');
    const label = `${size / 1000}k`;
    try {
      if (keep && !opts.databaseUrl && fs.existsSync(dbUrl)) {
        // A file seeded by an earlier version: migrated and its report rollups brought up to date first.
        execFileSync(process.execPath, [path.join(root, 'src/cli/index.ts'), 'migrate'], {
          cwd: root,
          env: { ...process.env, DATABASE_URL: dbUrl },
          stdio: 'ignore',
        });
        timings.push({ name: `seed-demo ${label}`, median: NaN, p95: NaN, note: `reused ${path.basename(dbUrl)}` });
      } else {
        const t0 = performance.now();
        execFileSync(process.execPath, [path.join(root, 'src/cli/index.ts'), 'seed-demo', '--complaints', String(size), '--seed', '1'], {
          cwd: root,
          env: { ...process.env, DATABASE_URL: dbUrl },
          stdio: 'ignore',
        });
        timings.push({ name: `seed-demo ${label}`, median: performance.now() - t0, p95: NaN, note: 'one run, ms' });
      }
      const portal = await startPortal({ DATABASE_URL: dbUrl });
      try {
        const data = await timeReportData(dbUrl, 20, size >= 1_000_000 ? 3 : 5);
        timings.push({
          name: `report data, one month, all departments (${label})`,
          ...data.summary,
          note: `everything /reports shows (reportPageData, HR), ${data.summary.runs} runs`,
        });
        timings.push({
          name: `  fact view of the same month (${label})`,
          ...data.facts,
          note: `buildReport, ${data.facts.rows} fact rows, ${data.facts.runs} runs`,
        });
        const handle = createDb(dbUrl.startsWith('postgres') ? { kind: 'postgres', url: dbUrl } : { kind: 'sqlite', file: dbUrl });
        const hr = await handle.db
          .selectFrom('users')
          .select('id')
          .where('email', '=', 'bkpsdm@demo.suarawarga.invalid')
          .executeTakeFirstOrThrow();
        const cookie = `session=${(await createSession(handle.db, hr.id)).token}`;
        await handle.db.destroy();
        const page = await timeGet(`${portal.url}/reports`, cookie, 10);
        timings.push({
          name: `/reports page over HTTP (${label})`,
          median: page.median,
          p95: page.p95,
          note: 'HR, current month, 10 runs',
        });
        const last = await timeGet(`${portal.url}/reports?period=month&at=${lastMonthDate()}`, cookie, 10);
        timings.push({
          name: `/reports last month over HTTP (${label})`,
          median: last.median,
          p95: last.p95,
          note: 'HR, the month timed above, 10 runs',
        });
        const cold = await timeGet(`${portal.url}/statistics`, '', 1);
        timings.push({ name: `/statistics first request (${label})`, median: cold.median, p95: NaN, note: 'computes and caches' });
        const warm = await timeGet(`${portal.url}/statistics`, '', 50);
        timings.push({
          name: `/statistics cached (${label})`,
          median: warm.median,
          p95: warm.p95,
          note: 'fast path copy; ETag; recomputed when data change',
        });
        loads.push(await load(`portal: /statistics (${label})`, { url: `${portal.url}/statistics`, duration: opts.seconds }, portal.pid));
        const bare = await startBare(warm.bytes, { 'content-type': warm.type });
        loads.push(await load('bare node:http, same bytes', { url: bare.url, duration: opts.seconds }));
        await bare.stop();
      } finally {
        await portal.stop();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  return { timings, loads };
}

/** A day of the month timed in process (20 days ago), as the report query's date parameter. */
function lastMonthDate(): string {
  return new Date(Date.now() - 20 * 86_400_000).toISOString().slice(0, 10);
}

export function timingTable(rows: TimingRow[]): string {
  const head = ['measurement', 'median ms', 'P95 ms', 'note'];
  const lines = rows.map((r) => [
    r.name,
    Number.isNaN(r.median) ? '–' : r.median.toFixed(1),
    Number.isNaN(r.p95) ? '–' : r.p95.toFixed(1),
    r.note,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [fmt(head), fmt(widths.map((w) => '-'.repeat(w))), ...lines.map(fmt)].join('\n');
}
