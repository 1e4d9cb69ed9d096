// Resolution checks (issue 21) against the database, SQLite and PostgreSQL: which resolutions wait for a
// check (the integrity flags, the seeded sample), the checker's return and acceptance, the automatic
// acceptance after 3 working days of the calendar, the after-photo rule of a category, races on a check,
// and the officer's evidence after each event equal to a recomputation from scratch.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dialectName, type TestDb } from '../support/db.ts';
import { createTestUser } from '../support/users.ts';
import { jpeg } from '../support/complaints.ts';
import { loadCalendar } from '../../src/server/calendar/calendar.repository.ts';
import type { WorkingCalendar } from '../../src/server/calendar/calendar.ts';
import { submitComplaint } from '../../src/server/complaints/complaints.service.ts';
import type { NewComplaintInput } from '../../src/server/complaints/complaints.schema.ts';
import { processPhotos } from '../../src/server/complaints/complaint-photos.ts';
import type { SessionUser } from '../../src/server/auth/session.ts';
import { resolveComplaint, respondToComplaint } from '../../src/server/workflow/workflow.service.ts';
import { confirmResolution, disputeResolution } from '../../src/server/workflow/resident.service.ts';
import { acceptResolution, autoAcceptChecks, listResolutionChecks, returnResolution } from '../../src/server/checks/checks.service.ts';
import { setCategoryResolutionRules, setCheckShare } from '../../src/server/checks/checks.admin.ts';
import { sampleDraw } from '../../src/server/checks/sampling.ts';
import { viewOfficerEvidence } from '../../src/server/appraisal/appraisal.service.ts';
import { departmentEvidence } from '../../src/server/appraisal/evidence.ts';
import { loadFacts } from '../../src/server/metrics/metrics.repository.ts';
import { clockFor } from '../../src/server/metrics/reports.service.ts';
import { stageEvents } from '../../src/server/appraisal/appraisal.repository.ts';
import { checksOfResolutions } from '../../src/server/checks/checks.repository.ts';
import { periodOfKey } from '../../src/server/appraisal/appraisal.schema.ts';

let db: TestDb;
let uploadDir: string;
let calendar: WorkingCalendar;
let officer: SessionUser;
let officer2: SessionUser;
let manager: SessionUser;
let checker: SessionUser;
let admin: SessionUser;
// Monday 2026-11-02, 09:00 WIB.
const start = new Date('2026-11-02T09:00:00+07:00');
const HOUR = 3_600_000;
const MIN = 60_000;
const DAY = 24 * HOUR;
const at = (ms: number) => new Date(start.getTime() + ms);
const SITE = 'http://portal.test';

function asSessionUser(u: {
  id: number;
  email: string;
  role: SessionUser['role'];
  departmentId: number | null;
  nip?: string | null;
}): SessionUser {
  return {
    id: u.id,
    email: u.email,
    name: 'Staf',
    role: u.role,
    departmentId: u.departmentId,
    nip: u.nip ?? null,
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
    email: 'siti.checks@example.test',
    phone: '+6281234567890',
    ...over,
  };
}
async function file(now: Date) {
  const r = await submitComplaint(db.db, input(), [], { user: null, now, calendar, uploadDir, siteUrl: SITE, locale: 'id' });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.code;
}
const staff = (user: SessionUser, now: Date) => ({ user, now, siteUrl: SITE, calendar, uploadDir });
const reporter = (now: Date) => ({ user: null, hasKey: () => true, now, siteUrl: SITE });
const row = (code: string) => db.db.selectFrom('complaints').selectAll().where('code', '=', code).executeTakeFirstOrThrow();
const checkOf = async (code: string) => {
  const c = await row(code);
  return db.db.selectFrom('resolution_checks').selectAll().where('complaint_id', '=', c.id).orderBy('id', 'desc').executeTakeFirst();
};
const resolveMails = async (code: string) =>
  (await db.db.selectFrom('outbox').select('topic').where('topic', '=', `complaint.resolve:${code}`).execute()).length;

