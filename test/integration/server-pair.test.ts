// Two app servers on different ports against one PostgreSQL (as behind a load balancer): a session made
// on one works on the other, login throttling and complaint rate limits count across both, and the
// receipts both servers queue are mailed once by two workers. Runs only when TEST_DATABASE_URL is
// PostgreSQL (two SQLite servers on one file are not a supported deployment).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { complaintFields, postComplaint } from '../support/complaints.ts';
import { createTestDb, dialectName, type TestDb } from '../support/db.ts';
import { cookieOf, getPage, postForm } from '../support/forms.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { startSmtp } from '../support/smtp.ts';
import { createTestUser, TEST_PASSWORD } from '../support/users.ts';

const root = path.resolve(import.meta.dirname, '../..');
const PER_HOUR = 3;

describe.runIf(dialectName === 'postgres')('two app servers, one PostgreSQL', () => {
  let db: TestDb;
  let a: RunningServer;
  let b: RunningServer;
  let uploadDir: string;

  beforeAll(async () => {
    db = await createTestDb();
    uploadDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-pair-'));
    const env = {
      DATABASE_URL: db.url,
      UPLOAD_DIR: uploadDir,
      COMPLAINT_MIN_FILL_SECONDS: '0',
      COMPLAINTS_PER_ADDRESS_HOUR: String(PER_HOUR),
    };
    [a, b] = await Promise.all([startServer(env), startServer(env)]);
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await db?.cleanup();
    if (uploadDir) fs.rmSync(uploadDir, { recursive: true, force: true });
  });

  it('runs on two different ports', () => {
    expect(a.port).not.toBe(b.port);
  });

  it('a session created by logging in on one server works on the other, and logging out on it ends it on both', async () => {
    const user = await createTestUser(db.db, { name: 'Ahmad Pasangan Server' });
    const login = await postForm(a.url, '/login', { email: user.email, password: TEST_PASSWORD });
    expect(login.status).toBe(303);
    const cookie = cookieOf(login.session!);
    const onB = await getPage(b.url, '/me', { cookie });
    expect(onB.status).toBe(200);
    expect(onB.html).toContain('Ahmad Pasangan Server');
    // Log out on B (the logout form posts to B); A no longer knows the session either.
    const out = await postForm(b.url, '/logout', {}, { cookie });
    expect(out.status).toBe(303);
    const onA = await getPage(a.url, '/me', { cookie });
    expect(onA.status).toBe(303);
    expect(onA.location).toMatch(/^\/login/);
  });

  it('five failed logins spread over both servers lock the account on both (429)', async () => {
    const victim = await createTestUser(db.db);
    for (let i = 0; i < 5; i++) {
      const server = i % 2 === 0 ? a : b;
      const r = await postForm(server.url, '/login', { email: victim.email, password: `salah-${i}-password` });
      expect(r.status, `attempt ${i + 1} on ${server === a ? 'A' : 'B'}`).toBe(422);
    }
    for (const server of [a, b]) {
      const locked = await postForm(server.url, '/login', { email: victim.email, password: TEST_PASSWORD });
      expect(locked.status).toBe(429);
      expect(locked.session).toBeUndefined();
    }
  });

  it(`the per-address complaint ceiling (${PER_HOUR} an hour from one address) counts across both servers`, async () => {
    const statuses: number[] = [];
    for (let i = 0; i < PER_HOUR + 1; i++) {
      const server = i % 2 === 0 ? a : b;
      const r = await postComplaint(server.url, complaintFields({ title: `Lampu jalan padam nomor ${i + 1}` }));
      statuses.push(r.status);
      await r.arrayBuffer();
    }
    expect(statuses).toEqual([...Array(PER_HOUR).fill(303), 429]);
    const stored = await db.db.selectFrom('complaints').select('title').where('title', 'like', 'Lampu jalan padam nomor %').execute();
    expect(stored).toHaveLength(PER_HOUR);
  });

  it('receipts queued by both servers are mailed exactly once by two workers', async () => {
    // A fresh limit window for this address (the previous test used it up).
    await db.db.deleteFrom('rate_limits').where('key', 'like', 'complaint.%').execute();
    const emails = ['rina.a@example.test', 'budi.b@example.test'];
    for (const [i, server] of [a, b].entries()) {
      const r = await postComplaint(server.url, complaintFields({ title: `Trotoar rusak di depan sekolah ${i + 1}`, email: emails[i]! }));
      expect(r.status).toBe(303);
    }
    const smtp = await startSmtp();
    const workers: ChildProcess[] = [];
    try {
      const env = { ...process.env, LOG_LEVEL: 'silent', DATABASE_URL: db.url, SMTP_URL: smtp.url };
      for (let i = 0; i < 2; i++) {
        const w = spawn(process.execPath, [path.join(root, 'src/worker.ts')], { cwd: root, env, stdio: 'ignore' });
        setTimeout(() => w.kill('SIGKILL'), 90_000).unref();
        workers.push(w);
      }
      const deadline = Date.now() + 30_000;
      while (smtp.received.length < emails.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      // Time for a duplicate to arrive, were there one.
      await new Promise((r) => setTimeout(r, 2500));
      expect(smtp.received.map((m) => m.to[0]).sort()).toEqual([...emails].sort());
    } finally {
      for (const w of workers) w.kill('SIGTERM');
      await smtp.stop();
    }
  });
});
