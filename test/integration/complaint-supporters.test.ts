// Supporters ("Dukung"), the nearby search shown while filing, and merging a duplicate, against the
// database (SQLite and PostgreSQL): the search keeps to the radius (exact distance, not the box), the
// category, the 30-day window, open and non-confidential complaints; supporting is idempotent per account
// and per browser, also when two taps race; a merge moves supporters and followers without doubles, makes
// the duplicate's reporter a supporter and follower of the original, and of two merges racing on the same
// complaints exactly one wins (compare-and-set on both rows, no deadlock on PostgreSQL).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '../../src/server/auth/session.ts';
import { createTestDb, type TestDb } from '../support/db.ts';
import { sessionUser } from '../support/consultations.ts';
import { findNearbyComplaints, parseNearbyInput } from '../../src/server/supporters/nearby.ts';
import { distanceMetres } from '../../src/server/supporters/geo.ts';
import { supportComplaint, supportView } from '../../src/server/supporters/supporters.service.ts';
import { SUPPORTS_PER_HOUR } from '../../src/server/limits.ts';
import { rejectAsDuplicate } from '../../src/server/workflow/workflow.service.ts';
import { rejectComplaint } from '../../src/server/complaints/complaints.service.ts';
import { CODE_ALPHABET } from '../../src/server/complaints/complaint-codes.ts';

const KEL = '16.71.01.1001';
const KEL2 = '16.71.01.1002';
const HERE = { lat: -2.9761, lon: 104.7754 };
const DAY = 86_400_000;
const now = new Date('2026-11-30T10:00:00+07:00');
let db: TestDb;
let officer: SessionUser;
let verifier: SessionUser;
let otherOfficer: SessionUser;
let ani: SessionUser;
let budi: SessionUser;
let seq = 0;

/** A complaint row as filing and routing leave it (DLHK's 'sampah' unless told otherwise). */
async function insert(over: Record<string, unknown> = {}, category = 'sampah'): Promise<{ id: number; code: string }> {
  seq += 1;
  const code = `PLG-26-SP${[Math.floor(seq / 961), Math.floor(seq / 31) % 31, seq % 31].map((i) => CODE_ALPHABET[i]).join('')}Q`;
  const cat = await db.db.selectFrom('categories').select('id').where('code', '=', category).executeTakeFirstOrThrow();
  const dlhk = await db.db.selectFrom('departments').select('id').where('code', '=', 'DLHK').executeTakeFirstOrThrow();
  const t = now.getTime() - DAY;
  const r = await db.db
    .insertInto('complaints')
    .values({
      code,
      access_key_hash: 'k'.repeat(64),
      category_id: cat.id,
      title: `Sampah menumpuk ${code}`,
      description: 'Sampah menumpuk di tepi jalan sejak minggu lalu.',
      kecamatan_code: '16.71.01',
      kelurahan_code: KEL2,
      privacy: 'public',
      state: 'assigned',
      department_id: dlhk.id,
      reporter_name: 'Pelapor',
      reporter_email: `pelapor${seq}@example.test`,
      submitted_at: t,
      verification_due_at: t + DAY,
      assigned_at: t,
      response_due_at: t + 5 * DAY,
      resolution_due_at: t + 14 * DAY,
      updated_at: t,
      ...over,
    } as never)
    .returning(['id', 'code'])
    .executeTakeFirstOrThrow();
  return r;
}
const at = (dLat: number, dLon = 0) => ({ latitude: HERE.lat + dLat, longitude: HERE.lon + dLon });
const search = (fields: Record<string, string>) => findNearbyComplaints(db.db, parseNearbyInput(fields), { now, radiusM: 250 });
const point = { latitude: String(HERE.lat), longitude: String(HERE.lon) };
const supporters = async (complaintId: number) =>
  await db.db
    .selectFrom('complaint_supporters')
    .select(['supporter_key', 'via_complaint_id'])
    .where('complaint_id', '=', complaintId)
    .orderBy('supporter_key')
    .execute();
const followers = async (complaintId: number) =>
  (await db.db.selectFrom('complaint_follows').select('user_id').where('complaint_id', '=', complaintId).orderBy('user_id').execute()).map(
    (r) => r.user_id,
  );
const visitor = (deviceId: string, ip = '198.51.100.7') => ({ user: null, deviceId, ip });
const resident = (user: SessionUser, ip = '198.51.100.7') => ({ user, deviceId: 'f'.repeat(32), ip });
const staff = (user: SessionUser, version?: number) => ({ user, now, siteUrl: 'https://lapor.example.go.id', expectedVersion: version });

