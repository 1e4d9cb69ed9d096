// Password reset: one-time emailed link, valid 30 minutes, single use, only its hash stored; a reset
// ends every session. Service level with a moving clock, then the whole journey over HTTP. The link reaches
// the user through a real SMTP server; the stored outbox body (readable by an admin) never holds it.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashResetToken, requestPasswordReset, resetPassword } from '../../src/server/auth/auth.service.ts';
import { createSession, validateSessionToken } from '../../src/server/auth/session.ts';
import { verifyPassword } from '../../src/server/auth/password.ts';
import { manualClock } from '../../src/server/clock.ts';
import { createTestDb, dialectName, type TestDb } from '../support/db.ts';
import { cookieOf, getPage, postForm } from '../support/forms.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { createTestUser, sessionCookie } from '../support/users.ts';
import { deliverOutbox, smtpMailer } from '../../src/server/notifications/delivery.ts';
import { startSmtp } from '../support/smtp.ts';

let db: TestDb;
let server: RunningServer;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
beforeAll(async () => {
  db = await createTestDb();
  server = await startServer({ DATABASE_URL: db.url });
  smtp = await startSmtp();
});
afterAll(async () => {
  await server?.stop();
  await smtp?.stop();
  await db?.cleanup();
});

const MIN = 60_000;
const ctx = (now: Date) => ({ ip: '192.0.2.1', now });

/** A raw message's text part with quoted-printable soft breaks and escapes undone. */
const decoded = (raw: string) =>
  raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));

/** Sends the outbox through the SMTP server and returns the reset link that arrived for `email`. */
async function lastLink(email: string): Promise<string> {
  const stored = await db.db
    .selectFrom('outbox')
    .selectAll()
    .where('recipient', '=', email)
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  // What an admin could read: a marker where the link goes, never the link.
  expect(stored.body_text).toContain('[tautan reset]');
  expect(stored.body_text).not.toMatch(/token=/);
  await deliverOutbox(db.db, smtpMailer(smtp.url, 'portal@example.test'));
  const mail = smtp.received.filter((m) => m.to.includes(email)).at(-1);
  expect(mail).toBeDefined();
  const m = /(http\S+\/password\/reset\?token=[\w-]+)/.exec(decoded(mail!.raw));
  expect(m).not.toBeNull();
  const token = new URL(m![1]!).searchParams.get('token')!;
  // Once sent, the row holds no live token anywhere.
  const after = await db.db.selectFrom('outbox').selectAll().where('id', '=', stored.id).executeTakeFirstOrThrow();
  expect(after.sent_at).not.toBeNull();
  expect(JSON.stringify(after)).not.toContain(token);
  return m![1]!;
}
const tokenOf = (link: string) => new URL(link).searchParams.get('token')!;

