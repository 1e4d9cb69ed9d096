// Two commands on one complaint at once, against the database (SQLite and PostgreSQL): whatever the pair
// (same-state changes included: take, assign, transfer, priority), exactly one wins, the other gets
// 'conflict' (never 'not_found', never a second success) and exactly one event row is written. Both
// carry the version their page showed, as the staff forms do; the pairs that must conflict by their
// meaning (take×take, transfer×transfer) race again without it, so only the compare-and-set in the
// UPDATE decides.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dialectName, type TestDb } from '../support/db.ts';
import { createTestUser } from '../support/users.ts';
import { loadCalendar } from '../../src/server/calendar/calendar.repository.ts';
import { raisePrivacy, rejectComplaint, routeComplaint, submitComplaint } from '../../src/server/complaints/complaints.service.ts';
import { updateComplaintAtVersion } from '../../src/server/complaints/complaints.repository.ts';
import type { NewComplaintInput } from '../../src/server/complaints/complaints.schema.ts';
import type { SessionUser } from '../../src/server/auth/session.ts';
import type { WorkingCalendar } from '../../src/server/calendar/calendar.ts';
import {
  addInternalNote,
  assignComplaint,
  rejectAsDuplicate,
  resolveComplaint,
  respondToComplaint,
  setComplaintPriority,
  takeComplaint,
  takeOverComplaint,
  transferComplaint,
} from '../../src/server/workflow/workflow.service.ts';
import { disputeResolution } from '../../src/server/workflow/resident.service.ts';
import { autoCloseResolved } from '../../src/server/workflow/workflow-jobs.ts';

let db: TestDb;
let uploadDir: string;
let calendar: WorkingCalendar;
let officer: SessionUser;
let officer2: SessionUser;
let manager: SessionUser;
let verifier: SessionUser;
let verifier2: SessionUser;
const monday = new Date('2026-11-23T09:00:00+07:00');
const HOUR = 3600_000;
const DAY = 24 * HOUR;
const at = (ms: number) => new Date(monday.getTime() + ms);

function asSessionUser(u: { id: number; email: string; role: SessionUser['role']; departmentId: number | null }): SessionUser {
  return {
    id: u.id,
    email: u.email,
    name: 'Petugas',
    role: u.role,
    departmentId: u.departmentId,
    nip: null,
    affiliation: null,
    affiliationVerified: false,
    locale: 'id',
  } as SessionUser;
}

function input(over: Partial<NewComplaintInput> = {}): NewComplaintInput {
  return {
    category: 'sampah',
    title: 'Sampah menumpuk di TPS pasar',
    description: 'Sudah seminggu sampah di TPS dekat pasar tidak diangkut dan berbau.',
    kecamatan: undefined,
    kelurahan: '16.71.01.1001',
    address: 'Jl. Contoh',
    latitude: undefined,
    longitude: undefined,
    privacy: 'public',
    show_name: false,
    name: 'Siti Pelapor',
    email: 'siti@example.test',
    phone: '+6281234567890',
    ...over,
  };
}

/** A complaint in 'sampah' (auto-routed to DLHK, state assigned), or another category left for verification. */
async function file(over: Partial<NewComplaintInput> = {}) {
  const r = await submitComplaint(db.db, input(over), [], {
    user: null,
    now: monday,
    calendar,
    uploadDir,
    siteUrl: 'http://portal.test',
    locale: 'id',
  });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.code;
}

