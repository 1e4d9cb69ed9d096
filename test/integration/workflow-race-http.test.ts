// Two app servers on one database (SQLite file or PostgreSQL), two staff members acting on one complaint
// at once from pages that showed the same version: for every pair of staff commands that can race,
// one gets 303 and the other 409 with the page as it is now and a clear message (who took it, where it
// went, what state it is in), never a 404 nor a second success, and exactly one event is written. A
// stale page (the complaint changed after it loaded) gets the same answer, with and without htmx.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dialectName, type TestDb } from '../support/db.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { createTestUser, sessionCookie } from '../support/users.ts';
import { complaintFields, postComplaint, readReceipt } from '../support/complaints.ts';

let db: TestDb;
let a: RunningServer;
let b: RunningServer;
let uploadDir: string;
interface Actor {
  id: number;
  name: string;
  cookie: string;
}
let ahmad: Actor;
let budi: Actor;
let manager: Actor;
let verifier1: Actor;
let verifier2: Actor;

async function actor(role: 'officer' | 'manager' | 'verifier', name: string, departmentCode?: string): Promise<Actor> {
  const u = await createTestUser(db.db, { role, name, ...(departmentCode ? { departmentCode } : {}) });
  return { id: u.id, name, cookie: await sessionCookie(db.db, u.id) };
}

beforeAll(async () => {
  db = await createTestDb();
  uploadDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-race-http-'));
  const env = { DATABASE_URL: db.url, UPLOAD_DIR: uploadDir, COMPLAINTS_PER_HOUR: '1000', COMPLAINT_MIN_FILL_SECONDS: '0' };
  [a, b] = await Promise.all([startServer(env), startServer(env)]);
  ahmad = await actor('officer', 'Ahmad Penangan Pertama', 'DLHK');
  budi = await actor('officer', 'Budi Penangan Kedua', 'DLHK');
  manager = await actor('manager', 'Citra Kepala Bidang', 'DLHK');
  verifier1 = await actor('verifier', 'Dewi Verifikator');
  verifier2 = await actor('verifier', 'Eko Verifikator');
});

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await db?.cleanup();
  if (uploadDir) fs.rmSync(uploadDir, { recursive: true, force: true });
});

const page = async (server: RunningServer, p: string, who: Actor) => {
  const r = await fetch(`${server.url}${p}`, { headers: { cookie: who.cookie }, redirect: 'manual' });
  return { status: r.status, html: await r.text() };
};
async function post(server: RunningServer, p: string, fields: Record<string, string>, who: Actor, headers: Record<string, string> = {}) {
  const r = await fetch(`${server.url}${p}`, {
    method: 'POST',
    body: new URLSearchParams(fields),
    redirect: 'manual',
    headers: { origin: server.url, 'content-type': 'application/x-www-form-urlencoded', cookie: who.cookie, ...headers },
  });
  return { status: r.status, location: r.headers.get('location'), html: await r.text() };
}
/** The version the page's forms carry (every changing form carries the same one). */
function versionOf(html: string): string {
  const all = [...html.matchAll(/name="version" value="(\d+)"/g)].map((m) => m[1]!);
  expect(all.length).toBeGreaterThan(0);
  expect(new Set(all).size).toBe(1);
  return all[0]!;
}

/** A complaint in 'sampah' (auto-routed to DLHK: assigned), or in another category (submitted). */
async function fileComplaint(category = 'sampah') {
  const r = await postComplaint(
    a.url,
    complaintFields({
      category,
      title: 'Sampah menumpuk di pinggir jalan',
      description: 'Sudah seminggu sampah di pinggir jalan tidak diangkut dan berbau.',
    }),
  );
  return (await readReceipt(a.url, r)).code;
}
const complaint = (code: string) => db.db.selectFrom('complaints').selectAll().where('code', '=', code).executeTakeFirstOrThrow();
async function events(code: string) {
  const c = await complaint(code);
  return db.db.selectFrom('complaint_events').select(['action', 'actor_user_id']).where('complaint_id', '=', c.id).orderBy('id').execute();
}
const staffPath = (code: string) => `/staff/complaints/${code}`;

