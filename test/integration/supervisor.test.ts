// `npm start` keeps the portal running: the server or the worker process killed outright (an
// out-of-memory kill, a crash) is started again by the supervisor, the portal answers again, and
// SIGTERM still stops everything with exit 0. Runs on SQLite (the supervisor does not depend on
// the database; start.test.ts covers the first start).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dialectName } from '../support/db.ts';
import { freePort } from '../support/server.ts';

const root = path.resolve(import.meta.dirname, '../..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe.runIf(dialectName === 'sqlite')('npm start supervises the server and the worker', () => {
  it('starts a killed server or worker again, and still stops cleanly on SIGTERM', { timeout: 90_000 }, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-supervise-'));
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const child = spawn(process.execPath, [path.join(root, 'scripts/start.ts')], {
      cwd: root,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        LOG_LEVEL: 'info',
        DATABASE_URL: path.join(dir, 'portal.db'),
        HOST: '127.0.0.1',
        PORT: String(port),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const kill = setTimeout(() => child.kill('SIGKILL'), 80_000);
    /** The pids the supervisor started for one process, in order (from its log). */
    const pids = (name: string): number[] =>
      out
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as { msg?: string; process?: string; pid?: number })
        .filter((l) => l.msg === `${name} process started` && l.process === name)
        .map((l) => l.pid!);
    const healthy = () =>
      fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) }).then(
        (r) => r.ok,
        () => false,
      );
    const until = async (what: string, ok: () => boolean | Promise<boolean>, ms = 20_000) => {
      const started = Date.now();
      while (!(await ok())) {
        if (child.exitCode !== null) throw new Error(`npm start exited (${child.exitCode}) waiting for ${what}:\n${out}`);
        if (Date.now() - started > ms) throw new Error(`no ${what} within ${ms} ms:\n${out}`);
        await sleep(100);
      }
    };
    const workerStarts = () => out.split('\n').filter((l) => l.includes('"msg":"worker started"')).length;
    let allPids: number[] = [];
    try {
      await until('first start', async () => (await healthy()) && workerStarts() === 1 && pids('server').length === 1);
      const [server1] = pids('server');
      const [worker1] = pids('worker');
      expect(server1).not.toBe(child.pid);

      process.kill(server1!, 'SIGKILL');
      await until('server restart', async () => pids('server').length === 2 && (await healthy()));
      expect(alive(server1!)).toBe(false);
      expect(pids('worker')).toEqual([worker1]); // the worker was left alone

      process.kill(worker1!, 'SIGKILL');
      await until('worker restart', () => pids('worker').length === 2 && workerStarts() === 2);
      expect(await healthy()).toBe(true);
      expect(out).toContain('server stopped; starting it again');
      expect(out).toContain('worker stopped; starting it again');

      allPids = [...pids('server'), ...pids('worker')];
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(allPids.filter(alive), 'children left running').toEqual([]);
    } finally {
      clearTimeout(kill);
      child.kill('SIGKILL');
      for (const pid of allPids.length ? allPids : [...pids('server'), ...pids('worker')]) if (alive(pid)) process.kill(pid, 'SIGKILL');
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
