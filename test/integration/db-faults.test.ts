// Database faults while the portal is in use (PostgreSQL only; an embedded SQLite file cannot drop a
// connection). The built server and a worker reach PostgreSQL through a small TCP proxy, tagged with
// their own application_name so that only their backends are ever terminated (the PostgreSQL
// service is shared and never restarted).
//  - Backends terminated (and the network cut) while residents file complaints: the server and the
//    worker stay up, every complaint that got its receipt is stored, and filing works afterwards.
//  - The network stalls (the proxy stops forwarding, sockets stay open): /healthz answers 503 within
//    its timeout, pages answer the 503 page within the statement timeout, and once the network
//    flows again the portal answers normally without a restart.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { complaintFields, formToken, postComplaint, tokenIn } from '../support/complaints.ts';
import { createTestDb, dialectName, TEST_DATABASE_URL, type TestDb } from '../support/db.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.ts';
import { createTestUser, sessionCookie } from '../support/users.ts';

const root = path.resolve(import.meta.dirname, '../..');
const STATEMENT_TIMEOUT_MS = 3_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(dialectName !== 'postgres')('PostgreSQL faults under load (skipped on SQLite: there is no connection to lose)', () => {
  const appName = `sw-faults-${randomBytes(4).toString('hex')}`;
  let db: TestDb;
  let proxy: TcpProxy;
  let server: RunningServer;
  let worker: ChildProcess;
  let workerOut = '';
  let admin: pg.Client;
  let uploadDir: string;

  beforeAll(async () => {
    db = await createTestDb();
    uploadDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-faults-'));
    const direct = new URL(db.url);
    proxy = await startTcpProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
    const viaProxy = new URL(db.url);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    viaProxy.searchParams.set('application_name', appName);
    const env = {
      DATABASE_URL: viaProxy.toString(),
      UPLOAD_DIR: uploadDir,
      COMPLAINT_MIN_FILL_SECONDS: '0',
      COMPLAINTS_PER_HOUR: '1000000',
      // Four filers from one address file hundreds a minute on a fast machine: not what this test is about.
      COMPLAINTS_PER_ADDRESS_HOUR: '1000000',
      DB_STATEMENT_TIMEOUT_MS: String(STATEMENT_TIMEOUT_MS),
      DB_CONNECT_TIMEOUT_MS: '2000',
      DB_HEALTH_TIMEOUT_MS: '2000',
    };
    server = await startServer(env, { maxLifetimeMs: 5 * 60_000 });
    const workerUrl = new URL(viaProxy);
    workerUrl.searchParams.set('application_name', `${appName}-worker`);
    worker = spawn(process.execPath, [path.join(root, 'src/worker.ts')], {
      cwd: root,
      env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'info', ...env, DATABASE_URL: workerUrl.toString() },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    worker.stdout!.on('data', (d) => (workerOut += d));
    worker.stderr!.on('data', (d) => (workerOut += d));
    setTimeout(() => worker.kill('SIGKILL'), 5 * 60_000).unref();
    for (let i = 0; !workerOut.includes('worker started'); i++) {
      if (i > 200 || worker.exitCode !== null) throw new Error(`worker did not start:\n${workerOut}`);
      await sleep(100);
    }
    admin = new pg.Client({ connectionString: TEST_DATABASE_URL, application_name: `${appName}-admin` });
    await admin.connect();
  });
  afterAll(async () => {
    proxy?.resume();
    await server?.stop('SIGKILL');
    worker?.kill('SIGKILL');
    await admin?.end();
    await proxy?.close();
    await db?.cleanup();
    if (uploadDir) fs.rmSync(uploadDir, { recursive: true, force: true });
  });

  /** Terminates the backends of the server and the worker under test (never anyone else's). */
  async function terminateOurBackends(): Promise<{ server: number; worker: number }> {
    // The function in the select list only: it runs for the rows the filter kept, nothing else.
    const r = await admin.query<{ name: string; done: boolean }>(
      `select application_name as name, pg_terminate_backend(pid) as done from pg_stat_activity where application_name in ($1, $2)`,
      [appName, `${appName}-worker`],
    );
    const n = (name: string) => r.rows.filter((row) => row.name === name && row.done).length;
    return { server: n(appName), worker: n(`${appName}-worker`) };
  }

  async function storedTitles(): Promise<Set<string>> {
    return new Set((await db.db.selectFrom('complaints').select('title').execute()).map((r) => r.title));
  }

  it(
    'loses no acknowledged complaint and stays up when its backends are terminated and the network cut mid-load',
    { timeout: 60_000 },
    async () => {
      const acknowledged: string[] = [];
      const statuses: number[] = [];
      const networkErrors: string[] = [];
      let filing = true;
      const filer = async (name: string) => {
        for (let n = 0; filing; n++) {
          const title = `${name}-${n} Jalan berlubang dekat pasar`;
          try {
            // The form first, as a browser loads it: during the fault it may itself be the 503 page.
            const form = await fetch(`${server.url}/complaints/new`);
            const html = await form.text();
            if (form.status !== 200) {
              statuses.push(form.status);
              continue;
            }
            const r = await postComplaint(server.url, { form_token: tokenIn(html), ...complaintFields({ title }) }, [], undefined);
            await r.arrayBuffer();
            statuses.push(r.status);
            if (r.status === 303) acknowledged.push(title);
          } catch (e) {
            networkErrors.push(e instanceof Error ? `${e.message} ${String(e.cause ?? '')}` : String(e));
            await sleep(200);
          }
        }
      };
      const filers = Array.from({ length: 4 }, (_, i) => filer(`f${i}`));

      await sleep(1_000);
      const terminated = { server: 0, worker: 0 };
      const terminate = async () => {
        const t = await terminateOurBackends();
        terminated.server += t.server;
        terminated.worker += t.worker;
      };
      await terminate();
      await sleep(800);
      await terminate();
      await sleep(800);
      proxy.cut();
      await sleep(800);
      await terminate();
      const afterFaults = acknowledged.length;
      await sleep(2_000);
      filing = false;
      await Promise.all(filers);

      expect(terminated.server, 'backends of the server were terminated').toBeGreaterThan(0);
      expect(terminated.worker, 'backends of the worker were terminated').toBeGreaterThan(0);
      expect(networkErrors, 'the server never dropped a request').toEqual([]);
      expect(server.child.exitCode, `server exited:\n${server.output()}`).toBeNull();
      expect(worker.exitCode, `worker exited:\n${workerOut}`).toBeNull();
      // Failures during the faults are a 5xx page, never a receipt for nothing.
      expect(statuses.filter((s) => s !== 303 && s !== 500 && s !== 503)).toEqual([]);
      const stored = await storedTitles();
      expect(
        acknowledged.filter((t) => !stored.has(t)),
        'acknowledged but lost',
      ).toEqual([]);
      // Filing went on after the faults, and works now.
      expect(acknowledged.length).toBeGreaterThan(afterFaults);
      const after = await postComplaint(server.url, complaintFields({ title: 'Setelah gangguan: lampu jalan padam' }));
      expect(after.status).toBe(303);
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    },
  );

  it(
    'answers 503 quickly while the network to PostgreSQL stalls, and recovers by itself when it flows again',
    { timeout: 90_000 },
    async () => {
      const timed = async (p: string, init: RequestInit = {}) => {
        const started = Date.now();
        const r = await fetch(`${server.url}${p}`, { ...init, signal: AbortSignal.timeout(30_000) });
        const body = await r.text();
        return { status: r.status, body, ms: Date.now() - started };
      };
      const resident = await createTestUser(db.db, { role: 'resident' });
      const cookie = await sessionCookie(db.db, resident.id);
      expect((await timed('/healthz')).status).toBe(200);
      expect((await timed('/complaints')).status).toBe(200);
      expect((await timed('/me', { headers: { cookie } })).status).toBe(200);

      const loadedBefore = await formToken(server.url);
      proxy.pause();
      try {
        const health = await timed('/healthz');
        expect(health.status).toBe(503);
        expect(JSON.parse(health.body)).toEqual({ status: 'error', database: 'postgres' });
        expect(health.ms, 'healthz bounded by its 2 s timeout').toBeLessThan(5_000);

        // Each page answers the 503 page (in Bahasa Indonesia, in the portal's layout) within the
        // statement timeout plus a margin, the first as much as those that follow.
        for (let i = 0; i < 3; i++) {
          const page = await timed('/complaints');
          expect(page.status, `page ${i}: ${page.ms} ms\n${page.body}`).toBe(503);
          expect(page.body).toContain('Layanan sedang terganggu');
          expect(page.body).toContain('rel="stylesheet"');
          expect(page.ms, `page ${i}`).toBeLessThan(STATEMENT_TIMEOUT_MS + 4_000);
        }
        // A signed-in resident sees the same page and stays signed in (the session is not judged invalid).
        const started = Date.now();
        const mine = await fetch(`${server.url}/me`, { headers: { cookie }, redirect: 'manual', signal: AbortSignal.timeout(30_000) });
        expect(mine.status).toBe(503);
        expect(await mine.text()).toContain('Layanan sedang terganggu');
        expect(Date.now() - started).toBeLessThan(STATEMENT_TIMEOUT_MS + 4_000);
        expect(mine.headers.getSetCookie().filter((c) => c.startsWith(cookie.split('=')[0]!))).toEqual([]);
        // A form loaded before the stall, sent during it.
        const filed = await postComplaint(server.url, {
          form_token: loadedBefore,
          ...complaintFields({ title: 'Selama gangguan: sampah menumpuk' }),
        });
        expect(filed.status).toBe(503);
        const again = await timed('/healthz');
        expect(again.status).toBe(503);
        expect(again.ms).toBeLessThan(5_000);
      } finally {
        proxy.resume();
      }

      // Recovery without a restart: healthz says ok again within a few seconds, and pages and filing work.
      const started = Date.now();
      for (;;) {
        const r = await timed('/healthz');
        if (r.status === 200) break;
        expect(Date.now() - started, 'recovered after the network resumed').toBeLessThan(20_000);
        await sleep(250);
      }
      expect((await timed('/complaints')).status).toBe(200);
      expect((await timed('/me', { headers: { cookie } })).status).toBe(200);
      const filed = await postComplaint(server.url, complaintFields({ title: 'Setelah gangguan jaringan: got mampet' }));
      expect(filed.status).toBe(303);
      expect(server.child.exitCode).toBeNull();
      expect(worker.exitCode, `worker exited:\n${workerOut}`).toBeNull();
    },
  );
});
