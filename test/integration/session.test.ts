// Session lifecycle on the dialect under test, with a moving clock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession, invalidateSession, invalidateUserSessions, validateSessionToken } from '../../src/server/auth/session.ts';
import { createTestDb, dialectName, type TestDb } from '../support/db.ts';
import { createTestUser } from '../support/users.ts';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t?.cleanup());

const MIN = 60_000;
const limits = (role: string) =>
  role === 'resident' ? { idleMs: 7 * 24 * 60 * MIN, absoluteMs: 30 * 24 * 60 * MIN } : { idleMs: 30 * MIN, absoluteMs: 12 * 60 * MIN };

describe(`sessions (${dialectName})`, () => {
  it('stores only a hash of the secret and validates the token', async () => {
    const u = await createTestUser(t.db);
    const now = new Date('2026-11-22T08:00:00Z');
    const { token, session } = await createSession(t.db, u.id, now);
    const [id, secret] = token.split('.');
    expect(Buffer.from(id!, 'base64url').length).toBeGreaterThanOrEqual(16);
    expect(Buffer.from(secret!, 'base64url').length).toBeGreaterThanOrEqual(16);
    const row = await t.db.selectFrom('sessions').selectAll().where('id', '=', session.id).executeTakeFirstOrThrow();
    expect(row.secret_hash).not.toContain(secret!);
    const v = await validateSessionToken(t.db, token, now, limits);
    expect(v?.user).toMatchObject({ id: u.id, role: 'resident' });
    expect(await validateSessionToken(t.db, `${id}.${secret!.slice(0, -1)}x`, now, limits)).toBeNull();
    expect(await validateSessionToken(t.db, 'garbage', now, limits)).toBeNull();
  });

  it('expires an idle staff session after 30 minutes but slides while used', async () => {
    const u = await createTestUser(t.db, { role: 'officer' });
    const start = new Date('2026-11-22T08:00:00Z');
    const { token } = await createSession(t.db, u.id, start);
    const at = (m: number) => new Date(start.getTime() + m * MIN);
    expect(await validateSessionToken(t.db, token, at(20), limits)).not.toBeNull();
    expect(await validateSessionToken(t.db, token, at(45), limits)).not.toBeNull(); // 25 min after last use
    expect(await validateSessionToken(t.db, token, at(80), limits)).toBeNull(); // 35 min idle
    // Once expired it is gone for good.
    expect(await validateSessionToken(t.db, token, at(81), limits)).toBeNull();
  });

  it('ends a staff session at its absolute lifetime even when active', async () => {
    const u = await createTestUser(t.db, { role: 'verifier' });
    const start = new Date('2026-11-22T08:00:00Z');
    const { token } = await createSession(t.db, u.id, start);
    for (let m = 20; m < 12 * 60; m += 20) {
      expect(await validateSessionToken(t.db, token, new Date(start.getTime() + m * MIN), limits)).not.toBeNull();
    }
    expect(await validateSessionToken(t.db, token, new Date(start.getTime() + 12 * 60 * MIN), limits)).toBeNull();
  });

  it('keeps a resident logged in for days, not minutes', async () => {
    const u = await createTestUser(t.db);
    const start = new Date('2026-11-22T08:00:00Z');
    const { token } = await createSession(t.db, u.id, start);
    expect(await validateSessionToken(t.db, token, new Date(start.getTime() + 3 * 24 * 60 * MIN), limits)).not.toBeNull();
  });

  it('logout and disabling end sessions', async () => {
    const u = await createTestUser(t.db);
    const now = new Date();
    const a = await createSession(t.db, u.id, now);
    const b = await createSession(t.db, u.id, now);
    await invalidateSession(t.db, a.session.id);
    expect(await validateSessionToken(t.db, a.token, now, limits)).toBeNull();
    expect(await validateSessionToken(t.db, b.token, now, limits)).not.toBeNull();
    await t.db.updateTable('users').set({ disabled_at: now.getTime() }).where('id', '=', u.id).execute();
    expect(await validateSessionToken(t.db, b.token, now, limits)).toBeNull();
    const c = await createSession(t.db, u.id, now);
    await invalidateUserSessions(t.db, u.id);
    expect(await validateSessionToken(t.db, c.token, now, limits)).toBeNull();
  });

  it('the audit log refuses updates and deletes', async () => {
    const { appendAudit } = await import('../../src/server/audit/audit.repository.ts');
    await appendAudit(t.db, { action: 'test.event', objectType: 'test', objectId: 1 });
    await expect(t.db.updateTable('audit_log').set({ action: 'changed' }).execute()).rejects.toThrow(/append-only/);
    await expect(t.db.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/);
    const rows = await t.db.selectFrom('audit_log').selectAll().execute();
    expect(rows.map((r) => r.action)).toContain('test.event');
  });
});
