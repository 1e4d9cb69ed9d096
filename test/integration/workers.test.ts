// Two worker processes (as two app servers would run) deliver the same outbox: every message
// arrives exactly once; a worker killed mid-send holds delivery up for seconds, not minutes.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueEmail } from '../../src/server/notifications/outbox.ts';
import { createTestDb, dialectName, type TestDb } from '../support/db.ts';
import { startSmtp } from '../support/smtp.ts';

const root = path.resolve(import.meta.dirname, '../..');
let t: TestDb;
beforeAll(async () => {
  t = await createTestDb({ reference: false });
});
afterAll(async () => t?.cleanup());

function startWorker(env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, [path.join(root, 'src/worker.ts')], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    stdio: 'ignore',
  });
  setTimeout(() => child.kill('SIGKILL'), 120_000).unref();
  return child;
}

describe(`two workers, one outbox (${dialectName})`, () => {
  it('delivers every message exactly once', async () => {
    const smtp = await startSmtp();
    const workers: ChildProcess[] = [];
    try {
      for (let i = 0; i < 40; i++)
        await enqueueEmail(t.db, { to: `warga${i}@example.test`, subject: `Pesan ${i}`, text: 'isi', topic: 'test' });
      const env = { DATABASE_URL: t.url, SMTP_URL: smtp.url };
      workers.push(startWorker(env), startWorker(env));
      const deadline = Date.now() + 60_000;
      while (smtp.received.length < 40 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      // Give a duplicate, were there one, time to arrive.
      await new Promise((r) => setTimeout(r, 1500));
      const recipients = smtp.received.map((m) => m.to[0]);
      expect(recipients).toHaveLength(40);
      expect(new Set(recipients).size).toBe(40);
      const pending = await t.db.selectFrom('outbox').select('id').where('sent_at', 'is', null).execute();
      expect(pending).toEqual([]);
    } finally {
      for (const w of workers) w.kill('SIGTERM');
      await smtp.stop();
    }
  });

  it('a worker killed mid-send: a new worker delivers every message, once, within seconds', async () => {
    await t.db.deleteFrom('outbox').execute();
    // No greeting until released: the first worker is caught in the middle of its sends.
    const smtp = await startSmtp({ holdGreeting: true });
    const workers: ChildProcess[] = [];
    try {
      for (let i = 0; i < 10; i++)
        await enqueueEmail(t.db, { to: `mati${i}@example.test`, subject: `Pesan ${i}`, text: 'isi', topic: 'test' });
      const env = { DATABASE_URL: t.url, SMTP_URL: smtp.url, SMTP_TIMEOUT_SECONDS: '2' };
      const first = startWorker(env);
      workers.push(first);
      const waitUntil = Date.now() + 60_000;
      while (!smtp.events.includes('connected') && Date.now() < waitUntil) await new Promise((r) => setTimeout(r, 20));
      expect(smtp.events).toContain('connected');
      first.kill('SIGKILL');
      await once(first, 'exit');
      smtp.release();

      const started = Date.now();
      workers.push(startWorker(env));
      const deadline = started + 60_000;
      while (smtp.received.length < 10 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      const took = Date.now() - started;
      await new Promise((r) => setTimeout(r, 1500));
      const recipients = smtp.received.map((m) => m.to[0]);
      expect(recipients).toHaveLength(10);
      expect(new Set(recipients).size).toBe(10);
      // Before: the dead worker's job lease (60 s) and message leases (2 min) held everything up.
      expect(took).toBeLessThan(20_000);
    } finally {
      for (const w of workers) w.kill('SIGTERM');
      await smtp.stop();
    }
  }, 120_000);
});