async function inProgress(code: string) {
  const r = await post(a, staffPath(code), { action: 'respond', note: 'Petugas kami jadwalkan ke lokasi besok.' }, ahmad);
  expect(r.status).toBe(303);
}

/** In progress and unassigned again, so either staff member may resolve it (a colleague's needs a take-over). */
async function inProgressUnassigned(code: string) {
  await inProgress(code);
  await db.db.updateTable('complaints').set({ assignee_user_id: null }).where('code', '=', code).execute();
}

type Form = Record<string, string>;
const f = {
  take: (): Form => ({ action: 'take' }),
  assign: (to: () => Actor): Form => ({ action: 'assign', assignee: String(to().id) }),
  transfer: (dept: string): Form => ({
    action: 'transfer',
    department: dept,
    note: `Lokasi ini kewenangan ${dept}, mohon ditindaklanjuti.`,
  }),
  priority: (p: string): Form => ({ action: 'priority', priority: p }),
  respond: (): Form => ({ action: 'respond', note: 'Tanggapan yang diketik petugas kedua dengan teliti.' }),
  resolve: (): Form => ({ action: 'resolve', note: 'Penyelesaian yang diketik dengan teliti oleh petugas.' }),
};

const MESSAGE = /sudah ditangani oleh|baru saja diubah oleh orang lain|baru saja dipindahkan ke/;

// Forms are built when a test runs (the actors exist only then).
const pairs: { name: string; prepare?: (code: string) => Promise<void>; first: () => Form; second: () => Form }[] = [
  { name: 'take × take', first: () => f.take(), second: () => f.take() },
  { name: 'assign × assign', first: () => f.assign(() => budi), second: () => f.assign(() => manager) },
  { name: 'transfer × transfer', first: () => f.transfer('PUPR'), second: () => f.transfer('DINSOS') },
  { name: 'priority × priority', first: () => f.priority('high'), second: () => f.priority('low') },
  { name: 'priority × transfer', first: () => f.priority('urgent'), second: () => f.transfer('PUPR') },
  { name: 'take × transfer', first: () => f.take(), second: () => f.transfer('PUPR') },
  { name: 'respond × respond', first: () => f.respond(), second: () => f.respond() },
  { name: 'transfer × resolve', prepare: inProgressUnassigned, first: () => f.transfer('PUPR'), second: () => f.resolve() },
  { name: 'respond × resolve', prepare: inProgressUnassigned, first: () => f.respond(), second: () => f.resolve() },
  { name: 'resolve × resolve', prepare: inProgressUnassigned, first: () => f.resolve(), second: () => f.resolve() },
];