const row = (code: string) => db.db.selectFrom('complaints').selectAll().where('code', '=', code).executeTakeFirstOrThrow();
async function eventCount(code: string): Promise<number> {
  const c = await row(code);
  const r = await db.db
    .selectFrom('complaint_events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('complaint_id', '=', c.id)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
/** Staff context as a page rendered at `version` would send it (undefined: no form version). */
const staff = (user: SessionUser, version: number | undefined, now = at(DAY)) => ({
  user,
  now,
  siteUrl: 'http://portal.test',
  calendar,
  uploadDir,
  expectedVersion: version,
});

const note = (who: string) => `Catatan tindakan dari ${who} untuk pengaduan ini.`;
type Outcome = { ok: boolean; error?: string };
type Command = (code: string, version: number | undefined) => Promise<Outcome>;

const cmd = {
  take:
    (u: () => SessionUser): Command =>
    (code, v) =>
      takeComplaint(db.db, code, staff(u(), v)),
  assign:
    (u: () => SessionUser, to: () => SessionUser): Command =>
    (code, v) =>
      assignComplaint(db.db, code, { assigneeId: to().id }, staff(u(), v)),
  transfer:
    (u: () => SessionUser, dept: string): Command =>
    (code, v) =>
      transferComplaint(db.db, code, { departmentCode: dept, reason: note(dept) }, staff(u(), v)),
  priority:
    (u: () => SessionUser, p: 'low' | 'high' | 'urgent'): Command =>
    (code, v) =>
      setComplaintPriority(db.db, code, { priority: p }, staff(u(), v)),
  respond:
    (u: () => SessionUser): Command =>
    (code, v) =>
      respondToComplaint(db.db, code, { note: note('tanggapan') }, staff(u(), v)),
  takeOver:
    (u: () => SessionUser): Command =>
    (code, v) =>
      takeOverComplaint(db.db, code, staff(u(), v)),
  resolve:
    (u: () => SessionUser): Command =>
    (code, v) =>
      resolveComplaint(db.db, code, { note: note('penyelesaian') }, [], staff(u(), v)),
  duplicate:
    (u: () => SessionUser, of: () => string): Command =>
    (code, v) =>
      rejectAsDuplicate(db.db, code, { duplicateOf: of(), note: note('duplikat') }, staff(u(), v)),
};
const o1 = () => officer;
const o2 = () => officer2;
const mgr = () => manager;
let original = '';

/** Brings a fresh 'sampah' complaint (assigned) to in_progress. */
const inProgress = async (code: string) => {
  expect((await respondToComplaint(db.db, code, { note: note('awal') }, staff(officer, undefined, at(HOUR)))).ok).toBe(true);
};

const staffPairs: { name: string; prepare?: (code: string) => Promise<void>; a: Command; b: Command }[] = [
  { name: 'take × take', a: cmd.take(o1), b: cmd.take(o2) },
  { name: 'assign × assign', a: cmd.assign(o1, o2), b: cmd.assign(mgr, mgr) },
  { name: 'take × assign', a: cmd.take(o1), b: cmd.assign(mgr, o2) },
  { name: 'transfer × transfer', a: cmd.transfer(o1, 'PUPR'), b: cmd.transfer(o2, 'DINSOS') },
  { name: 'priority × priority', a: cmd.priority(o1, 'high'), b: cmd.priority(o2, 'low') },
  { name: 'priority × transfer', a: cmd.priority(o1, 'urgent'), b: cmd.transfer(o2, 'PUPR') },
  { name: 'assign × transfer', a: cmd.assign(mgr, o1), b: cmd.transfer(o2, 'PUPR') },
  { name: 'respond × respond', a: cmd.respond(o1), b: cmd.respond(o2) },
  { name: 'respond × priority', a: cmd.respond(o1), b: cmd.priority(o2, 'high') },
  // The resolver is the assignee (officer, who answered first) or the manager: a colleague needs a take-over.
  { name: 'transfer × resolve', prepare: inProgress, a: cmd.transfer(o2, 'PUPR'), b: cmd.resolve(o1) },
  { name: 'respond × resolve', prepare: inProgress, a: cmd.respond(o2), b: cmd.resolve(o1) },
  { name: 'resolve × resolve', prepare: inProgress, a: cmd.resolve(o1), b: cmd.resolve(mgr) },
  { name: 'duplicate × resolve', prepare: inProgress, a: cmd.duplicate(o2, () => original), b: cmd.resolve(o1) },
  { name: 'take-over × take-over', prepare: inProgress, a: cmd.takeOver(o2), b: cmd.takeOver(mgr) },
  { name: 'take-over × resolve', prepare: inProgress, a: cmd.takeOver(o2), b: cmd.resolve(o1) },
  { name: 'take × duplicate', a: cmd.take(o1), b: cmd.duplicate(o2, () => original) },
];

beforeAll(async () => {
  db = await createTestDb();
  uploadDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-races-'));
  calendar = await loadCalendar(db.db, 'Asia/Jakarta');
  officer = asSessionUser(await createTestUser(db.db, { role: 'officer', departmentCode: 'DLHK' }));
  officer2 = asSessionUser(await createTestUser(db.db, { role: 'officer', departmentCode: 'DLHK' }));
  manager = asSessionUser(await createTestUser(db.db, { role: 'manager', departmentCode: 'DLHK' }));
  verifier = asSessionUser(await createTestUser(db.db, { role: 'verifier' }));
  verifier2 = asSessionUser(await createTestUser(db.db, { role: 'verifier' }));
  original = await file({ title: 'Sampah menumpuk di TPS pasar (laporan pertama)' });
});

afterAll(async () => {
  await db?.cleanup();
  fs.rmSync(uploadDir, { recursive: true, force: true });
});

/** Runs a and b at once on a fresh complaint; both carry the version read before (or none). */
async function race(code: string, a: Command, b: Command, withVersion: boolean) {
  const version = (await row(code)).version;
  const before = await eventCount(code);
  const results = await Promise.all([a(code, withVersion ? version : undefined), b(code, withVersion ? version : undefined)]);
  return { results, written: (await eventCount(code)) - before, version: (await row(code)).version, was: version };
}

function expectOneWinner(r: Awaited<ReturnType<typeof race>>) {
  expect(r.results.filter((x) => x.ok)).toHaveLength(1);
  expect(r.results.filter((x) => !x.ok)).toEqual([{ ok: false, error: 'conflict' }]);
  expect(r.written).toBe(1);
  expect(r.version).toBe(r.was + 1);
}

describe(`racing staff commands on one complaint (${dialectName})`, () => {
  for (const p of staffPairs) {
    it(`${p.name}: one wins, the other gets 'conflict', one event`, async () => {
      const code = await file();
      await p.prepare?.(code);
      expectOneWinner(await race(code, p.a, p.b, true));
    });
  }

  it('take × take and transfer × transfer without a form version, five times each: the UPDATE alone lets one through', async () => {
    for (let i = 0; i < 5; i++) {
      const take = await file();
      const r1 = await race(take, cmd.take(o1), cmd.take(o2), false);
      expectOneWinner(r1);
      const c = await row(take);
      expect([officer.id, officer2.id]).toContain(c.assignee_user_id);
      const moved = await file();
      expectOneWinner(await race(moved, cmd.transfer(o1, 'PUPR'), cmd.transfer(o2, 'DINSOS'), false));
      expect((await row(moved)).transfer_count).toBe(1);
    }
  });

  it('a stale form loses: a take on a complaint taken after the page loaded, and a priority after a transfer, are conflicts (never not_found)', async () => {
    const code = await file();
    const seen = (await row(code)).version;
    expect(await takeComplaint(db.db, code, staff(officer, seen))).toEqual({ ok: true });
    expect(await takeComplaint(db.db, code, staff(officer2, seen))).toEqual({ ok: false, error: 'conflict' });
    // Even with the current version, a complaint someone handles is not taken from them by "Saya tangani".
    expect(await takeComplaint(db.db, code, staff(officer2, (await row(code)).version))).toEqual({ ok: false, error: 'conflict' });
    expect((await row(code)).assignee_user_id).toBe(officer.id);
    // Reassigning deliberately stays possible.
    expect(await assignComplaint(db.db, code, { assigneeId: officer2.id }, staff(manager, (await row(code)).version))).toEqual({
      ok: true,
    });

    const now = (await row(code)).version;
    expect((await transferComplaint(db.db, code, { departmentCode: 'PUPR', reason: note('PUPR') }, staff(officer, now))).ok).toBe(true);
    expect(await setComplaintPriority(db.db, code, { priority: 'urgent' }, staff(officer2, now))).toEqual({ ok: false, error: 'conflict' });
    // A note from the old department: a conflict too (it left the department), not "not found".
    expect(await addInternalNote(db.db, code, { note: note('catatan') }, staff(officer2, undefined))).toEqual({
      ok: false,
      error: 'conflict',
    });
    expect((await row(code)).priority).toBe('normal');
  });

  it('take-over × resolve without a form version, five times: the UPDATE alone lets one through, and the resolver is whoever held it', async () => {
    for (let i = 0; i < 5; i++) {
      const code = await file();
      await inProgress(code);
      const r = await race(code, cmd.takeOver(o2), cmd.resolve(o1), false);
      expect(r.results.filter((x) => x.ok)).toHaveLength(1);
      expect([r.written, r.version]).toEqual([1, r.was + 1]);
      // Without a form version the resolve that reads after the take-over committed is told it is no
      // longer the officer's ('not_assignee'); one that read before it loses the UPDATE ('conflict').
      const [takeOver, resolved] = r.results;
      if (takeOver!.ok) expect(['conflict', 'not_assignee']).toContain(resolved!.error);
      else expect(takeOver).toEqual({ ok: false, error: 'conflict' });
      const c = await row(code);
      const resolve = await db.db
        .selectFrom('complaint_events')
        .select('actor_user_id')
        .where('complaint_id', '=', c.id)
        .where('action', '=', 'resolve')
        .executeTakeFirst();
      if (c.state === 'resolved') expect([c.assignee_user_id, resolve?.actor_user_id]).toEqual([officer.id, officer.id]);
      else expect([c.state, c.assignee_user_id, resolve]).toEqual(['in_progress', officer2.id, undefined]);
    }
  });

  it("a colleague cannot resolve someone else's complaint without a take-over, which is an event; a manager can", async () => {
    const code = await file();
    await inProgress(code);
    const before = await eventCount(code);
    expect(await resolveComplaint(db.db, code, { note: note('rekan') }, [], staff(officer2, (await row(code)).version))).toEqual({
      ok: false,
      error: 'not_assignee',
    });
    expect([(await row(code)).state, await eventCount(code)]).toEqual(['in_progress', before]);
    expect(await takeOverComplaint(db.db, code, staff(officer2, (await row(code)).version))).toEqual({ ok: true });
    const c = await row(code);
    const ev = await db.db
      .selectFrom('complaint_events')
      .selectAll()
      .where('complaint_id', '=', c.id)
      .where('action', '=', 'assign')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect([ev.actor_user_id, ev.visibility, JSON.parse(ev.details)]).toEqual([
      officer2.id,
      'internal',
      { assignee_user_id: officer2.id, takeover: true, from_assignee_user_id: officer.id },
    ]);
    // Taking over one's own complaint is no take-over.
    expect(await takeOverComplaint(db.db, code, staff(officer2, c.version))).toEqual({ ok: false, error: 'conflict' });
    expect(await resolveComplaint(db.db, code, { note: note('rekan') }, [], staff(officer2, c.version))).toEqual({ ok: true });
    const managed = await file();
    await inProgress(managed);
    expect(await resolveComplaint(db.db, managed, { note: note('kepala') }, [], staff(manager, (await row(managed)).version))).toEqual({
      ok: true,
    });
    expect((await row(managed)).assignee_user_id).toBe(officer.id);
  });

  it('a note neither needs nor bumps the version: a colleague noting something does not make an open form stale', async () => {
    const code = await file();
    const seen = (await row(code)).version;
    expect(await addInternalNote(db.db, code, { note: note('rekan') }, staff(officer2, undefined))).toEqual({ ok: true });
    expect((await row(code)).version).toBe(seen);
    expect(await takeComplaint(db.db, code, staff(officer, seen))).toEqual({ ok: true });
  });

  it('the compare-and-set writes nothing once another command changed the row after it was read', async () => {
    const code = await file();
    const c = await row(code);
    expect(await assignComplaint(db.db, code, { assigneeId: officer.id }, staff(manager, undefined))).toEqual({ ok: true });
    const changed = await db.db
      .transaction()
      .execute((trx) => updateComplaintAtVersion(trx, c.id, c.version, { priority: 'urgent', updated_at: Date.now() }));
    expect(changed).toBe(false);
    expect((await row(code)).priority).toBe('normal');
  });
});

describe(`the version and the report rollup triggers (${dialectName})`, () => {
  it('bumping the version alone marks nothing for the rollups; a change they watch (the assignee) still does, once', async () => {
    const code = await file();
    const c = await row(code);
    const dirty = async () =>
      (await db.db.selectFrom('report_durations_dirty').select('complaint_id').where('complaint_id', '=', c.id).execute()).length;
    // As if the report job had just brought this complaint up to date.
    await db.db.deleteFrom('report_durations_dirty').where('complaint_id', '=', c.id).execute();
    expect(await setComplaintPriority(db.db, code, { priority: 'high' }, staff(officer, c.version))).toEqual({ ok: true });
    expect((await row(code)).version).toBe(c.version + 1);
    expect(await dirty()).toBe(0);
    expect(await takeComplaint(db.db, code, staff(officer, c.version + 1))).toEqual({ ok: true });
    expect(await dirty()).toBe(1);
  });
});

describe(`racing verifier and resident commands (${dialectName})`, () => {
  const route =
    (u: () => SessionUser, dept: string): Command =>
    (code, v) =>
      routeComplaint(db.db, code, { departmentCode: dept }, { user: u(), now: at(HOUR), calendar, expectedVersion: v });
  const reject =
    (u: () => SessionUser): Command =>
    (code, v) =>
      rejectComplaint(db.db, code, { reason: 'out_of_scope', note: note('tolak') }, { user: u(), now: at(HOUR), expectedVersion: v });
  const privacy =
    (u: () => SessionUser, p: 'anonymous' | 'confidential'): Command =>
    (code, v) =>
      raisePrivacy(db.db, code, { privacy: p }, { user: u(), now: at(HOUR), expectedVersion: v });
  const v1 = () => verifier;
  const v2 = () => verifier2;

  for (const [name, a, b] of [
    ['route × route', route(v1, 'PUPR'), route(v2, 'DINSOS')],
    ['route × reject', route(v1, 'PUPR'), reject(v2)],
    ['privacy × route', privacy(v1, 'confidential'), route(v2, 'PUPR')],
  ] as const) {
    it(`${name}: one wins, the other gets 'conflict', one event`, async () => {
      const code = await file({ category: 'pencemaran', title: 'Bau limbah dari pabrik tahu' });
      expect((await row(code)).state).toBe('submitted');
      expectOneWinner(await race(code, a, b, true));
    });
  }

  it('auto-close × dispute: one of them, one event', async () => {
    const code = await file();
    await inProgress(code);
    expect((await resolveComplaint(db.db, code, { note: note('selesai') }, [], staff(officer, undefined, at(DAY)))).ok).toBe(true);
    const before = await eventCount(code);
    const [closed, disputed] = await Promise.all([
      autoCloseResolved(db.db, at(16 * DAY)),
      disputeResolution(db.db, code, { reason: 'Belum selesai di sini.' }, { user: null, hasKey: () => true, now: at(14 * DAY) }),
    ]);
    // Other tests' resolved complaints may close too; this one is either closed by the job or reopened.
    expect(closed.closed).toBeGreaterThanOrEqual(0);
    const state = (await row(code)).state;
    expect(state).toBe(disputed.ok ? 'reopened' : 'closed');
    expect((await eventCount(code)) - before).toBe(1);
  });
});