/** Filed at t, answered a day later, resolved two days later: nothing the integrity signals flag. */
async function careful(t: number, by = officer) {
  const code = await file(at(t));
  expect((await respondToComplaint(db.db, code, { note: 'Petugas kami jadwalkan ke lokasi besok.' }, staff(by, at(t + DAY)))).ok).toBe(
    true,
  );
  expect(await resolveComplaint(db.db, code, { note: 'Sampah sudah diangkut seluruhnya.' }, [], staff(by, at(t + 2 * DAY)))).toEqual({
    ok: true,
  });
  return code;
}
/** Answered and resolved within minutes of assignment: flagged fast and without a response. */
async function hasty(t: number, by = officer) {
  const code = await file(at(t));
  expect((await respondToComplaint(db.db, code, { note: 'Terima kasih, segera kami tangani.' }, staff(by, at(t + 2 * MIN)))).ok).toBe(true);
  expect(await resolveComplaint(db.db, code, { note: 'Sudah ditangani, terima kasih.' }, [], staff(by, at(t + 4 * MIN)))).toEqual({
    ok: true,
  });
  return code;
}

beforeAll(async () => {
  db = await createTestDb();
  uploadDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-checks-'));
  calendar = await loadCalendar(db.db, 'Asia/Jakarta');
  const nip = (n: number) => `1990010120200100${String(n).padStart(2, '0')}`;
  officer = asSessionUser({
    ...(await createTestUser(db.db, { role: 'officer', departmentCode: 'DLHK', nip: nip(31), name: 'Petugas Cermat' })),
    nip: nip(31),
  });
  officer2 = asSessionUser({
    ...(await createTestUser(db.db, { role: 'officer', departmentCode: 'DLHK', nip: nip(32), name: 'Petugas Kedua' })),
    nip: nip(32),
  });
  manager = asSessionUser(await createTestUser(db.db, { role: 'manager', departmentCode: 'DLHK' }));
  checker = asSessionUser(await createTestUser(db.db, { role: 'verifier' }));
  admin = asSessionUser(await createTestUser(db.db, { role: 'admin' }));
});
afterAll(async () => {
  await db?.cleanup();
  fs.rmSync(uploadDir, { recursive: true, force: true });
});

describe(`which resolutions wait for a check (${dialectName})`, () => {
  it('holds a fast resolution without a response for the check: no resolution email, no confirmation yet, a dispute still goes through', async () => {
    const code = await hasty(0);
    const k = (await checkOf(code))!;
    expect([k.state, k.reasons, Number(k.sampled)]).toEqual(['pending', 'fast no_response', 0]);
    expect(await resolveMails(code)).toBe(0);
    expect(await confirmResolution(db.db, code, reporter(at(HOUR)))).toEqual({ ok: false, error: 'conflict' });
    expect((await listResolutionChecks(db.db, { user: checker }))!.map((x) => x.code)).toContain(code);
    // Officers and managers do not see the queue.
    expect(await listResolutionChecks(db.db, { user: manager })).toBeNull();
    expect((await disputeResolution(db.db, code, { reason: 'Sampahnya masih ada di sana.' }, reporter(at(HOUR)))).ok).toBe(true);
    expect((await listResolutionChecks(db.db, { user: checker }))!.map((x) => x.code)).not.toContain(code);
  });

  it('draws the sample deterministically from the seed: the same resolutions with the same seed, all at 100%, none at 0%', async () => {
    await db.db
      .insertInto('settings')
      .values({ key: 'resolution_check_seed', value: 'benih-uji' })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: 'benih-uji' }))
      .execute();
    expect(await setCheckShare(db.db, 50, { user: admin, now: at(0) })).toEqual({ ok: true });
    const codes: string[] = [];
    for (let i = 0; i < 8; i++) codes.push(await careful(7 * DAY + i * HOUR));
    for (const code of codes) {
      const c = await row(code);
      const expected = sampleDraw('benih-uji', code, Number(c.resolved_at)) < 0.5;
      const k = await checkOf(code);
      expect(k ? [k.reasons, Number(k.sampled)] : null, code).toEqual(expected ? ['sample', 1] : null);
      // Unchecked resolutions ask the reporter at once.
      expect(await resolveMails(code)).toBe(expected ? 0 : 1);
    }
    expect(await setCheckShare(db.db, 100, { user: admin, now: at(0) })).toEqual({ ok: true });
    expect((await checkOf(await careful(8 * DAY)))?.reasons).toBe('sample');
    expect(await setCheckShare(db.db, 0, { user: admin, now: at(0) })).toEqual({ ok: true });
    expect(await checkOf(await careful(9 * DAY))).toBeUndefined();
    expect(await setCheckShare(db.db, 10, { user: officer, now: at(0) })).toEqual({ ok: false });
  });

  it('requires an after photo where the category says so (and queues none for the missing photo then)', async () => {
    expect(
      await setCategoryResolutionRules(db.db, 'sampah', { photoRequired: true, distanceM: null }, { user: manager, now: at(0) }),
    ).toEqual({ ok: false });
    expect(await setCategoryResolutionRules(db.db, 'sampah', { photoRequired: true, distanceM: 200 }, { user: admin, now: at(0) })).toEqual(
      { ok: true },
    );
    const code = await file(at(10 * DAY));
    await respondToComplaint(db.db, code, { note: 'Petugas kami jadwalkan ke lokasi besok.' }, staff(officer, at(11 * DAY)));
    expect(await resolveComplaint(db.db, code, { note: 'Sampah sudah diangkut seluruhnya.' }, [], staff(officer, at(12 * DAY)))).toEqual({
      ok: false,
      error: 'photo_required',
    });
    expect((await row(code)).state).toBe('in_progress');
    const photo = await processPhotos([new File([new Uint8Array(await jpeg(120, 90))], 'sesudah.jpg', { type: 'image/jpeg' })]);
    if (!photo.ok) throw new Error('photo refused');
    expect(
      await resolveComplaint(db.db, code, { note: 'Sampah sudah diangkut seluruhnya.' }, photo.photos, staff(officer, at(12 * DAY))),
    ).toEqual({ ok: true });
    expect(await checkOf(code)).toBeUndefined();
    // The location check: a point 1 km from the complaint's (when the complaint has one) is flagged 'far'.
    const far = await file(at(13 * DAY));
    await db.db.updateTable('complaints').set({ latitude: -2.95, longitude: 104.75 }).where('code', '=', far).execute();
    await respondToComplaint(db.db, far, { note: 'Petugas kami jadwalkan ke lokasi besok.' }, staff(officer, at(14 * DAY)));
    expect(
      await resolveComplaint(
        db.db,
        far,
        { note: 'Sampah sudah diangkut seluruhnya.', point: { lat: -2.959, lon: 104.75 } },
        photo.photos,
        staff(officer, at(15 * DAY)),
      ),
    ).toEqual({ ok: true });
    expect((await checkOf(far))?.reasons).toBe('far');
    await setCategoryResolutionRules(db.db, 'sampah', { photoRequired: false, distanceM: null }, { user: admin, now: at(0) });
  });
});