describe(`two app servers, two staff members, one complaint (${dialectName})`, () => {
  for (const p of pairs) {
    it(`${p.name}: one 303, one 409 with a clear message, one event`, async () => {
      const code = await fileComplaint();
      await p.prepare?.(code);
      // Both pages load first (as two people would), then both press at once, on different servers.
      const [pa, pb] = await Promise.all([page(a, staffPath(code), ahmad), page(b, staffPath(code), budi)]);
      expect([pa.status, pb.status]).toEqual([200, 200]);
      const version = versionOf(pa.html);
      expect(versionOf(pb.html)).toBe(version);
      const before = (await events(code)).length;
      const [first, second] = [p.first(), p.second()];
      const [ra, rb] = await Promise.all([
        post(a, staffPath(code), { ...first, version }, ahmad),
        post(b, staffPath(code), { ...second, version }, budi),
      ]);
      expect([ra.status, rb.status].sort()).toEqual([303, 409]);
      const loser = ra.status === 409 ? ra : rb;
      const winner = loser === ra ? budi : ahmad;
      expect(loser.html).toMatch(MESSAGE);
      if (p.name === 'take × take') expect(loser.html).toContain(`sudah ditangani oleh ${winner.name}`);
      // What the loser typed is still on the page.
      const typed = (loser === ra ? first : second).note;
      if (typed) expect(loser.html).toContain(typed);
      expect((await events(code)).length - before).toBe(1);
      expect((await complaint(code)).version).toBe(Number(version) + 1);
    });
  }

  it('a stale "Saya tangani": taken on the other server after the page loaded → 409 "sudah ditangani oleh …", one assign event (with and without htmx)', async () => {
    const code = await fileComplaint();
    const stale = await page(b, staffPath(code), budi);
    expect(stale.html).toContain('value="take"');
    const version = versionOf(stale.html);
    expect(
      (await post(a, staffPath(code), { action: 'take', version: versionOf((await page(a, staffPath(code), ahmad)).html) }, ahmad)).status,
    ).toBe(303);
    const late = await post(b, staffPath(code), { action: 'take', version }, budi);
    expect(late.status).toBe(409);
    expect(late.html).toContain(`Pengaduan ini sudah ditangani oleh ${ahmad.name}.`);
    expect(late.html).not.toContain('Tersimpan.');
    const viaHtmx = await post(b, staffPath(code), { action: 'take', version }, budi, { 'HX-Request': 'true' });
    expect(viaHtmx.status).toBe(409);
    expect(viaHtmx.html).toContain(`sudah ditangani oleh ${ahmad.name}`);
    expect((await events(code)).filter((e) => e.action === 'assign')).toEqual([{ action: 'assign', actor_user_id: ahmad.id }]);
    expect((await complaint(code)).assignee_user_id).toBe(ahmad.id);
  });

  it('a complaint taken before the page loaded offers no "Saya tangani"; a take posted anyway answers "sudah ditangani oleh …"', async () => {
    const code = await fileComplaint();
    expect((await post(a, staffPath(code), { action: 'take' }, ahmad)).status).toBe(303);
    const fresh = await page(b, staffPath(code), budi);
    expect(fresh.html).not.toContain('value="take"');
    expect(fresh.html).toContain(ahmad.name);
    const forced = await post(b, staffPath(code), { action: 'take', version: versionOf(fresh.html) }, budi);
    expect(forced.status).toBe(409);
    expect(forced.html).toContain(`sudah ditangani oleh ${ahmad.name}`);
    expect((await complaint(code)).assignee_user_id).toBe(ahmad.id);
  });

  it("a colleague's complaint offers 'Ambil alih' instead of the resolve form; a resolve posted anyway is a 409 that keeps the note; after the take-over it resolves", async () => {
    const code = await fileComplaint();
    await inProgress(code);
    const view = await page(b, staffPath(code), budi);
    expect(view.html).toContain('value="takeover"');
    expect(view.html).not.toContain('id="form-resolve"');
    const forced = await post(
      b,
      staffPath(code),
      { action: 'resolve', note: 'Penyelesaian oleh rekan tanpa ambil alih.', version: versionOf(view.html) },
      budi,
    );
    expect(forced.status).toBe(409);
    expect(forced.html).toContain('Ambil alih lebih dulu');
    expect(forced.html).toContain('Penyelesaian oleh rekan tanpa ambil alih.');
    expect((await complaint(code)).state).toBe('in_progress');
    expect((await post(b, staffPath(code), { action: 'takeover', version: versionOf(forced.html) }, budi)).status).toBe(303);
    const mine = await page(b, staffPath(code), budi);
    expect(mine.html).toContain('id="form-resolve"');
    expect(
      (
        await post(
          b,
          staffPath(code),
          { action: 'resolve', note: 'Penyelesaian oleh rekan setelah ambil alih.', version: versionOf(mine.html) },
          budi,
        )
      ).status,
    ).toBe(303);
    const ev = await events(code);
    expect(ev.filter((e) => e.action === 'assign' || e.action === 'resolve')).toEqual([
      { action: 'assign', actor_user_id: budi.id },
      { action: 'resolve', actor_user_id: budi.id },
    ]);
  });

  it('a stale priority or resolve form (the complaint changed after the page loaded) is a 409, changes nothing and keeps what was typed', async () => {
    const code = await fileComplaint();
    await inProgressUnassigned(code);
    const stale = versionOf((await page(b, staffPath(code), budi)).html);
    expect((await post(a, staffPath(code), { action: 'priority', priority: 'urgent', version: stale }, ahmad)).status).toBe(303);
    const before = (await events(code)).length;
    const late = await post(b, staffPath(code), { action: 'priority', priority: 'low', version: stale }, budi);
    expect(late.status).toBe(409);
    expect(late.html).toContain('baru saja diubah oleh orang lain');
    const resolve = await post(
      b,
      staffPath(code),
      { action: 'resolve', note: 'Catatan penyelesaian yang tidak boleh hilang.', version: stale },
      budi,
    );
    expect(resolve.status).toBe(409);
    expect(resolve.html).toContain('Catatan penyelesaian yang tidak boleh hilang.');
    // The re-rendered forms carry the current version: acting again, knowingly, works.
    expect(versionOf(resolve.html)).toBe(String((await complaint(code)).version));
    expect((await events(code)).length).toBe(before);
    const c = await complaint(code);
    expect([c.priority, c.state]).toEqual(['urgent', 'in_progress']);
  });

  it("after a transfer, the old department's stale form gets 409 naming the new department, not 404", async () => {
    const code = await fileComplaint();
    const stale = versionOf((await page(b, staffPath(code), budi)).html);
    expect((await post(a, staffPath(code), { ...f.transfer('PUPR'), version: stale }, ahmad)).status).toBe(303);
    const late = await post(b, staffPath(code), { action: 'respond', note: 'Tanggapan yang terlambat dikirim.', version: stale }, budi);
    expect(late.status).toBe(409);
    expect(late.html).toContain('baru saja dipindahkan ke Dinas PUPR');
    expect(late.html).toContain('Tanggapan yang terlambat dikirim.');
    expect((await events(code)).map((e) => e.action)).toEqual(['submit', 'route', 'transfer']);
    // Viewing it is still not allowed (another department's complaint).
    expect((await page(b, staffPath(code), budi)).status).toBe(404);
  });
});

