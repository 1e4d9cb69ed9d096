// The notification outbox: enqueue inside transactions, once per dedupe key.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueEmail } from '../../src/server/notifications/outbox.ts';
import { createTestDb, dialectName, type TestDb } from '../support/db.ts';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb({ reference: false });
});
afterAll(async () => t?.cleanup());

describe(`outbox (${dialectName})`, () => {
  it('enqueues an email once per dedupe key', async () => {
    const m = { to: 'warga@example.test', subject: 'S', text: 'T', topic: 'test', dedupeKey: 'test:1' };
    expect(await enqueueEmail(t.db, m)).toBe(true);
    expect(await enqueueEmail(t.db, m)).toBe(false);
    expect(await enqueueEmail(t.db, { ...m, dedupeKey: undefined })).toBe(true);
    expect(await enqueueEmail(t.db, { ...m, dedupeKey: undefined })).toBe(true);
    const rows = await t.db.selectFrom('outbox').select(['recipient', 'sent_at']).execute();
    expect(rows).toHaveLength(3);
    expect(rows.every((r) => r.sent_at === null)).toBe(true);
  });
});