describe(`returning and accepting (${dialectName})`, () => {
  it('a return sends the complaint back in progress with the reason visible to the department; resolved again and accepted, the reporter confirms', async () => {
    const code = await hasty(20 * DAY);
    const k = (await checkOf(code))!;
    expect(
      await returnResolution(
        db.db,
        k.id,
        { version: k.version, reason: 'Foto dan catatan tidak menunjukkan sampah diangkut.' },
        { user: officer, now: at(21 * DAY), siteUrl: SITE },
      ),
    ).toEqual({ ok: false, error: 'not_found' });
    expect(
      await returnResolution(
        db.db,
        k.id,
        { version: k.version, reason: 'Foto dan catatan tidak menunjukkan sampah diangkut.' },
        { user: checker, now: at(21 * DAY), siteUrl: SITE },
      ),
    ).toEqual({ ok: true });
    const c = await row(code);
    expect([c.state, c.reopened_count]).toEqual(['in_progress', 1]);
    expect((await checkOf(code))!.state).toBe('returned');
    const ev = await db.db
      .selectFrom('complaint_events')
      .selectAll()
      .where('complaint_id', '=', c.id)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect([ev.action, ev.actor_kind, ev.visibility, ev.note, ev.to_state]).toEqual([
      'dispute',
      'verifier',
      'internal',
      'Foto dan catatan tidak menunjukkan sampah diangkut.',
      'in_progress',
    ]);
    // A second decision on the same check: a conflict.
    expect(await acceptResolution(db.db, k.id, { version: k.version }, { user: checker, now: at(21 * DAY), siteUrl: SITE })).toEqual({
      ok: false,
      error: 'conflict',
    });
    // Resolved again, days after the first response: nothing flagged, so the reporter is asked at once.
    expect(
      await resolveComplaint(db.db, code, { note: 'Sudah diangkut truk kedua, lokasi bersih.' }, [], staff(officer, at(22 * DAY))),
    ).toEqual({ ok: true });
    expect((await checkOf(code))!.state).toBe('returned');
    expect(await resolveMails(code)).toBe(1);
    expect(await confirmResolution(db.db, code, reporter(at(24 * DAY)))).toEqual({ ok: true });
    expect((await row(code)).state).toBe('closed');
  });

  it("an accepted resolution is then the reporter's to confirm, with the resolution email sent at acceptance", async () => {
    const code = await hasty(25 * DAY);
    const k = (await checkOf(code))!;
    expect(await resolveMails(code)).toBe(0);
    expect(await acceptResolution(db.db, k.id, { version: k.version }, { user: checker, now: at(26 * DAY), siteUrl: SITE })).toEqual({
      ok: true,
    });
    expect((await checkOf(code))!.state).toBe('accepted');
    expect(await resolveMails(code)).toBe(1);
    expect(await confirmResolution(db.db, code, reporter(at(27 * DAY)))).toEqual({ ok: true });
  });

  it('accepts unchecked resolutions after 3 working days of the calendar (holidays skipped), recorded as automatic', async () => {
    // Resolved Friday 2026-12-04 10:00 WIB; Monday 7 December a holiday in this test's calendar (made up for the test).
    const fri = new Date('2026-12-04T10:00:00+07:00').getTime();
    const code = await file(new Date(fri - 10 * MIN));
    await respondToComplaint(db.db, code, { note: 'Terima kasih, segera kami tangani.' }, staff(officer, new Date(fri - 8 * MIN)));
    expect(await resolveComplaint(db.db, code, { note: 'Sudah ditangani, terima kasih.' }, [], staff(officer, new Date(fri)))).toEqual({
      ok: true,
    });
    const holiday = { ...calendar, holidays: new Set([...calendar.holidays, '2026-12-07']) };
    const mine = async () => (await checkOf(code))!.state;
    // Due at the end of the third working day after the resolution's day, like every due date here:
    // Tuesday 8, Wednesday 9 and Thursday 10 December (without the holiday it would be Wednesday's end).
    await autoAcceptChecks(db.db, new Date('2026-12-10T10:00:00+07:00'), holiday, SITE);
    expect(await mine()).toBe('pending');
    await autoAcceptChecks(db.db, new Date('2026-12-10T23:59:00+07:00'), holiday, SITE);
    expect(await mine()).toBe('pending');
    const r = await autoAcceptChecks(db.db, new Date('2026-12-11T00:00:00+07:00'), holiday, SITE);
    expect(r.accepted).toBeGreaterThanOrEqual(1);
    expect(await mine()).toBe('auto_accepted');
    const c = await row(code);
    const ev = await db.db
      .selectFrom('complaint_events')
      .selectAll()
      .where('complaint_id', '=', c.id)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect([ev.action, ev.actor_kind, ev.actor_user_id]).toEqual(['check_auto_accepted', 'system', null]);
    expect(
      (
        await db.db
          .selectFrom('audit_log')
          .select('action')
          .where('object_id', '=', code)
          .where('action', '=', 'resolution_check.auto_accepted')
          .execute()
      ).length,
    ).toBe(1);
    expect(await resolveMails(code)).toBe(1);
  });

  it('accept × return on one check at once: one wins, the other gets a conflict, one event', async () => {
    for (let i = 0; i < 3; i++) {
      const code = await hasty(30 * DAY + i * HOUR);
      const k = (await checkOf(code))!;
      const c = await row(code);
      const before = (await db.db.selectFrom('complaint_events').select('id').where('complaint_id', '=', c.id).execute()).length;
      const ctx = { user: checker, now: at(31 * DAY), siteUrl: SITE };
      const results = await Promise.all([
        acceptResolution(db.db, k.id, { version: k.version }, ctx),
        returnResolution(db.db, k.id, { version: k.version, reason: 'Belum ada bukti penanganan.' }, ctx),
      ]);
      expect(results.filter((x) => x.ok)).toHaveLength(1);
      expect(results.filter((x) => !x.ok)).toEqual([{ ok: false, error: 'conflict' }]);
      const after = (await db.db.selectFrom('complaint_events').select('id').where('complaint_id', '=', c.id).execute()).length;
      expect(after - before).toBe(1);
    }
  });

  it("return × the reporter's dispute at once: exactly one of them changes the complaint", async () => {
    const code = await hasty(32 * DAY);
    const k = (await checkOf(code))!;
    const [ret, dis] = await Promise.all([
      returnResolution(
        db.db,
        k.id,
        { version: k.version, reason: 'Belum ada bukti penanganan.' },
        { user: checker, now: at(33 * DAY), siteUrl: SITE },
      ),
      disputeResolution(db.db, code, { reason: 'Sampahnya masih ada di sana.' }, reporter(at(33 * DAY))),
    ]);
    expect([ret.ok, dis.ok].filter(Boolean)).toHaveLength(1);
    expect((await row(code)).reopened_count).toBe(1);
  });
});