function rawPost(url: string, body: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body), ...headers },
      },
      (res) => {
        let data = '';
        res.on('data', (d) => (data += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: data }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe(`password reset (${dialectName})`, () => {
  it('emails a link whose token is stored only as a hash, usable once', async () => {
    const clock = manualClock('2026-11-22T08:00:00Z');
    const u = await createTestUser(db.db);
    await requestPasswordReset(db.db, { email: u.email, baseUrl: 'https://portal.example' }, ctx(clock.now()));
    const link = await lastLink(u.email);
    expect(link.startsWith('https://portal.example/password/reset?token=')).toBe(true);
    const token = tokenOf(link);
    expect(token.length).toBeGreaterThanOrEqual(40);
    const rows = await db.db.selectFrom('password_resets').selectAll().where('user_id', '=', u.id).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.token_hash).toBe(hashResetToken(token));
    expect(JSON.stringify(rows)).not.toContain(token);

    clock.advance(29 * MIN);
    expect(await resetPassword(db.db, { token, password: 'sungai-musi-jembatan-ampera' }, ctx(clock.now()))).toMatchObject({ ok: true });
    const after = await db.db.selectFrom('users').select('password_hash').where('id', '=', u.id).executeTakeFirstOrThrow();
    expect(await verifyPassword(after.password_hash, 'sungai-musi-jembatan-ampera')).toBe(true);
    // Single use.
    expect(await resetPassword(db.db, { token, password: 'another-good-passphrase' }, ctx(clock.now()))).toEqual({
      ok: false,
      error: 'invalid_token',
    });
    const audit = await db.db.selectFrom('audit_log').select(['action', 'details']).where('object_id', '=', String(u.id)).execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['auth.password_reset_requested', 'auth.password_reset']));
    expect(JSON.stringify(audit)).not.toContain(token);
  });

  it('refuses a link after 30 minutes', async () => {
    const clock = manualClock('2026-11-22T09:00:00Z');
    const u = await createTestUser(db.db);
    await requestPasswordReset(db.db, { email: u.email, baseUrl: 'http://x.test' }, ctx(clock.now()));
    const token = tokenOf(await lastLink(u.email));
    clock.advance(30 * MIN);
    expect(await resetPassword(db.db, { token, password: 'sungai-musi-jembatan-ampera' }, ctx(clock.now()))).toEqual({
      ok: false,
      error: 'invalid_token',
    });
  });

  it('ends every session of the account', async () => {
    const u = await createTestUser(db.db);
    const now = new Date();
    const a = await createSession(db.db, u.id, now);
    const b = await createSession(db.db, u.id, now);
    await requestPasswordReset(db.db, { email: u.email, baseUrl: 'http://x.test' }, ctx(now));
    await resetPassword(db.db, { token: tokenOf(await lastLink(u.email)), password: 'sungai-musi-jembatan-ampera' }, ctx(now));
    expect(await validateSessionToken(db.db, a.token, now)).toBeNull();
    expect(await validateSessionToken(db.db, b.token, now)).toBeNull();
  });

  it('answers the same for an unknown email and sends nothing', async () => {
    const before = await db.db.selectFrom('outbox').select('id').execute();
    const r = await postForm(server.url, '/password/forgot', { email: 'nobody@example.test' });
    expect(r.status).toBe(200);
    expect(r.html).toContain('Jika email itu terdaftar');
    expect(await db.db.selectFrom('outbox').select('id').execute()).toHaveLength(before.length);
  });

  it('works end to end over HTTP: forgot → emailed link → new password → old sessions gone → link spent', async () => {
    const u = await createTestUser(db.db);
    const oldCookie = await sessionCookie(db.db, u.id);
    // A forged Host header (with a matching Origin, so the CSRF check passes) must not decide where the
    // emailed link points. node:http, because fetch does not let a caller set Host.
    const sent = await rawPost(`${server.url}/password/forgot`, `email=${encodeURIComponent(u.email.toUpperCase())}`, {
      host: 'evil.example',
      origin: 'http://evil.example',
    });
    expect(sent.status).toBe(200);
    expect(sent.body).toContain('Jika email itu terdaftar');
    const admin = await createTestUser(db.db, { role: 'admin' });
    const adminCookie = await sessionCookie(db.db, admin.id);
    const pending = await getPage(server.url, '/admin/outbox?state=pending', { cookie: adminCookie });
    expect(pending.status).toBe(200);
    expect(pending.html).toContain('[tautan reset]');
    const link = await lastLink(u.email);
    expect(link.startsWith(`${server.url}/password/reset?token=`)).toBe(true);
    // The admin's outbox never shows the token, before or after sending.
    expect(pending.html).not.toContain(tokenOf(link));
    const sentPage = await getPage(server.url, '/admin/outbox?state=sent', { cookie: adminCookie });
    expect(sentPage.html).toContain('[tautan reset]');
    expect(sentPage.html).not.toContain(tokenOf(link));
    const path = new URL(link).pathname + new URL(link).search;
    const form = await getPage(server.url, path);
    expect(form.status).toBe(200);
    expect(form.headers.get('referrer-policy')).toBe('no-referrer');
    expect(form.html).toContain(`name="token" value="${tokenOf(link)}"`);
    expect(form.html).toMatch(/<form method="post" action="\/password\/reset"/);

    const weak = await postForm(server.url, '/password/reset', { token: tokenOf(link), password: 'iloveyou' });
    expect(weak.status).toBe(422);
    expect(weak.html).toContain('paling sering dipakai');

    const done = await postForm(server.url, '/password/reset', { token: tokenOf(link), password: 'pempek-kapal-selam-enak' });
    expect(done.status).toBe(303);
    expect(done.location).toBe('/login?done=reset');
    expect((await getPage(server.url, '/me', { cookie: oldCookie })).status).toBe(303);

    const replay = await postForm(server.url, '/password/reset', { token: tokenOf(link), password: 'yet-another-passphrase' });
    expect(replay.status).toBe(410);
    expect(replay.html).toContain('Tautan tidak berlaku');
    expect((await getPage(server.url, path)).status).toBe(410);

    const login = await postForm(server.url, '/login', { email: u.email, password: 'pempek-kapal-selam-enak' });
    expect(login.status).toBe(303);
    expect((await getPage(server.url, '/me', { cookie: cookieOf(login.session!) })).status).toBe(200);
  });
});