beforeAll(async () => {
  db = await createTestDb();
  officer = await sessionUser(db.db, { role: 'officer', departmentCode: 'DLHK' });
  otherOfficer = await sessionUser(db.db, { role: 'officer', departmentCode: 'PUPR' });
  verifier = await sessionUser(db.db, { role: 'verifier' });
  ani = await sessionUser(db.db, { role: 'resident' });
  budi = await sessionUser(db.db, { role: 'resident' });
});
afterAll(async () => {
  await db?.cleanup();
});

describe('nearby similar complaints', () => {
  it('lists open complaints of the category within the radius or in the kelurahan, 30 days, never confidential ones', async () => {
    const inside = await insert(at(0.0015)); // ~167 m north
    const corner = await insert(at(0.0017, 0.0017)); // inside the search box, ~267 m away: outside the circle
    const outside = await insert(at(0.003)); // ~334 m
    const otherCategory = await insert(at(0.0005), 'jalan-rusak');
    const old = await insert({ ...at(0.0005), submitted_at: now.getTime() - 31 * DAY });
    const recentEnough = await insert({ ...at(0.0008), submitted_at: now.getTime() - 29 * DAY });
    const confidential = await insert({ ...at(0.0002), privacy: 'confidential', title: 'Judul rahasia' });
    const anonymous = await insert({ ...at(0.001), privacy: 'anonymous' });
    const resolved = await insert({ ...at(0.0003), state: 'resolved', resolved_at: now.getTime() - DAY });
    const sameKelurahan = await insert({ kelurahan_code: KEL }); // no point given: found by its kelurahan
    expect(distanceMetres(HERE, { lat: HERE.lat + 0.0017, lon: HERE.lon + 0.0017 })).toBeGreaterThan(250);

    const found = await search({ category: 'sampah', ...point });
    const codes = found.map((f) => f.code);
    expect(codes).toEqual(expect.arrayContaining([inside.code, recentEnough.code, anonymous.code]));
    for (const c of [corner, outside, otherCategory, old, confidential, resolved, sameKelurahan]) expect(codes).not.toContain(c.code);
    // Nearest first, with the distance in metres.
    expect(found.map((f) => f.distanceM)).toEqual(found.map((f) => f.distanceM).sort((a, b) => a! - b!));
    expect(found.find((f) => f.code === inside.code)!.distanceM).toBeGreaterThan(150);
    expect(found.find((f) => f.code === inside.code)!.distanceM).toBeLessThan(180);
    // Nothing of a confidential complaint appears, not even its title.
    expect(JSON.stringify(found)).not.toContain('rahasia');

    // The kelurahan alone finds the one there; with the point too, both.
    expect((await search({ category: 'sampah', kelurahan: KEL })).map((f) => f.code)).toEqual([sameKelurahan.code]);
    const both = (await search({ category: 'sampah', kelurahan: KEL, ...point })).map((f) => f.code);
    expect(both).toEqual(expect.arrayContaining([sameKelurahan.code, inside.code]));
    // Not enough to search: no category, or no place.
    expect(await search({ ...point, kelurahan: KEL })).toEqual([]);
    expect(await search({ category: 'sampah' })).toEqual([]);
    // Malformed input is ignored, never an error.
    expect(await search({ category: "x' or 1=1 --", latitude: 'abc', longitude: '999' })).toEqual([]);
  });
});

