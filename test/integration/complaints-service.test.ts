// Complaint commands against the database: submit → auto-routed or queued → routed / rejected,
// with events, audit rows, due dates, the outbox email and the state check between two verifiers.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dialectName, type TestDb } from '../support/db.ts';
import { createTestUser } from '../support/users.ts';
import { loadCalendar } from '../../src/server/calendar/calendar.repository.ts';
import {
  raisePrivacy,
  rejectComplaint,
  routeComplaint,
  submitComplaint,
  type SubmitContext,
} from '../../src/server/complaints/complaints.service.ts';
import type { NewComplaintInput } from '../../src/server/complaints/complaints.schema.ts';
import type { SessionUser } from '../../src/server/auth/session.ts';
import type { WorkingCalendar } from '../../src/server/calendar/calendar.ts';
import { processPhotos } from '../../src/server/complaints/complaint-photos.ts';
import { jpeg } from '../support/complaints.ts';

let db: TestDb;
let uploadDir: string;
let calendar: WorkingCalendar;
let verifier: SessionUser;
let verifier2: SessionUser;
let officer: SessionUser;
// Monday 23 November 2026, 09:00 WIB.
const monday = new Date('2026-11-23T09:00:00+07:00');

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
    category: 'pencemaran',
    title: 'Bau limbah dari pabrik tahu',
    description: 'Setiap sore bau limbah menyengat dari saluran di belakang pabrik tahu.',
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

function ctx(over: Partial<SubmitContext> = {}): SubmitContext {
  return { user: null, now: monday, calendar, uploadDir, siteUrl: 'http://portal.test', locale: 'id', ...over };
}

beforeAll(async () => {
  db = await createTestDb();
  uploadDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-uploads-'));
  calendar = await loadCalendar(db.db, 'Asia/Jakarta');
  verifier = asSessionUser(await createTestUser(db.db, { role: 'verifier' }));
  verifier2 = asSessionUser(await createTestUser(db.db, { role: 'verifier' }));
  officer = asSessionUser(await createTestUser(db.db, { role: 'officer', departmentCode: 'DLHK' }));
});

afterAll(async () => {
  await db?.cleanup();
  fs.rmSync(uploadDir, { recursive: true, force: true });
});

async function complaint(code: string) {
  return db.db.selectFrom('complaints').selectAll().where('code', '=', code).executeTakeFirstOrThrow();
}
async function events(code: string) {
  const c = await complaint(code);
  return db.db.selectFrom('complaint_events').selectAll().where('complaint_id', '=', c.id).orderBy('id').execute();
}
async function audit(code: string) {
  return db.db.selectFrom('audit_log').selectAll().where('object_id', '=', code).orderBy('id').execute();
}

