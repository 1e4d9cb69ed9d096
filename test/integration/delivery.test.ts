// Outbox delivery through a real SMTP server on loopback: sent once, retried with back-off, leases;
// servers that keep us waiting or refuse hold up only their own message.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDb } from '../../src/server/db/index.ts';
import {
  backoffMs,
  deliverOutbox,
  deliveryTimings,
  leaseBatch,
  MAX_ATTEMPTS,
  scrubError,
  smtpMailer,
} from '../../src/server/notifications/delivery.ts';
import { enqueueEmail } from '../../src/server/notifications/outbox.ts';
import { createTestDb, dialectName, type TestDb } from '../support/db.ts';
import { freePort } from '../support/server.ts';
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

async function until(done: () => boolean, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

const outboxRow = (to: string) => t.db.selectFrom('outbox').selectAll().where('recipient', '=', to).executeTakeFirstOrThrow();

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
    await enqueueEmail(t.db, {
      to: 'x@example.test',
      subject: 'S',
      text: 'Buka [tautan reset]',
      secretLink: 'https://portal.example/password/reset?token=rahasia-sekali',
      topic: 'auth.password_reset',
    });
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
      await enqueueEmail(t.db, {
        to: 'rina@example.test',
        subject: 'Atur ulang',
        text: 'Buka [tautan reset] dalam 30 menit.',
        secretLink: 'https://portal.example/password/reset?token=abc-123',
        topic: 'auth.password_reset',
      });
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

  it('keeps the SMTP waits and the whole send inside the message lease', () => {
    for (const wait of [500, 10_000, 120_000]) {
      const d = deliveryTimings(wait);
      expect(d.waitMs).toBe(wait);
      expect(d.sendDeadlineMs).toBeGreaterThanOrEqual(wait);
      expect(d.leaseMs).toBeGreaterThan(d.sendDeadlineMs);
    }
  });

  it('a server that keeps one message waiting: cut off and retried later, never sent by a second server meanwhile, the others delivered', async () => {
    const slow = 'lambat@example.test';
    const smtp = await startSmtp({ holdRecipient: (a) => a === slow });
    const others = Array.from({ length: 6 }, (_, i) => `warga${i}@example.test`);
    const mailer = smtpMailer(smtp.url, FROM, undefined, 3_000);
    try {
      for (const to of [slow, ...others]) await enqueueEmail(t.db, { to, subject: 'S', text: 'T', topic: 'test' });
      const t0 = new Date();
      const roundA = deliverOutbox(t.db, mailer, { now: t0, owner: 'server-a' });
      await until(() => smtp.events.includes(`held:${slow}`));
      // A second server runs its round while the first waits on the slow message.
      const b = await deliverOutbox(t.db, mailer, { owner: 'server-b' });
      const a = await roundA;
      expect({ sent: a.sent + b.sent, retried: a.retried + b.retried, failed: a.failed + b.failed }).toEqual({
        sent: 6,
        retried: 1,
        failed: 0,
      });
      expect(b.retried).toBe(0);
      // Every other message was accepted while the slow one was still waiting for its reply.
      await until(() => smtp.events.includes(`gave-up:${slow}`));
      const gaveUp = smtp.events.indexOf(`gave-up:${slow}`);
      expect(gaveUp).toBeGreaterThan(-1);
      for (const to of others) expect(smtp.events.indexOf(`accepted:${to}`)).toBeLessThan(gaveUp);
      const row = await outboxRow(slow);
      expect(row).toMatchObject({ attempts: 1, sent_at: null, failed_at: null, lease_owner: null });
      expect(Number(row.available_at)).toBe(t0.getTime() + backoffMs(1));
      expect(row.last_error).toMatch(/timeout|abort/i);

      // The server answers again: after the back-off the message goes, once.
      smtp.release();
      expect(await deliverOutbox(t.db, mailer, { now: new Date(t0.getTime() + backoffMs(1)) })).toEqual({ sent: 1, retried: 0, failed: 0 });
      expect(smtp.received.filter((m) => m.to[0] === slow)).toHaveLength(1);
      expect(smtp.received).toHaveLength(7);
    } finally {
      mailer.transport.close();
      await smtp.stop();
    }
  });

  it('a send that outlasts its deadline is given up and retried, however slowly the server trickles', async () => {
    await enqueueEmail(t.db, { to: 'x@example.test', subject: 'S', text: 'T', topic: 'test' });
    // Stands for a server whose every reply comes just inside the socket timeout: only the deadline ends it.
    const trickling = {
      timeoutMs: 100,
      send: (_m: unknown, signal?: AbortSignal) =>
        new Promise<void>((_resolve, reject) =>
          signal?.addEventListener('abort', () => reject(new Error('send aborted after its deadline'))),
        ),
    };
    expect(await deliverOutbox(t.db, trickling)).toEqual({ sent: 0, retried: 1, failed: 0 });
    expect((await outboxRow('x@example.test')).last_error).toBe('send aborted after its deadline');
  });

  it('a refused recipient (5xx) is retried with back-off and marked failed after the last attempt, the others delivered', async () => {
    const refused = 'tidakada@example.test';
    const smtp = await startSmtp({ refuse: (a) => (a === refused ? '550 5.1.1 mailbox unavailable' : undefined) });
    const mailer = smtpMailer(smtp.url, FROM, undefined, 2_000);
    try {
      for (const to of [refused, 'a@example.test', 'b@example.test', 'c@example.test'])
        await enqueueEmail(t.db, { to, subject: 'S', text: 'T', topic: 'test' });
      let now = Date.now();
      expect(await deliverOutbox(t.db, mailer, { now: new Date(now) })).toEqual({ sent: 3, retried: 1, failed: 0 });
      let row = await outboxRow(refused);
      expect(Number(row.available_at)).toBe(now + backoffMs(1));
      expect(row.last_error).toContain('550');
      expect(row.last_error).not.toContain(refused);
      for (let i = 2; i <= MAX_ATTEMPTS; i++) {
        now += backoffMs(i - 1);
        const r = await deliverOutbox(t.db, mailer, { now: new Date(now) });
        expect(r).toEqual(i < MAX_ATTEMPTS ? { sent: 0, retried: 1, failed: 0 } : { sent: 0, retried: 0, failed: 1 });
      }
      row = await outboxRow(refused);
      expect(row.attempts).toBe(MAX_ATTEMPTS);
      expect(row.failed_at).not.toBeNull();
      // Failed for good: later rounds leave it alone.
      expect(await deliverOutbox(t.db, mailer, { now: new Date(now + 24 * 3600_000) })).toEqual({ sent: 0, retried: 0, failed: 0 });
      expect(smtp.received.map((m) => m.to[0]).sort()).toEqual(['a@example.test', 'b@example.test', 'c@example.test']);
    } finally {
      mailer.transport.close();
      await smtp.stop();
    }
  });

  it('a server that refuses connections: every message retried with back-off, none lost', async () => {
    const mailer = smtpMailer(`smtp://127.0.0.1:${await freePort()}`, FROM, undefined, 2_000);
    for (const to of ['a@example.test', 'b@example.test', 'c@example.test'])
      await enqueueEmail(t.db, { to, subject: 'S', text: 'T', topic: 'test' });
    const now = Date.now();
    expect(await deliverOutbox(t.db, mailer, { now: new Date(now) })).toEqual({ sent: 0, retried: 3, failed: 0 });
    const rows = await t.db.selectFrom('outbox').selectAll().execute();
    for (const row of rows) {
      expect(row).toMatchObject({ attempts: 1, sent_at: null, failed_at: null, lease_owner: null });
      expect(Number(row.available_at)).toBe(now + backoffMs(1));
      expect(row.last_error).toMatch(/ECONNREFUSED/);
    }
    mailer.transport.close();
  });
});