describe('supporters', () => {
  it('counts one support per account and per browser, also for a double tap, and lets a resident follow', async () => {
    const c = await insert();
    const first = await supportComplaint(db.db, c.code, resident(ani), { follow: true, now });
    expect(first).toEqual({ ok: true, added: true, following: true });
    expect(await supportComplaint(db.db, c.code, resident(ani), { follow: true, now })).toEqual({
      ok: true,
      added: false,
      following: true,
    });
    // Two taps at once from one browser: one row.
    const taps = await Promise.all([0, 1].map(() => supportComplaint(db.db, c.code, visitor('a'.repeat(32)), { follow: false, now })));
    expect(taps.filter((r) => r.ok && r.added)).toHaveLength(1);
    expect(taps.every((r) => r.ok)).toBe(true);
    await supportComplaint(db.db, c.code, visitor('b'.repeat(32)), { follow: true, now });
    const rows = await supporters(c.id);
    expect(rows).toHaveLength(3);
    // The browser's marker is stored only as a keyed hash.
    expect(rows.some((r) => r.supporter_key.includes('a'.repeat(32)))).toBe(false);
    // Following needs an account: the visitor's "follow" does nothing; the resident follows.
    expect(await followers(c.id)).toEqual([ani.id]);
    expect(await supportView(db.db, c.code, { user: ani, deviceId: null })).toEqual({ count: 3, supported: true, offered: true });
    expect(await supportView(db.db, c.code, { user: null, deviceId: 'c'.repeat(32) })).toEqual({
      count: 3,
      supported: false,
      offered: true,
    });
  });

  it('refuses confidential, closed and own complaints, and limits the rate', async () => {
    const secret = await insert({ privacy: 'confidential' });
    const done = await insert({ state: 'closed', closed_at: now.getTime() });
    const own = await insert({ reporter_user_id: budi.id });
    expect(await supportComplaint(db.db, secret.code, resident(ani), { follow: false, now })).toEqual({
      ok: false,
      error: 'not_supportable',
    });
    expect(await supportView(db.db, secret.code, { user: ani, deviceId: null })).toBeNull();
    expect(await supportComplaint(db.db, done.code, resident(ani), { follow: false, now })).toEqual({
      ok: false,
      error: 'not_supportable',
    });
    expect(await supportComplaint(db.db, own.code, resident(budi), { follow: false, now })).toEqual({ ok: false, error: 'reporter' });
    expect(await supportComplaint(db.db, 'PLG-26-NOPE00', resident(ani), { follow: false, now })).toEqual({
      ok: false,
      error: 'not_found',
    });
    const c = await insert();
    const device = 'd'.repeat(32);
    for (let i = 0; i < SUPPORTS_PER_HOUR; i++)
      await supportComplaint(db.db, c.code, visitor(device, '203.0.113.9'), { follow: false, now });
    const limited = await supportComplaint(db.db, c.code, visitor(device, '203.0.113.9'), { follow: false, now });
    expect(limited.ok === false && limited.error).toBe('rate_limited');
    expect(await supporters(c.id)).toHaveLength(1);
  });
});

