// The filing scenario of `npm run bench`: residents file complaints through the real form POST
// (multipart, honeypot empty, a fresh form token per complaint rendered a minute "before", a new
// title each time, no photo) while others read public pages, both at once for BENCH_SECONDS, with the
// server's memory sampled every second. Then the per-address ceiling is shown answering 429.
// Tokens are signed here with the database's form secret (what the form's GET would hand out).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { closeDb, getDb } from '../src/server/db/index.ts';
import { openSqlite } from '../src/server/db/dialect.ts';
import { issueFormToken, newFormId } from '../src/server/complaints/form-token.ts';
import { root, rssMiB, startPortal, table, type LoadResult } from './lib.ts';

const BOUNDARY = '----suarawargabench';

function multipart(fields: Record<string, string>): string {
  const parts = Object.entries(fields).map(([k, v]) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
  // An empty file part, as a browser sends for a file input left empty.
  parts.push(
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="photos"; filename=""\r\nContent-Type: application/octet-stream\r\n\r\n\r\n`,
  );
  return `${parts.join('')}--${BOUNDARY}--\r\n`;
}

/** Form tokens as the form's first render hands them out, one per complaint, a minute old. */
async function formTokens(dbUrl: string, n: number): Promise<string[]> {
  process.env.DATABASE_URL = dbUrl;
  const tokens: string[] = [];
  for (let i = 0; i < n; i++)
    tokens.push(await issueFormToken(getDb(), { formId: newFormId(), deviceId: newFormId(), issuedAt: Date.now() - 60_000 }));
  await closeDb();
  return tokens;
}

function complaintBody(n: number, token: string): string {
  return multipart({
    form_token: token,
    website: '',
    category: 'pencemaran',
    title: `Uji beban ${n}: bau limbah dari saluran`,
    description: 'Setiap sore bau limbah menyengat dari saluran di belakang pabrik tahu.',
    kecamatan: '16.71.01',
    kelurahan: '16.71.01.1001',
    address: 'Jl. Contoh No. 1',
    privacy: 'public',
    name: '',
    email: '',
    phone: '',
  });
}

function filingRequests(url: string, tokens: string[]): autocannon.Options['requests'] {
  let n = 0;
  return [
    {
      method: 'POST',
      path: '/complaints/new',
      headers: { origin: url, 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
      setupRequest: (req) => ({ ...req, body: complaintBody(++n, tokens[n % tokens.length]!) }),
    },
  ];
}

function summarize(name: string, r: autocannon.Result, expected: number[], rss?: number[]): LoadResult {
  const statusCounts: Record<string, number> = {};
  for (const [k, v] of Object.entries(r.statusCodeStats ?? {})) statusCounts[k] = (v as { count: number }).count;
  const unexpected = Object.entries(statusCounts)
    .filter(([k]) => !expected.includes(Number(k)))
    .reduce((s, [, v]) => s + v, 0);
  return {
    name,
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors + r.timeouts + unexpected,
    non2xx: r.non2xx,
    statusCounts,
    rssStart: rss?.[0],
    rssEnd: rss?.at(-1),
    rssMax: rss?.length ? Math.max(...rss) : undefined,
  };
}

/** Memory "keeps growing" when the last quarter's mean RSS is clearly above the third quarter's. */
export function memoryKeepsGrowing(samples: number[]): { growing: boolean; q3: number; q4: number } {
  const half = samples.slice(Math.floor(samples.length / 2));
  const mid = Math.floor(half.length / 2);
  const mean = (a: number[]) => a.reduce((s, x) => s + x, 0) / Math.max(1, a.length);
  const q3 = mean(half.slice(0, mid));
  const q4 = mean(half.slice(mid));
  return { growing: half.length >= 4 && q4 - q3 > Math.max(8, q3 * 0.05), q3, q4 };
}

export interface FilingOutcome {
  rows: LoadResult[];
  problems: string[];
}

export async function filingScenario(dbUrl: string, uploadDir: string, seconds: number): Promise<FilingOutcome> {
  const problems: string[] = [];
  const rows: LoadResult[] = [];
  const portal = await startPortal({
    DATABASE_URL: dbUrl,
    UPLOAD_DIR: uploadDir,
    COMPLAINTS_PER_HOUR: '100000000',
    COMPLAINTS_PER_ADDRESS_HOUR: '100000000',
  });
  // Enough distinct forms for the run (a reused token would only repeat its first receipt).
  const tokens = await formTokens(dbUrl, Math.max(2000, seconds * 400));
  try {
    // One complaint to read back among the public pages.
    const first = await fetch(`${portal.url}/complaints/new`, {
      method: 'POST',
      redirect: 'manual',
      headers: { origin: portal.url, 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
      body: complaintBody(0, tokens[0]!),
    });
    if (first.status !== 303) throw new Error(`filing form answered ${first.status}, not 303`);
    const list = await (await fetch(`${portal.url}/complaints`)).text();
    const code = /\/complaints\/([A-Z]+-\d\d-[A-Z0-9]+)/.exec(list)?.[1];
    const readPaths = ['/', '/complaints', '/consultations', '/statistics', '/track', ...(code ? [`/complaints/${code}`] : [])];

    const rss: number[] = [rssMiB(portal.pid)];
    const sampler = setInterval(() => rss.push(rssMiB(portal.pid)), 1000);
    const [filing, reading] = await Promise.all([
      autocannon({ url: portal.url, connections: 4, duration: seconds, requests: filingRequests(portal.url, tokens.slice(1)) }),
      autocannon({
        url: portal.url,
        connections: 8,
        duration: seconds,
        requests: readPaths.map((path) => ({ method: 'GET' as const, path })),
      }),
    ]);
    clearInterval(sampler);
    rss.push(rssMiB(portal.pid));
    rows.push(summarize('portal: filing complaints (form POST → 303), concurrently with ↓', filing, [303], rss));
    rows.push(summarize(`portal: reading ${readPaths.length} public pages, concurrently with ↑`, reading, [200], rss));
    for (const r of rows)
      if (r.errors) problems.push(`${r.name}: ${r.errors} errors or unexpected statuses ${JSON.stringify(r.statusCounts)}`);
    const mem = memoryKeepsGrowing(rss);
    if (mem.growing) problems.push(`memory keeps growing over the last half: ${mem.q3.toFixed(0)} → ${mem.q4.toFixed(0)} MiB`);
    console.log(
      `filing scenario: ${filing.requests.total} complaints filed, ${reading.requests.total} pages read; RSS last half ${mem.q3.toFixed(0)} → ${mem.q4.toFixed(0)} MiB`,
    );
  } finally {
    await portal.stop();
  }

  // The ceiling is real: with COMPLAINTS_PER_ADDRESS_HOUR=5, the sixth complaint from one address gets 429.
  const limited = await startPortal({ DATABASE_URL: dbUrl, UPLOAD_DIR: uploadDir, COMPLAINTS_PER_ADDRESS_HOUR: '5' });
  const fresh = await formTokens(dbUrl, 20);
  try {
    // A fresh hour for the loopback address (the run above counted against the same key).
    process.env.DATABASE_URL = dbUrl;
    await getDb().deleteFrom('rate_limits').where('key', 'like', 'complaint.%').execute();
    await closeDb();
    const r = await autocannon({ url: limited.url, connections: 1, amount: 20, requests: filingRequests(limited.url, fresh) });
    const row = summarize('portal: filing with COMPLAINTS_PER_ADDRESS_HOUR=5 (20 requests)', r, [303, 429]);
    rows.push(row);
    if (row.statusCounts['303'] !== 5 || row.statusCounts['429'] !== 15)
      problems.push(`COMPLAINTS_PER_ADDRESS_HOUR=5: expected 5 × 303 then 15 × 429, got ${JSON.stringify(row.statusCounts)}`);
  } finally {
    await limited.stop();
  }
  return { rows, problems };
}

export interface ThroughputOutcome {
  rows: LoadResult[];
  /** Filings per second: over HTTP, and the raw better-sqlite3 loops (null on PostgreSQL). */
  http: number;
  rawEach: number | null;
  rawHundred: number | null;
  problems: string[];
}

/**
 * The rows one web filing writes (five rate-limit upserts, the complaint, its form claim, its submit event,
 * its audit row; the rollup triggers fire as for the portal), written with prepared statements straight
 * through better-sqlite3 on a copy of the database, `perCommit` filings per transaction. Returns filings/s.
 */
export function rawFilingLoop(file: string, filings: number, perCommit: number): number {
  const conn = openSqlite(file);
  try {
    const one = <T>(q: string) => conn.prepare(q).get() as T;
    const complaint = one<Record<string, unknown>>('select * from complaints order by id desc limit 1');
    const claim = one<Record<string, unknown>>(`select * from complaint_filings where complaint_id = ${Number(complaint.id)}`);
    const event = one<Record<string, unknown>>(`select * from complaint_events where complaint_id = ${Number(complaint.id)} limit 1`);
    const audit = one<Record<string, unknown>>(`select * from audit_log where object_id = '${String(complaint.code)}' limit 1`);
    const insert = (table: string, row: Record<string, unknown>) => {
      const cols = Object.keys(row).filter((c) => c !== 'id');
      return conn.prepare(`insert into ${table} (${cols.join(', ')}) values (${cols.map((c) => `@${c}`).join(', ')})`);
    };
    const strip = (row: Record<string, unknown>) => Object.fromEntries(Object.entries(row).filter(([c]) => c !== 'id'));
    const insComplaint = insert('complaints', complaint);
    const insClaim = insert('complaint_filings', claim);
    const insEvent = insert('complaint_events', event);
    const insAudit = insert('audit_log', audit);
    const upsert = conn.prepare(
      `insert into rate_limits (key, window_start, points) values (?, ?, 1) on conflict (key) do update set
       points = case when rate_limits.window_start <= ? then 1 else rate_limits.points + 1 end,
       window_start = case when rate_limits.window_start <= ? then ? else rate_limits.window_start end returning points`,
    );
    const fileOne = (n: number) => {
      const t = Date.now();
      for (const k of ['a.device', 'a.ip', 'c.device', 'c.ip', 'x.extra'])
        upsert.get(`raw.${k}:${n % 50}`, t, t - 3_600_000, t - 3_600_000, t);
      const code = `RAW-${perCommit}-${n}`;
      const id = Number(insComplaint.run({ ...strip(complaint), code, title: `Raw ${n}` }).lastInsertRowid);
      insClaim.run({ ...strip(claim), form_id: `raw${perCommit}x${n}`, complaint_id: id });
      insEvent.run({ ...strip(event), complaint_id: id });
      insAudit.run({ ...strip(audit), object_id: code });
    };
    const batch = conn.transaction((from: number, to: number) => {
      for (let n = from; n < to; n++) fileOne(n);
    });
    const started = performance.now();
    for (let n = 0; n < filings; n += perCommit) batch(n, Math.min(filings, n + perCommit));
    return filings / ((performance.now() - started) / 1000);
  } finally {
    conn.close();
  }
}

function copyDb(from: string, to: string): void {
  const conn = openSqlite(from);
  conn.pragma('wal_checkpoint(TRUNCATE)');
  conn.close();
  fs.copyFileSync(from, to);
}

/**
 * Filing alone at high concurrency (the form POST → 303, FILING_CONNECTIONS at once), against the raw
 * better-sqlite3 loop writing the same rows measured in the same run: one commit per filing (what the
 * disk allows per-request transactions) and 100 filings per commit (what grouping can approach).
 */
export async function filingThroughput(dbUrl: string, uploadDir: string, seconds: number, connections = 64): Promise<ThroughputOutcome> {
  const problems: string[] = [];
  const portal = await startPortal({
    DATABASE_URL: dbUrl,
    UPLOAD_DIR: uploadDir,
    COMPLAINTS_PER_HOUR: '100000000',
    COMPLAINTS_PER_ADDRESS_HOUR: '100000000',
  });
  const tokens = await formTokens(dbUrl, Math.max(5000, seconds * 1500));
  let row: LoadResult;
  try {
    const r = await autocannon({ url: portal.url, connections, duration: seconds, requests: filingRequests(portal.url, tokens) });
    row = summarize(`portal: filing only, ${connections} connections (form POST → 303)`, r, [303]);
    if (row.errors) problems.push(`${row.name}: ${row.errors} errors or unexpected statuses ${JSON.stringify(row.statusCounts)}`);
  } finally {
    await portal.stop();
  }
  const out: ThroughputOutcome = { rows: [row], http: row.rps, rawEach: null, rawHundred: null, problems };
  if (dbUrl.startsWith('postgres')) return out;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-raw-'));
  try {
    copyDb(dbUrl, path.join(dir, 'each.db'));
    copyDb(dbUrl, path.join(dir, 'hundred.db'));
    out.rawEach = rawFilingLoop(path.join(dir, 'each.db'), 3000, 1);
    out.rawHundred = rawFilingLoop(path.join(dir, 'hundred.db'), 20000, 100);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

export function throughputReport(t: ThroughputOutcome): string {
  const f = (n: number) => n.toFixed(0);
  if (t.rawEach === null || t.rawHundred === null) return `filing only over HTTP: ${f(t.http)} filings/s`;
  return [
    `filing only over HTTP:                          ${f(t.http)} filings/s`,
    `raw better-sqlite3, same rows, 1 per commit:    ${f(t.rawEach)} filings/s  (HTTP is ${(t.http / t.rawEach).toFixed(2)}×)`,
    `raw better-sqlite3, same rows, 100 per commit:  ${f(t.rawHundred)} filings/s  (HTTP is ${(t.http / t.rawHundred).toFixed(2)}×)`,
  ].join('\n');
}

// `node bench/filing.ts`: only the filing throughput, on a fresh migrated SQLite file (the site built first).
if (import.meta.main) {
  const seconds = Number(process.env.BENCH_SECONDS ?? 20);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-bench-filing-'));
  try {
    const dbUrl = path.join(dir, 'bench.db');
    execFileSync(process.execPath, [path.join(root, 'src/cli/index.ts'), 'migrate'], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: dbUrl },
      stdio: 'ignore',
    });
    const t = await filingThroughput(dbUrl, path.join(dir, 'uploads'), seconds, Number(process.env.FILING_CONNECTIONS ?? 64));
    console.log(table(t.rows));
    console.log(throughputReport(t));
    if (t.problems.length) {
      console.log(`FAILED:\n  ${t.problems.join('\n  ')}`);
      process.exitCode = 1;
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
