// `npm run bench`: load the built portal on loopback and compare with a bare node:http server that
// returns the same bytes, measured in the same run. BENCH_SECONDS sets each scenario's length.
// Scenarios: single pages, then filing complaints and reading public pages at once (bench/filing.ts) with a
// memory check, and the complaint limit answering 429. Exits non-zero when a scenario sees errors other
// than the intended 429s, or when the server's memory keeps growing over the last half of the filing run.
// Later issues add scenarios (reports at 100k/1M complaints) to this table.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { load, root, startBare, startPortal, table, type LoadResult } from './lib.ts';
import { reportScenarios, timingTable } from './reports.ts';
import { filingScenario, filingThroughput, throughputReport } from './filing.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 60);
const databaseUrl = process.env.DATABASE_URL;

if (process.env.SKIP_BUILD !== '1') {
  execFileSync(process.execPath, [path.join(root, 'node_modules/astro/bin/astro.mjs'), 'build', '--silent'], {
    cwd: root,
    stdio: 'inherit',
  });
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-bench-'));
const dbUrl = databaseUrl ?? path.join(dir, 'bench.db');
// Migrate and load the reference configuration the way `npm start` does.
execFileSync(process.execPath, [path.join(root, 'src/cli/index.ts'), 'migrate'], {
  cwd: root,
  env: { ...process.env, DATABASE_URL: dbUrl },
  stdio: 'ignore',
});
// A little demo data, so that there is a public complaint and a consultation to read.
execFileSync(process.execPath, [path.join(root, 'src/cli/index.ts'), 'seed-demo', '--complaints', '200', '--seed', '1'], {
  cwd: root,
  env: { ...process.env, DATABASE_URL: dbUrl },
  stdio: 'ignore',
});

/** The first link of the form `pattern` on a public list page (e.g. one complaint of /complaints). */
async function firstLink(url: string, pattern: RegExp): Promise<string> {
  const html = await (await fetch(url)).text();
  const m = pattern.exec(html);
  if (!m) throw new Error(`no link ${pattern} on ${url}`);
  return m[0];
}

// Reads without a key are limited per address (120 a minute by default); the bench measures the reads.
const portal = await startPortal({ DATABASE_URL: dbUrl, OPEN311_READS_PER_MINUTE: '100000000' });
const rows: LoadResult[] = [];
const problems: string[] = [];
let filingRatios = '';
try {
  const complaint = await firstLink(`${portal.url}/complaints`, /\/complaints\/[A-Z]{2,4}-\d{2}-[0-9A-Z]{6}(?=")/);
  const consultation = await firstLink(`${portal.url}/consultations`, /\/consultations\/\d+(?=")/);
  for (const [name, p] of [
    ['home page', '/'],
    ['public complaint page', complaint],
    ['consultation page', consultation],
    ['Open311 services.json', '/open311/v2/services.json'],
  ] as const) {
    const res = await fetch(portal.url + p);
    const body = Buffer.from(await res.arrayBuffer());
    rows.push(await load(`portal: ${name}`, { url: portal.url + p, duration: seconds }, portal.pid));
    const bare = await startBare(body, { 'content-type': res.headers.get('content-type') ?? 'text/html' });
    rows.push(await load(`bare node:http, same bytes`, { url: bare.url, duration: seconds }));
    await bare.stop();
    const [portalRow, bareRow] = rows.slice(-2);
    portalRow!.name += ` (${p}; ${(portalRow!.rps / bareRow!.rps).toFixed(3)}× bare)`;
  }
  const home = await fetch(portal.url + '/');
  const homeBytes = Buffer.from(await home.arrayBuffer());
  await portal.stop();

  const filing = await filingScenario(dbUrl, path.join(dir, 'uploads'), seconds);
  rows.push(...filing.rows);
  problems.push(...filing.problems);
  // Filing alone at 64 connections, against the raw better-sqlite3 loop writing the same rows (SQLite).
  const throughput = await filingThroughput(dbUrl, path.join(dir, 'uploads'), seconds);
  rows.push(...throughput.rows);
  problems.push(...throughput.problems);
  filingRatios = throughputReport(throughput);
  // The bare baseline at the same total concurrency (4 + 8 connections) as the filing + reading run.
  const bare = await startBare(homeBytes, { 'content-type': home.headers.get('content-type') ?? 'text/html' });
  rows.push(await load('bare node:http, home page bytes, 12 connections', { url: bare.url, duration: seconds, connections: 12 }));
  await bare.stop();
} finally {
  if (portal.child.exitCode === null && portal.child.signalCode === null) await portal.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}

console.log(
  `\nSuara Warga benchmark — ${new Date().toISOString()} — ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${databaseUrl?.startsWith('postgres') ? 'PostgreSQL' : 'SQLite'}, ${seconds} s per scenario\n`,
);
console.log(table(rows));
if (filingRatios) console.log(`\n${filingRatios}`);

// Reports and public statistics on a seeded demo year (BENCH_REPORTS=0 skips them).
if (process.env.BENCH_REPORTS !== '0') {
  const rep = await reportScenarios({ seconds, databaseUrl });
  console.log('\nReports (seeded demo year; BENCH_LARGE=1 adds 1M complaints)\n');
  console.log(timingTable(rep.timings));
  console.log('');
  console.log(table(rep.loads));
}

if (problems.length > 0) {
  console.log(`\nFAILED:\n  ${problems.join('\n  ')}`);
  process.exitCode = 1;
} else {
  console.log('\nNo errors other than the intended 429s; memory flat over the last half of the filing run.');
}