describe('merging a duplicate', () => {
  it('moves supporters and followers without doubles, and the reporter supports and follows the original', async () => {
    const original = await insert({ reporter_user_id: budi.id });
    const dup = await insert({ reporter_user_id: ani.id });
    const carol = await sessionUser(db.db, { role: 'resident' });
    const dedi = await sessionUser(db.db, { role: 'resident' });
    // Carol supports and follows both; Dedi only the duplicate; a visitor's browser supports the duplicate;
    // Budi (the original's reporter) supports the duplicate and must not become his own supporter.
    for (const code of [original.code, dup.code]) await supportComplaint(db.db, code, resident(carol), { follow: true, now });
    await supportComplaint(db.db, dup.code, resident(dedi), { follow: true, now });
    await supportComplaint(db.db, dup.code, visitor('e'.repeat(32)), { follow: false, now });
    await supportComplaint(db.db, dup.code, resident(budi), { follow: true, now });
    const dupRow = await db.db.selectFrom('complaints').select('version').where('id', '=', dup.id).executeTakeFirstOrThrow();

    // Another department's officer cannot merge it.
    expect(await rejectAsDuplicate(db.db, dup.code, { duplicateOf: original.code, note: 'Sama.' }, staff(otherOfficer))).toEqual({
      ok: false,
      error: 'not_found',
    });
    expect(
      await rejectAsDuplicate(db.db, dup.code, { duplicateOf: original.code, note: 'Sudah dilaporkan.' }, staff(officer, dupRow.version)),
    ).toEqual({ ok: true });

    const d = await db.db.selectFrom('complaints').selectAll().where('id', '=', dup.id).executeTakeFirstOrThrow();
    expect([d.state, d.rejection_reason, d.duplicate_of_id, d.resolved_at]).toEqual(['rejected', 'duplicate', original.id, null]);
    const keys = (await supporters(original.id)).map((r) => r.supporter_key);
    expect(keys).toHaveLength(new Set(keys).size);
    expect(keys).toEqual(expect.arrayContaining([`user:${carol.id}`, `user:${dedi.id}`, `user:${ani.id}`]));
    expect(keys.filter((k) => k.startsWith('device:'))).toHaveLength(1);
    expect(keys).not.toContain(`user:${budi.id}`);
    expect(keys).toHaveLength(4);
    expect(await followers(original.id)).toEqual([carol.id, dedi.id, ani.id].sort((a, b) => a - b));
    // Events on both complaints, audit rows for both.
    const events = await db.db
      .selectFrom('complaint_events')
      .select(['complaint_id', 'action', 'visibility'])
      .where('complaint_id', 'in', [dup.id, original.id])
      .execute();
    expect(events).toEqual(
      expect.arrayContaining([
        { complaint_id: dup.id, action: 'reject', visibility: 'public' },
        { complaint_id: original.id, action: 'merged', visibility: 'public' },
      ]),
    );
    const audits = await db.db
      .selectFrom('audit_log')
      .select(['action', 'object_id'])
      .where('object_id', 'in', [dup.code, original.code])
      .execute();
    expect(audits).toEqual(
      expect.arrayContaining([
        { action: 'complaint.rejected', object_id: dup.code },
        { action: 'complaint.duplicate_merged', object_id: original.code },
      ]),
    );
    // The duplicate's reporter is told by email where it is handled now.
    const mail = await db.db
      .selectFrom('outbox')
      .select(['recipient', 'body_text'])
      .where('topic', '=', `complaint.reject:${dup.code}`)
      .executeTakeFirstOrThrow();
    expect(mail.body_text).toContain(original.code);
    // A merged duplicate takes no more support, and cannot be merged into.
    expect(await supportComplaint(db.db, dup.code, resident(dedi), { follow: false, now })).toEqual({
      ok: false,
      error: 'not_supportable',
    });
    const third = await insert();
    expect(await rejectAsDuplicate(db.db, third.code, { duplicateOf: dup.code, note: 'Sama.' }, staff(officer))).toEqual({
      ok: false,
      error: 'original_rejected',
    });
  });

  it("a verifier's merge of a reporter without an account keeps them as a supporter by the duplicate", async () => {
    const original = await insert();
    const dup = await insert({ state: 'submitted', department_id: null, assigned_at: null });
    expect(
      await rejectComplaint(
        db.db,
        dup.code,
        { reason: 'duplicate', duplicateOf: original.code, note: 'Sudah ada.' },
        { user: verifier, now },
      ),
    ).toEqual({ ok: true });
    expect(await supporters(original.id)).toEqual([{ supporter_key: `reporter:${dup.id}`, via_complaint_id: dup.id }]);
  });

  it('of two merges racing on the same complaints exactly one wins, crossing or not', async () => {
    for (let round = 0; round < 3; round++) {
      const a = await insert();
      const b = await insert();
      const c = await insert();
      // Crossing: A into B and B into A at once (locks taken in id order: no deadlock, one conflict).
      const crossing = await Promise.all([
        rejectAsDuplicate(db.db, a.code, { duplicateOf: b.code, note: 'Sama.' }, staff(officer)),
        rejectAsDuplicate(db.db, b.code, { duplicateOf: a.code, note: 'Sama.' }, staff(officer)),
      ]);
      expect(crossing.filter((r) => r.ok)).toHaveLength(1);
      expect(crossing.find((r) => !r.ok)).toMatchObject({ ok: false });
      const states = await db.db
        .selectFrom('complaints')
        .select(['id', 'state', 'duplicate_of_id'])
        .where('id', 'in', [a.id, b.id])
        .orderBy('id')
        .execute();
      expect(states.filter((s) => s.state === 'rejected')).toHaveLength(1);
      // The same duplicate into two originals at once (verifier and department): one merge.
      const d = await insert();
      await supportComplaint(db.db, d.code, resident(ani), { follow: true, now });
      const same = await Promise.all([
        rejectAsDuplicate(db.db, d.code, { duplicateOf: c.code, note: 'Sama.' }, staff(officer)),
        rejectAsDuplicate(
          db.db,
          d.code,
          { duplicateOf: states.find((s) => s.state !== 'rejected')!.id === a.id ? a.code : b.code, note: 'Sama.' },
          staff(officer),
        ),
      ]);
      expect(same.filter((r) => r.ok)).toHaveLength(1);
      expect(same.find((r) => !r.ok)).toEqual({ ok: false, error: 'conflict' });
      const carried = await db.db.selectFrom('complaint_supporters').select('complaint_id').where('via_complaint_id', '=', d.id).execute();
      expect(carried).toHaveLength(2); // Ani and the duplicate's reporter, on one original only
      expect(new Set(carried.map((r) => r.complaint_id)).size).toBe(1);
    }
  });

  it('a support racing a merge ends up on the original or is refused, never lost', async () => {
    for (let round = 0; round < 3; round++) {
      const original = await insert();
      const dup = await insert();
      const [support, merge] = await Promise.all([
        supportComplaint(db.db, dup.code, visitor(`${round}`.repeat(32)), { follow: false, now }),
        rejectAsDuplicate(db.db, dup.code, { duplicateOf: original.code, note: 'Sama.' }, staff(officer)),
      ]);
      expect(merge).toEqual({ ok: true });
      const onOriginal = (await supporters(original.id)).filter((r) => r.supporter_key.startsWith('device:'));
      if (support.ok) expect(onOriginal).toHaveLength(1);
      else expect(support).toEqual({ ok: false, error: 'not_supportable' });
    }
  });
});
