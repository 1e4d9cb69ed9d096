// Area alerts over HTTP against the built server: the form sends a confirmation email and nothing else
// (double opt-in); the confirmation link asks before it acts; only confirmed subscriptions get the
// batched alert of the worker job, which lists matching new public complaints (never confidential or
// unverified ones) in one email; the unsubscribe link stops them; /me/alerts lists and removes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobs } from '../../src/server/jobs/jobs.ts';
import { ALERT_LAG_MS, sendAreaAlerts } from '../../src/server/follows/alerts.service.ts';
import { createTestDb, dialectName, type TestDb } from '../support/db.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { createTestUser, sessionCookie } from '../support/users.ts';

const KEC = '16.71.01';
const KEL = '16.71.01.1001';
let db: TestDb;
let server: RunningServer;
let resident: { id: number; email: string; cookie: string };

const get = (p: string, cookie?: string) => fetch(`${server.url}${p}`, { redirect: 'manual', headers: cookie ? { cookie } : {} });
const post = (p: string, fields: Record<string, string>, cookie?: string) =>
  fetch(`${server.url}${p}`, {
    method: 'POST',
    redirect: 'manual',
    body: new URLSearchParams(fields),
    headers: { origin: server.url, 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
  });
const mailsTo = (to: string) =>
  db.db.selectFrom('outbox').select(['subject', 'body_text', 'topic']).where('recipient', '=', to).orderBy('id').execute();
const linkIn = (text: string, kind: 'confirm' | 'unsubscribe') => {
  const m = new RegExp(`${server.url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(/alerts/${kind}\\?t=[A-Za-z0-9._-]+)`).exec(text);
  expect(m, `${kind} link in: ${text}`).not.toBeNull();
  return m![1]!;
};

let seq = 0;
async function complaint(over: Record<string, unknown>) {
  const cat = await db.db.selectFrom('categories').select('id').where('code', '=', 'sampah').executeTakeFirstOrThrow();
  const now = Date.now();
  const code = `PLG-26-ALRT${'23456789'[seq++ % 8]}${'ABCDEFGH'[Math.floor(seq / 8)]}`;
  await db.db
    .insertInto('complaints')
    .values({
      code,
      access_key_hash: 'k'.repeat(64),
      category_id: cat.id,
      title: `Sampah ${code}`,
      description: 'd',
      kecamatan_code: KEC,
      kelurahan_code: KEL,
      privacy: 'public',
      state: 'assigned',
      submitted_at: now,
      verification_due_at: now,
      assigned_at: now,
      updated_at: now,
      reporter_name: 'Nama Pelapor Alert',
      ...over,
    } as never)
    .execute();
  return code;
}

beforeAll(async () => {
  db = await createTestDb();
  server = await startServer({ DATABASE_URL: db.url });
  const u = await createTestUser(db.db, { role: 'resident' });
  resident = { id: u.id, email: u.email, cookie: await sessionCookie(db.db, u.id) };
});
afterAll(async () => {
  await server?.stop();
  await db?.cleanup();
});

describe(`area alerts (${dialectName})`, () => {
  it('bad input is refused with messages and what was typed kept', async () => {
    const none = await post('/alerts', { email: 'warga@example.test' });
    expect(none.status).toBe(422);
    const html = await none.text();
    expect(html).toContain('Pilih setidaknya satu');
    expect(html).toContain('value="warga@example.test"');
    const bad = await post('/alerts', { email: 'bukan-email', kecamatan: KEC });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('Masukkan alamat email yang benar.');
    expect(await db.db.selectFrom('alert_subscriptions').select('id').execute()).toEqual([]);
  });

  it('double opt-in: nothing is sent to a pending subscription; the confirm link asks, then the batched alert arrives; unsubscribe stops it', async () => {
    const email = 'pengikut.wilayah@example.test';
    const r = await post('/alerts', { email, kecamatan: KEC, category: 'sampah' });
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toBe('/alerts?sent=1');
    const [confirmMail] = await mailsTo(email);
    expect(confirmMail!.topic).toBe('alerts.confirm');

    // Pending: the job sends nothing, however many complaints appear.
    const t0 = Date.now();
    await complaint({ assigned_at: t0 });
    await sendAreaAlerts(db.db, new Date(t0 + ALERT_LAG_MS + 60_000), server.url);
    expect(await mailsTo(email)).toHaveLength(1);

    // A GET of the link (a mail scanner) confirms nothing; the button's POST does.
    const confirm = linkIn(confirmMail!.body_text, 'confirm');
    const ask = await get(confirm);
    expect(ask.status).toBe(200);
    expect(await ask.text()).toContain('Konfirmasi langganan');
    expect((await db.db.selectFrom('alert_subscriptions').select('confirmed_at').executeTakeFirstOrThrow()).confirmed_at).toBeNull();
    const token = new URL(confirm, server.url).searchParams.get('t')!;
    expect((await post('/alerts/confirm', { t: `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}` })).status).toBe(400);
    const ok = await post('/alerts/confirm', { t: token });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('Langganan dikonfirmasi');

    // New public complaints in the area after confirming: one email listing the matching ones only.
    const confirmedAt = Number(
      (await db.db.selectFrom('alert_subscriptions').select('confirmed_at').executeTakeFirstOrThrow()).confirmed_at,
    );
    const at = confirmedAt + 1000;
    const a = await complaint({ assigned_at: at });
    const b = await complaint({ assigned_at: at + 1, privacy: 'anonymous' });
    const secret = await complaint({ assigned_at: at + 2, privacy: 'confidential' });
    const unverified = await complaint({ assigned_at: null, state: 'submitted' });
    const otherArea = await complaint({ assigned_at: at + 3, kecamatan_code: '16.71.02', kelurahan_code: null });
    const runAt = new Date(at + ALERT_LAG_MS + 60_000);
    expect(await sendAreaAlerts(db.db, runAt, server.url)).toMatchObject({ emails: 1 });
    // A second run (another server, or a retry) sends nothing new.
    expect(await sendAreaAlerts(db.db, runAt, server.url)).toMatchObject({ emails: 0 });
    const mails = await mailsTo(email);
    expect(mails).toHaveLength(2);
    const alert = mails[1]!;
    expect(alert.subject).toContain('2 pengaduan baru');
    expect(alert.body_text).toContain(a);
    expect(alert.body_text).toContain(b);
    for (const hidden of [secret, unverified, otherArea, 'Nama Pelapor Alert']) expect(alert.body_text).not.toContain(hidden);

    // Unsubscribe: GET asks, POST removes; later complaints send nothing.
    const unsub = linkIn(alert.body_text, 'unsubscribe');
    expect(await (await get(unsub)).text()).toContain('Berhenti berlangganan');
    expect(await db.db.selectFrom('alert_subscriptions').select('id').execute()).toHaveLength(1);
    const gone = await post('/alerts/unsubscribe', { t: new URL(unsub, server.url).searchParams.get('t')! });
    expect(gone.status).toBe(200);
    expect(await db.db.selectFrom('alert_subscriptions').select('id').execute()).toEqual([]);
    await complaint({ assigned_at: runAt.getTime() + 1 });
    await sendAreaAlerts(db.db, new Date(runAt.getTime() + 2 * ALERT_LAG_MS), server.url);
    expect(await mailsTo(email)).toHaveLength(2);
  });

  it('a signed-in resident sees the alerts of their address at /me/alerts and removes one; the worker runs the job', async () => {
    expect((await post('/alerts', { email: resident.email, kelurahan: KEL }, resident.cookie)).status).toBe(303);
    const page = await (await get('/me/alerts', resident.cookie)).text();
    expect(page).toContain('menunggu konfirmasi');
    const [sub] = await db.db
      .selectFrom('alert_subscriptions')
      .select(['id', 'kecamatan_code'])
      .where('user_id', '=', resident.id)
      .execute();
    // The kecamatan of the chosen kelurahan is stored with it.
    expect(sub!.kecamatan_code).toBe(KEC);
    // Another resident cannot remove it.
    const other = await createTestUser(db.db, { role: 'resident' });
    await post('/me/alerts', { id: String(sub!.id) }, await sessionCookie(db.db, other.id));
    expect(await db.db.selectFrom('alert_subscriptions').select('id').where('id', '=', sub!.id).execute()).toHaveLength(1);
    const removed = await post('/me/alerts', { id: String(sub!.id) }, resident.cookie);
    expect(removed.status).toBe(303);
    expect(await db.db.selectFrom('alert_subscriptions').select('id').where('id', '=', sub!.id).execute()).toEqual([]);
    expect(jobs().map((j) => j.name)).toContain('alerts.send');
  });
});
