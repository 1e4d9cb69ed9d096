// `npm run bench`: load the built portal on loopback and compare with a bare node:http server that
// returns the same bytes, measured in the same run. BENCH_SECONDS sets each scenario's length.
// Later issues add scenarios (filing complaints, reports at 100k/1M complaints) to this table.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { load, root, startBare, startPortal, table, type LoadResult } from './lib.ts';
import { reportScenarios, timingTable } from './reports.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const databaseUrl = process.env.DATABASE_URL;

if (process.env.SKIP_BUILD !== '1') {
  execFileSync(process.execPath, [path.join(root, 'node_modules/astro/bin/astro.mjs'), 'build', '--silent'], { cwd: root, stdio: 'inherit' });
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-bench-'));
const dbUrl = databaseUrl ?? path.join(dir, 'bench.db');
// Migrate and load the reference configuration the way `npm start` does.
execFileSync(process.execPath, [path.join(root, 'src/cli/index.ts'), 'migrate'], { cwd: root, env: { ...process.env, DATABASE_URL: dbUrl }, stdio: 'ignore' });

const portal = await startPortal({ DATABASE_URL: dbUrl });
const rows: LoadResult[] = [];
try {
  for (const [name, p] of [
    ['home page', '/'],
    ['Open311 services.json', '/open311/v2/services.json'],
  ] as const) {
    const res = await fetch(portal.url + p);
    const body = Buffer.from(await res.arrayBuffer());
    rows.push(await load(`portal: ${name}`, { url: portal.url + p, duration: seconds }, portal.pid));
    const bare = await startBare(body, { 'content-type': res.headers.get('content-type') ?? 'text/html' });
    rows.push(await load(`bare node:http, same bytes`, { url: bare.url, duration: seconds }));
    await bare.stop();
  }
} finally {
  await portal.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}

console.log(`\nSuara Warga benchmark — ${new Date().toISOString()} — ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${databaseUrl?.startsWith('postgres') ? 'PostgreSQL' : 'SQLite'}, ${seconds} s per scenario\n`);
console.log(table(rows));

// Reports and public statistics on a seeded demo year (BENCH_REPORTS=0 skips them).
if (process.env.BENCH_REPORTS !== '0') {
  const rep = await reportScenarios({ seconds, databaseUrl });
  console.log('\nReports (seeded demo year; BENCH_LARGE=1 adds 1M complaints)\n');
  console.log(timingTable(rep.timings));
  console.log('');
  console.log(table(rep.loads));
}
