// Outbox delivery through a real SMTP server on loopback: sent once, retried with back-off, leases.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDb } from '../../src/server/db/index.ts';
import { backoffMs, deliverOutbox, leaseBatch, MAX_ATTEMPTS, scrubError, smtpMailer } from '../../src/server/notifications/delivery.ts';
import { enqueueEmail } from '../../src/server/notifications/outbox.ts';
import { createTestDb, dialectName, type TestDb } from '../support/db.ts';
import { startSmtp } from '../support/smtp.ts';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb({ reference: false });
});
afterAll(async () => t?.cleanup());
beforeEach(async () => {
  await t.db.deleteFrom('outbox').execute();
});

const FROM = 'Suara Warga <no-reply@example.test>';

describe(`outbox delivery (${dialectName})`, () => {
  it('delivers each message once with its subject and text', async () => {
    const smtp = await startSmtp();
    try {
      await enqueueEmail(t.db, { to: 'siti@example.test', subject: 'Pengaduan Anda dijawab', text: 'Kode PLG-26-ABCDEF', topic: 'test' });
      await enqueueEmail(t.db, { to: 'budi@example.test', subject: 'Halo', text: 'Isi', topic: 'test' });
      const mailer = smtpMailer(smtp.url, FROM);
      expect(await deliverOutbox(t.db, mailer)).toEqual({ sent: 2, retried: 0, failed: 0 });
      expect(await deliverOutbox(t.db, mailer)).toEqual({ sent: 0, retried: 0, failed: 0 });
      expect(smtp.received.map((m) => m.to[0]).sort()).toEqual(['budi@example.test', 'siti@example.test']);
      const siti = smtp.received.find((m) => m.to[0] === 'siti@example.test')!;
      expect(siti.raw).toContain('Subject: Pengaduan Anda dijawab');
      expect(siti.raw).toContain('PLG-26-ABCDEF');
      expect(siti.raw).toMatch(/Message-ID: <outbox-\d+@/i);
      mailer.transport.close();
    } finally {
      await smtp.stop();
    }
  });

  it('retries a temporary failure after a back-off, without the address in the stored error', async () => {
    const smtp = await startSmtp({ failFirst: 1 });
    try {
      await enqueueEmail(t.db, { to: 'rina@example.test', subject: 'S', text: 'T', topic: 'test' });
      const mailer = smtpMailer(smtp.url, FROM);
      const t0 = new Date();
      expect(await deliverOutbox(t.db, mailer, { now: t0 })).toEqual({ sent: 0, retried: 1, failed: 0 });
      const row = await t.db.selectFrom('outbox').selectAll().executeTakeFirstOrThrow();
      expect(row.attempts).toBe(1);
      expect(row.last_error).not.toContain('rina@example.test');
      // Not due yet: nothing happens until the back-off has passed.
      expect(await deliverOutbox(t.db, mailer, { now: new Date(t0.getTime() + 1000) })).toEqual({ sent: 0, retried: 0, failed: 0 });
      expect(await deliverOutbox(t.db, mailer, { now: new Date(t0.getTime() + backoffMs(1)) })).toEqual({ sent: 1, retried: 0, failed: 0 });
      expect(smtp.received).toHaveLength(1);
      mailer.transport.close();
    } finally {
      await smtp.stop();
    }
  });

  it('gives up after the maximum attempts, and drops a secret link it never sent', async () => {
    await enqueueEmail(t.db, { to: 'x@example.test', subject: 'S', text: 'Buka [tautan reset]', secretLink: 'https://portal.example/password/reset?token=rahasia-sekali', topic: 'auth.password_reset' });
    const broken = { send: async () => Promise.reject(new Error('550 no such user x@example.test')) };
    let now = Date.now();
    for (let i = 1; i < MAX_ATTEMPTS; i++) {
      expect((await deliverOutbox(t.db, broken, { now: new Date(now) })).retried).toBe(1);
      now += backoffMs(i);
    }
    expect((await deliverOutbox(t.db, broken, { now: new Date(now) })).failed).toBe(1);
    const row = await t.db.selectFrom('outbox').selectAll().executeTakeFirstOrThrow();
    expect(row.failed_at).not.toBeNull();
    expect(row.last_error).toBe('550 no such user [address]');
    expect(JSON.stringify(row)).not.toContain('rahasia-sekali');
  });

  it('puts a secret link into the text at send time only, and keeps no copy once sent', async () => {
    const smtp = await startSmtp();
    try {
      await enqueueEmail(t.db, { to: 'rina@example.test', subject: 'Atur ulang', text: 'Buka [tautan reset] dalam 30 menit.', secretLink: 'https://portal.example/password/reset?token=abc-123', topic: 'auth.password_reset' });
      const stored = await t.db.selectFrom('outbox').select('body_text').executeTakeFirstOrThrow();
      expect(stored.body_text).toBe('Buka [tautan reset] dalam 30 menit.');
      expect(await deliverOutbox(t.db, smtpMailer(smtp.url, FROM))).toMatchObject({ sent: 1 });
      expect(smtp.received[0]!.raw).toContain('https://portal.example/password/reset?token=abc-123');
      const row = await t.db.selectFrom('outbox').selectAll().executeTakeFirstOrThrow();
      expect(JSON.stringify(row)).not.toContain('abc-123');
    } finally {
      await smtp.stop();
    }
  });

  it('two servers leasing at once never take the same message', async () => {
    for (let i = 0; i < 30; i++) await enqueueEmail(t.db, { to: `w${i}@example.test`, subject: 'S', text: 'T', topic: 'test' });
    const other = createDb(t.target);
    try {
      const now = new Date();
      // PostgreSQL: truly concurrent. SQLite serialises writers (BEGIN IMMEDIATE), and two connections
      // in one process would only block each other's event loop, so there the second server leases after the first.
      const [a, b] =
        dialectName === 'postgres'
          ? await Promise.all([leaseBatch(t.db, 'server-a', now, 20), leaseBatch(other.db, 'server-b', now, 20)])
          : [await leaseBatch(t.db, 'server-a', now, 20), await leaseBatch(other.db, 'server-b', now, 20)];
      expect(a.length).toBeGreaterThan(0);
      expect(b.length).toBeGreaterThan(0);
      const ids = [...a, ...b].map((m) => m.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.length).toBe(30);
    } finally {
      await other.db.destroy();
    }
  });

  it('scrubs addresses from errors', () => {
    expect(scrubError(new Error('550 <a.b@c.id> unknown'))).toBe('550 <[address]> unknown');
  });
});
