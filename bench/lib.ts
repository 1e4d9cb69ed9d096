// Shared pieces of the benchmarks: start the built server on loopback, load it with autocannon,
// sample its memory, and run a bare node:http server returning the same bytes as the baseline.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import autocannon from 'autocannon';

export const root = path.resolve(import.meta.dirname, '..');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

export interface Server {
  url: string;
  pid: number;
  child: ChildProcess;
  stop(): Promise<void>;
}

export async function startPortal(env: Record<string, string>): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(root, 'src/server.ts')], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'silent', ...env, HOST: '127.0.0.1', PORT: String(port) },
    stdio: 'ignore',
  });
  const killer = setTimeout(() => child.kill('SIGKILL'), 30 * 60_000);
  killer.unref();
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (
      await fetch(`${url}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (i > 200 || child.exitCode !== null) throw new Error('portal did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    pid: child.pid!,
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        clearTimeout(killer);
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** A node:http server that answers every request with the given bytes and headers. */
export async function startBare(body: Buffer, headers: Record<string, string>): Promise<{ url: string; stop(): Promise<void> }> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { ...headers, 'content-length': String(body.length) });
    res.end(body);
  });
  const port = await freePort();
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${port}`, stop: () => new Promise<void>((r) => server.close(() => r())) };
}

/** Resident memory of a process in MiB (Linux /proc). */
export function rssMiB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

export interface LoadResult {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  statusCounts: Record<string, number>;
  rssStart?: number;
  rssEnd?: number;
  rssMax?: number;
}

export async function load(name: string, opts: autocannon.Options, pid?: number): Promise<LoadResult> {
  const samples: number[] = [];
  const sampler = pid ? setInterval(() => samples.push(rssMiB(pid)), 1000) : undefined;
  if (pid) samples.push(rssMiB(pid));
  const r = await autocannon({ connections: 10, duration: 10, ...opts });
  if (sampler) clearInterval(sampler);
  if (pid) samples.push(rssMiB(pid));
  const statusCounts: Record<string, number> = {};
  for (const [k, v] of Object.entries(r.statusCodeStats ?? {})) statusCounts[k] = (v as { count: number }).count;
  return {
    name,
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
    statusCounts,
    rssStart: samples[0],
    rssEnd: samples.at(-1),
    rssMax: samples.length ? Math.max(...samples) : undefined,
  };
}

export function table(rows: LoadResult[]): string {
  const head = ['scenario', 'req/s', 'P50 ms', 'P99 ms', 'errors', 'non-2xx', 'RSS start→end (max) MiB'];
  const lines = rows.map((r) => [
    r.name,
    r.rps.toFixed(0),
    r.p50.toFixed(1),
    r.p99.toFixed(1),
    String(r.errors),
    r.non2xx ? `${r.non2xx} ${JSON.stringify(r.statusCounts)}` : '0',
    r.rssStart === undefined ? '–' : `${r.rssStart.toFixed(0)}→${r.rssEnd!.toFixed(0)} (${r.rssMax!.toFixed(0)})`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [fmt(head), fmt(widths.map((w) => '-'.repeat(w))), ...lines.map(fmt)].join('\n');
}