describe(`evidence after each check event (${dialectName})`, () => {
  const PERIOD = '2027-S1';
  const base = new Date('2027-01-11T09:00:00+07:00').getTime();
  const ctxOf = (now: Date) => ({ user: manager, now });

  /** The evidence recomputed from scratch: every complaint of the period, every stage event, every check. */
  async function fromScratch(now: Date) {
    const period = periodOfKey(PERIOD, 'Asia/Jakarta');
    const range = { from: period.from.getTime(), to: period.to.getTime(), now: now.getTime() };
    const facts = (await loadFacts(db.db, range)).filter((f) => f.departmentId === officer.departmentId);
    const cal = await loadCalendar(db.db, 'Asia/Jakarta');
    const ctx = { ...range, clock: clockFor(facts, { period, now, calendar: cal }) };
    return departmentEvidence(facts, ctx, {
      officerIds: [officer.id],
      minSample: 10,
      stages: await stageEvents(
        db.db,
        facts.map((f) => f.id),
      ),
      checks: await checksOfResolutions(db.db, range, [officer.id]),
    }).get(officer.id)!;
  }
  async function expectSame(now: Date) {
    const v = await viewOfficerEvidence(db.db, { nip: officer.nip!, periodKey: PERIOD }, ctxOf(now));
    if (!v.ok) throw new Error('manager should see the officer');
    const scratch = await fromScratch(now);
    expect({ ...v.view.evidence, consultationResponses: null }).toEqual({ ...scratch, consultationResponses: null });
    return v.view.evidence;
  }

  it('counts a returned resolution like a disputed one, says how many were checked, and matches a recomputation after every event', async () => {
    const t = (d: number) => base + d * DAY;
    const code = await file(new Date(t(0)));
    await respondToComplaint(db.db, code, { note: 'Terima kasih, segera kami tangani.' }, staff(officer, new Date(t(0) + 2 * MIN)));
    await resolveComplaint(db.db, code, { note: 'Sudah ditangani, terima kasih.' }, [], staff(officer, new Date(t(0) + 4 * MIN)));
    let e = await expectSame(new Date(t(1)));
    expect([e.checks.pending, e.checks.checked, e.disputes]).toEqual([1, 0, 0]);
    const k = (await checkOf(code))!;
    await returnResolution(
      db.db,
      k.id,
      { version: k.version, reason: 'Belum ada bukti penanganan di lokasi.' },
      { user: checker, now: new Date(t(1)), siteUrl: SITE },
    );
    e = await expectSame(new Date(t(2)));
    expect([
      e.checks.checked,
      e.checks.returned,
      e.disputes,
      e.reopen.officer.numerator,
      e.reopen.officer.n,
      e.signals.returned.count,
      e.signals.returned.n,
    ]).toEqual([1, 1, 1, 1, 1, 1, 1]);
    // A colleague takes it over and resolves it properly; the first officer keeps the return.
    await db.db.updateTable('complaints').set({ assignee_user_id: officer2.id }).where('code', '=', code).execute();
    await resolveComplaint(db.db, code, { note: 'Sudah diangkut truk kedua, lokasi bersih.' }, [], staff(officer2, new Date(t(3))));
    const k2 = (await checkOf(code))!;
    await acceptResolution(db.db, k2.id, { version: k2.version }, { user: checker, now: new Date(t(4)), siteUrl: SITE });
    e = await expectSame(new Date(t(5)));
    expect([e.checks.checked, e.checks.returned, e.disputes, e.resolutionSla.officer.n]).toEqual([1, 1, 1, 0]);
    await confirmResolution(db.db, code, reporter(new Date(t(5))));
    await expectSame(new Date(t(6)));
  });
});