describe(`two app servers, two verifiers, one complaint (${dialectName})`, () => {
  for (const [name, first, second] of [
    [
      'route × route',
      { action: 'route', department: 'PUPR', category: 'pencemaran' },
      { action: 'route', department: 'DINSOS', category: 'pencemaran' },
    ],
    [
      'route × reject',
      { action: 'route', department: 'PUPR', category: 'pencemaran' },
      { action: 'reject', reason: 'out_of_scope', note: 'Di luar kewenangan pemerintah kota.' },
    ],
  ] as const) {
    it(`${name}: one 303, one 409 with a clear message, one event`, async () => {
      const code = await fileComplaint('pencemaran');
      expect((await complaint(code)).state).toBe('submitted');
      const path = `/staff/verify/${code}`;
      const [pa, pb] = await Promise.all([page(a, path, verifier1), page(b, path, verifier2)]);
      const version = versionOf(pa.html);
      expect(versionOf(pb.html)).toBe(version);
      const before = (await events(code)).length;
      const [ra, rb] = await Promise.all([
        post(a, path, { ...first, version }, verifier1),
        post(b, path, { ...second, version }, verifier2),
      ]);
      expect([ra.status, rb.status].sort()).toEqual([303, 409]);
      expect((ra.status === 409 ? ra : rb).html).toContain('sudah ditangani oleh petugas lain');
      expect((await events(code)).length - before).toBe(1);
    });
  }
});