describe(`complaint service (${dialectName})`, () => {
  it('queues a complaint whose category needs verification, with a 3-working-day due time', async () => {
    const r = await submitComplaint(db.db, input(), [], ctx());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.code).toMatch(/^PLG-26-[2-9A-HJKMNP-Z]{6}$/);
    expect(r.routed).toBe(false);
    const c = await complaint(r.code);
    expect(c.state).toBe('submitted');
    expect(c.kecamatan_code).toBe('16.71.01');
    expect(c.access_key_hash).not.toContain(r.accessKey);
    // Monday 09:00 + 3 working days → end of Thursday 26 November WIB.
    expect(Number(c.verification_due_at)).toBe(new Date('2026-11-26T23:59:59.999+07:00').getTime());
    expect(c.assigned_at).toBeNull();
    const ev = await events(r.code);
    expect(ev.map((e) => [e.action, e.from_state, e.to_state, e.visibility])).toEqual([['submit', null, 'submitted', 'public']]);
    const au = await audit(r.code);
    expect(au.map((a) => a.action)).toEqual(['complaint.submitted']);
    // No personal data in the audit row.
    expect(au[0]!.details).not.toMatch(/Siti|siti@|812345/);
    const mail = await db.db
      .selectFrom('outbox')
      .selectAll()
      .where('topic', '=', `complaint.submitted:${r.code}`)
      .executeTakeFirstOrThrow();
    expect(mail.recipient).toBe('siti@example.test');
    expect(mail.body_text).toContain(`http://portal.test/complaints/${r.code}`);
    expect(mail.body_text).not.toContain(r.accessKey);
  });

  it('assigns a category with a routing rule at once (system event), with response and resolution due times', async () => {
    const r = await submitComplaint(db.db, input({ category: 'sampah', email: undefined }), [], ctx());
    if (!r.ok) throw new Error('not ok');
    expect(r.routed).toBe(true);
    const c = await complaint(r.code);
    const dlhk = await db.db.selectFrom('departments').select('id').where('code', '=', 'DLHK').executeTakeFirstOrThrow();
    expect(c.state).toBe('assigned');
    expect(c.department_id).toBe(dlhk.id);
    expect(Number(c.assigned_at)).toBe(monday.getTime());
    // sampah: 5 working days to respond, 14 to resolve.
    expect(Number(c.response_due_at)).toBe(new Date('2026-11-30T23:59:59.999+07:00').getTime());
    expect(Number(c.resolution_due_at)).toBe(new Date('2026-12-11T23:59:59.999+07:00').getTime());
    const ev = await events(r.code);
    expect(ev.map((e) => [e.action, e.actor_kind, e.to_state])).toEqual([
      ['submit', 'reporter', 'submitted'],
      ['route', 'system', 'assigned'],
    ]);
    expect((await audit(r.code)).map((a) => a.action)).toEqual(['complaint.submitted', 'complaint.routed']);
    expect(
      await db.db.selectFrom('outbox').select('id').where('topic', '=', `complaint.submitted:${r.code}`).executeTakeFirst(),
    ).toBeUndefined();
  });

  it('lets an area routing rule override the category department', async () => {
    const cat = await db.db.selectFrom('categories').select('id').where('code', '=', 'sampah').executeTakeFirstOrThrow();
    const pupr = await db.db.selectFrom('departments').select('id').where('code', '=', 'PUPR').executeTakeFirstOrThrow();
    await db.db
      .insertInto('routing_rules')
      .values({ category_id: cat.id, kecamatan_code: '16.71.02', department_id: pupr.id, created_at: Date.now() })
      .execute();
    const kel = await db.db.selectFrom('areas').select('code').where('parent_code', '=', '16.71.02').executeTakeFirstOrThrow();
    const r = await submitComplaint(db.db, input({ category: 'sampah', kelurahan: kel.code }), [], ctx());
    if (!r.ok) throw new Error('not ok');
    expect((await complaint(r.code)).department_id).toBe(pupr.id);
    // Elsewhere the category's own department still applies.
    const other = await submitComplaint(db.db, input({ category: 'sampah' }), [], ctx());
    if (!other.ok) throw new Error('not ok');
    expect((await complaint(other.code)).department_id).not.toBe(pupr.id);
  });

  it('refuses an unknown category or a kelurahan outside the chosen kecamatan, storing nothing', async () => {
    const before = await db.db
      .selectFrom('complaints')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(await submitComplaint(db.db, input({ category: 'tidak-ada' }), [], ctx())).toEqual({
      ok: false,
      errors: { category: 'complaints.errors.categoryRequired' },
    });
    expect(await submitComplaint(db.db, input({ kecamatan: '16.71.02' }), [], ctx())).toEqual({
      ok: false,
      errors: { kelurahan: 'complaints.errors.areaMismatch' },
    });
    const after = await db.db
      .selectFrom('complaints')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('routes a queued complaint with a category correction: one event, one audit row, due dates from the new category', async () => {
    const r = await submitComplaint(db.db, input(), [], ctx());
    if (!r.ok) throw new Error('not ok');
    const later = new Date('2026-11-24T10:00:00+07:00');
    expect(
      await routeComplaint(
        db.db,
        r.code,
        { departmentCode: 'PUPR', categoryCode: 'drainase', note: 'Saluran kota.' },
        { user: verifier, now: later, calendar },
      ),
    ).toEqual({ ok: true });
    const c = await complaint(r.code);
    expect(c.state).toBe('assigned');
    expect(Number(c.assigned_at)).toBe(later.getTime());
    // drainase: 60 working days to resolve; response 5 → Tuesday + 5 = Tuesday 1 December.
    expect(Number(c.response_due_at)).toBe(new Date('2026-12-01T23:59:59.999+07:00').getTime());
    const ev = (await events(r.code)).at(-1)!;
    expect([ev.action, ev.actor_kind, ev.actor_user_id, ev.from_state, ev.to_state, ev.note, ev.visibility]).toEqual([
      'route',
      'verifier',
      verifier.id,
      'submitted',
      'assigned',
      'Saluran kota.',
      'public',
    ]);
    const au = (await audit(r.code)).at(-1)!;
    expect([au.action, au.actor_user_id]).toEqual(['complaint.routed', verifier.id]);
    expect(JSON.parse(au.details)).toMatchObject({ department: 'PUPR', category_from: 'pencemaran', category_to: 'drainase' });
  });

  it('tells a second verifier that the complaint was already handled, changing nothing', async () => {
    const r = await submitComplaint(db.db, input(), [], ctx());
    if (!r.ok) throw new Error('not ok');
    const [a, b] = await Promise.all([
      routeComplaint(db.db, r.code, { departmentCode: 'DLHK' }, { user: verifier, now: monday, calendar }),
      rejectComplaint(db.db, r.code, { reason: 'spam', note: 'Iklan, bukan pengaduan.' }, { user: verifier2, now: monday }),
    ]);
    const outcomes = [a, b].map((o) => (o.ok ? 'ok' : o.error)).sort();
    expect(outcomes).toEqual(['conflict', 'ok']);
    expect((await events(r.code)).length).toBe(2);
    expect((await audit(r.code)).length).toBe(2);
  });

  it('rejects as a duplicate with a link to the original and a public reason', async () => {
    const original = await submitComplaint(db.db, input(), [], ctx());
    const dup = await submitComplaint(db.db, input(), [], ctx());
    if (!original.ok || !dup.ok) throw new Error('not ok');
    expect(
      await rejectComplaint(
        db.db,
        dup.code,
        { reason: 'duplicate', duplicateOf: 'PLG-26-ZZZZZZ', note: 'Sudah dilaporkan sebelumnya.' },
        { user: verifier, now: monday },
      ),
    ).toEqual({ ok: false, error: 'duplicate_not_found' });
    expect(
      await rejectComplaint(
        db.db,
        dup.code,
        { reason: 'duplicate', duplicateOf: dup.code, note: 'Sudah dilaporkan sebelumnya.' },
        { user: verifier, now: monday },
      ),
    ).toEqual({ ok: false, error: 'duplicate_not_found' });
    expect(
      await rejectComplaint(
        db.db,
        dup.code,
        { reason: 'duplicate', duplicateOf: original.code.toLowerCase(), note: 'Sudah dilaporkan sebelumnya.' },
        { user: verifier, now: monday },
      ),
    ).toEqual({ ok: true });
    const c = await complaint(dup.code);
    expect([c.state, c.rejection_reason, c.duplicate_of_id]).toEqual(['rejected', 'duplicate', (await complaint(original.code)).id]);
    const ev = (await events(dup.code)).at(-1)!;
    expect([ev.action, ev.to_state, ev.note, ev.visibility]).toEqual(['reject', 'rejected', 'Sudah dilaporkan sebelumnya.', 'public']);
    expect((await audit(dup.code)).at(-1)!.action).toBe('complaint.rejected');
    // A rejected complaint cannot be routed any more.
    expect(await routeComplaint(db.db, dup.code, { departmentCode: 'DLHK' }, { user: verifier, now: monday, calendar })).toEqual({
      ok: false,
      error: 'conflict',
    });
  });

  it('raises privacy, never lowers it, with an internal event', async () => {
    const r = await submitComplaint(db.db, input({ show_name: true }), [], ctx());
    if (!r.ok) throw new Error('not ok');
    expect((await complaint(r.code)).show_name).toBe(1);
    expect(
      await raisePrivacy(db.db, r.code, { privacy: 'confidential', note: 'Menyebut nama warga lain.' }, { user: verifier, now: monday }),
    ).toEqual({ ok: true });
    const c = await complaint(r.code);
    expect([c.privacy, c.show_name]).toEqual(['confidential', 0]);
    expect(await raisePrivacy(db.db, r.code, { privacy: 'anonymous' }, { user: verifier, now: monday })).toEqual({
      ok: false,
      error: 'privacy_not_higher',
    });
    const ev = (await events(r.code)).at(-1)!;
    expect([ev.action, ev.visibility]).toEqual(['privacy_raised', 'internal']);
    expect((await audit(r.code)).at(-1)!.action).toBe('complaint.privacy_raised');
  });

  it('stores photos with the complaint, and removes the files again when the transaction fails', async () => {
    const checked = await processPhotos([new File([new Uint8Array(await jpeg())], 'a.jpg', { type: 'image/jpeg' })]);
    if (!checked.ok) throw new Error('photo refused');
    const ok = await submitComplaint(db.db, input(), checked.photos, ctx());
    expect(ok.ok).toBe(true);
    const stored = fs.readdirSync(uploadDir);
    // The photo and its thumbnail.
    expect(stored.filter((f) => f !== 'pending').map((f) => f.replace(/^[0-9a-f]{32}/, ''))).toEqual(['.jpg', '.thumb.jpg']);
    // A reporter account that does not exist makes the insert fail (foreign key) after the files were written.
    const ghost = { ...verifier, id: 987654, role: 'resident' } as SessionUser;
    await expect(submitComplaint(db.db, input(), checked.photos, ctx({ user: ghost }))).rejects.toThrow();
    expect(fs.readdirSync(uploadDir)).toEqual(stored);
  });

  it('refuses verification commands to anyone but a verifier or admin', async () => {
    const r = await submitComplaint(db.db, input(), [], ctx());
    if (!r.ok) throw new Error('not ok');
    expect(await routeComplaint(db.db, r.code, { departmentCode: 'DLHK' }, { user: officer, now: monday, calendar })).toEqual({
      ok: false,
      error: 'forbidden',
    });
    expect(await rejectComplaint(db.db, r.code, { reason: 'spam', note: 'bukan pengaduan' }, { user: null, now: monday })).toEqual({
      ok: false,
      error: 'forbidden',
    });
    expect(await raisePrivacy(db.db, r.code, { privacy: 'anonymous' }, { user: officer, now: monday })).toEqual({
      ok: false,
      error: 'forbidden',
    });
    expect((await complaint(r.code)).state).toBe('submitted');
  });
});
