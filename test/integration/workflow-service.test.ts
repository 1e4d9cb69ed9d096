// The department workflow against the database (SQLite and PostgreSQL): assign → respond → resolve →
// confirm / dispute → close, with the timestamps and events DESIGN.md §4 needs, the race between two
// officers, ratings once, the inbox (search, filters, department isolation) and the periodic jobs.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dialectName, type TestDb } from '../support/db.ts';
import { createTestUser } from '../support/users.ts';
import { loadCalendar } from '../../src/server/calendar/calendar.repository.ts';
import { rejectComplaint, submitComplaint } from '../../src/server/complaints/complaints.service.ts';
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
  transferComplaint,
} from '../../src/server/workflow/workflow.service.ts';
import { addReporterInformation, confirmResolution, disputeResolution, rateComplaint } from '../../src/server/workflow/resident.service.ts';
import { autoCloseResolved, notifyOverdue } from '../../src/server/workflow/workflow-jobs.ts';
import { departmentInbox } from '../../src/server/workflow/inbox.ts';

let db: TestDb;
let uploadDir: string;
let calendar: WorkingCalendar;
let officer: SessionUser;
let officer2: SessionUser;
let manager: SessionUser;
let otherOfficer: SessionUser;
let resident: SessionUser;
// Monday 23 November 2026, 09:00 WIB.
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

/** Files a complaint in category 'sampah' (auto-routed to DLHK: response 5, resolution 14 working days). */
async function file(over: Partial<NewComplaintInput> = {}, locale = 'id', now = monday) {
  const r = await submitComplaint(db.db, input(over), [], { user: null, now, calendar, uploadDir, siteUrl: 'http://portal.test', locale });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r;
}

const staff = (user: SessionUser, now: Date) => ({ user, now, siteUrl: 'http://portal.test', calendar, uploadDir });
const withKey = (now: Date) => ({ user: null, hasKey: () => true, now, uploadDir });
const complaint = (code: string) => db.db.selectFrom('complaints').selectAll().where('code', '=', code).executeTakeFirstOrThrow();
async function events(code: string) {
  const c = await complaint(code);
  return db.db.selectFrom('complaint_events').selectAll().where('complaint_id', '=', c.id).orderBy('id').execute();
}
const mails = (to: string) => db.db.selectFrom('outbox').selectAll().where('recipient', '=', to).orderBy('id').execute();

beforeAll(async () => {
  db = await createTestDb();
  uploadDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-uploads-'));
  calendar = await loadCalendar(db.db, 'Asia/Jakarta');
  officer = asSessionUser(await createTestUser(db.db, { role: 'officer', departmentCode: 'DLHK' }));
  officer2 = asSessionUser(await createTestUser(db.db, { role: 'officer', departmentCode: 'DLHK' }));
  manager = asSessionUser(
    await createTestUser(db.db, { role: 'manager', departmentCode: 'DLHK', email: `manager.dlhk.${Date.now()}@example.test` }),
  );
  otherOfficer = asSessionUser(await createTestUser(db.db, { role: 'officer', departmentCode: 'PUPR' }));
  resident = asSessionUser(await createTestUser(db.db, { role: 'resident' }));
});

afterAll(async () => {
  await db?.cleanup();
  fs.rmSync(uploadDir, { recursive: true, force: true });
});

describe(`department workflow (${dialectName})`, () => {
  it('assign → respond → resolve → confirm: every stage timestamped, one event and audit row each, reporter emailed', async () => {
    const { code } = await file();
    expect(await assignComplaint(db.db, code, { assigneeId: officer.id }, staff(manager, at(HOUR)))).toEqual({ ok: true });
    expect(await setComplaintPriority(db.db, code, { priority: 'high' }, staff(officer, at(HOUR)))).toEqual({ ok: true });
    expect(await addInternalNote(db.db, code, { note: 'Koordinasi dengan UPTD kebersihan' }, staff(officer, at(HOUR)))).toEqual({
      ok: true,
    });
    expect(
      await respondToComplaint(
        db.db,
        code,
        { note: 'Petugas kebersihan dijadwalkan mengangkut besok pagi.' },
        staff(officer, at(2 * HOUR)),
      ),
    ).toEqual({ ok: true });
    let c = await complaint(code);
    expect(c.state).toBe('in_progress');
    expect(Number(c.first_response_at)).toBe(at(2 * HOUR).getTime());
    expect(c.assignee_user_id).toBe(officer.id);
    expect(c.priority).toBe('high');
    // A second response keeps the first response time.
    await respondToComplaint(db.db, code, { note: 'Truk sudah berangkat ke lokasi.' }, staff(officer, at(3 * HOUR)));
    expect(Number((await complaint(code)).first_response_at)).toBe(at(2 * HOUR).getTime());
    expect(await resolveComplaint(db.db, code, { note: 'Sampah sudah diangkut seluruhnya.' }, [], staff(officer, at(DAY)))).toEqual({
      ok: true,
    });
    c = await complaint(code);
    expect([c.state, Number(c.resolved_at), Number(c.first_resolved_at)]).toEqual(['resolved', at(DAY).getTime(), at(DAY).getTime()]);
    expect(await confirmResolution(db.db, code, withKey(at(2 * DAY)))).toEqual({ ok: true });
    c = await complaint(code);
    expect([c.state, Number(c.closed_at)]).toEqual(['closed', at(2 * DAY).getTime()]);

    const ev = await events(code);
    expect(ev.map((e) => [e.action, e.from_state, e.to_state, e.visibility])).toEqual([
      ['submit', null, 'submitted', 'public'],
      ['route', 'submitted', 'assigned', 'public'],
      ['assign', 'assigned', 'assigned', 'internal'],
      ['priority', 'assigned', 'assigned', 'internal'],
      ['note', 'assigned', 'assigned', 'internal'],
      ['respond', 'assigned', 'in_progress', 'public'],
      ['respond', 'in_progress', 'in_progress', 'public'],
      ['resolve', 'in_progress', 'resolved', 'public'],
      ['confirm', 'resolved', 'closed', 'public'],
    ]);
    const audit = await db.db.selectFrom('audit_log').select(['action', 'details']).where('object_id', '=', code).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual([
      'complaint.submitted',
      'complaint.routed',
      'complaint.assigned',
      'complaint.priority_set',
      'complaint.noted',
      'complaint.responded',
      'complaint.responded',
      'complaint.resolved',
      'complaint.confirmed',
    ]);
    // No personal data or free text in audit details.
    expect(JSON.stringify(audit)).not.toMatch(/Siti|siti@|Koordinasi|diangkut/);
    // Reporter emails: receipt, two responses, resolution — each carrying the public note, none the internal one.
    const m = await mails('siti@example.test');
    const mine = m.filter((x) => x.topic.endsWith(code));
    expect(mine.map((x) => x.topic.split(':')[0])).toEqual([
      'complaint.submitted',
      'complaint.respond',
      'complaint.respond',
      'complaint.resolve',
    ]);
    expect(mine[1]!.body_text).toContain('dijadwalkan mengangkut besok pagi');
    expect(mine[3]!.subject).toBe(`Pengaduan ${code} selesai ditangani`);
    expect(mine.map((x) => x.body_text).join('\n')).not.toContain('UPTD');
  });

  it('dispute reopens it (counts against the resolution), a new response and resolution, then auto-close after 14 days', async () => {
    const { code } = await file({ email: 'reporter.en@example.test' }, 'en');
    await respondToComplaint(db.db, code, { note: 'We will collect the rubbish tomorrow.' }, staff(officer, at(HOUR)));
    await resolveComplaint(db.db, code, { note: 'Collected.' }, [], staff(officer, at(DAY)));
    expect(await disputeResolution(db.db, code, { reason: 'Masih ada tumpukan di sisi timur pasar.' }, withKey(at(3 * DAY)))).toEqual({
      ok: true,
    });
    let c = await complaint(code);
    expect([c.state, c.reopened_count, Number(c.last_reopened_at)]).toEqual(['reopened', 1, at(3 * DAY).getTime()]);
    // The officer who resolved it hears of the dispute.
    expect((await mails(officer.email)).map((m) => m.subject)).toContain(`Pelapor menyanggah penyelesaian ${code}`);
    // Confirming a reopened complaint is refused; the department must act first.
    expect(await confirmResolution(db.db, code, withKey(at(3 * DAY)))).toEqual({ ok: false, error: 'conflict' });
    expect(await resolveComplaint(db.db, code, { note: 'x'.repeat(12) }, [], staff(officer, at(4 * DAY)))).toEqual({
      ok: false,
      error: 'conflict',
    });
    await respondToComplaint(db.db, code, { note: 'Sorry, we will come back.' }, staff(officer, at(4 * DAY)));
    expect((await complaint(code)).state).toBe('in_progress');
    await resolveComplaint(db.db, code, { note: 'All of it collected now.' }, [], staff(officer, at(5 * DAY)));
    c = await complaint(code);
    // First and last resolution kept apart (resolution time uses the last).
    expect([Number(c.first_resolved_at), Number(c.resolved_at)]).toEqual([at(DAY).getTime(), at(5 * DAY).getTime()]);
    // Not yet 14 days: the job leaves it.
    expect(await autoCloseResolved(db.db, at(18 * DAY))).toEqual({ closed: 0 });
    expect((await complaint(code)).state).toBe('resolved');
    const r = await autoCloseResolved(db.db, at(19 * DAY + HOUR));
    expect(r.closed).toBeGreaterThanOrEqual(1);
    c = await complaint(code);
    expect([c.state, Number(c.closed_at)]).toEqual(['closed', at(19 * DAY + HOUR).getTime()]);
    expect((await events(code)).at(-1)).toMatchObject({ action: 'auto_close', actor_kind: 'system', to_state: 'closed' });
    // Running the job again changes nothing.
    await autoCloseResolved(db.db, at(20 * DAY));
    expect((await events(code)).filter((e) => e.action === 'auto_close')).toHaveLength(1);
    // A dispute after the window is refused even if the job had not run.
    const late = await file();
    await respondToComplaint(db.db, late.code, { note: 'On it.' }, staff(officer, at(HOUR)));
    await resolveComplaint(db.db, late.code, { note: 'Done now.' }, [], staff(officer, at(DAY)));
    expect(await disputeResolution(db.db, late.code, { reason: 'Belum beres sama sekali.' }, withKey(at(16 * DAY)))).toEqual({
      ok: false,
      error: 'too_late',
    });
    // Emails in the reporter's language.
    const m = await mails('reporter.en@example.test');
    expect(m.find((x) => x.topic === `complaint.resolve:${code}`)?.subject).toBe(`Complaint ${code} has been resolved`);
  });

  it('the assignee and the manager acting at once: exactly one wins, the other gets a conflict', async () => {
    const { code } = await file();
    await respondToComplaint(db.db, code, { note: 'Sedang kami tangani.' }, staff(officer, at(HOUR)));
    const results = await Promise.all([
      resolveComplaint(db.db, code, { note: 'Selesai oleh petugas pertama.' }, [], staff(officer, at(DAY))),
      // (A colleague other than the manager may not resolve the officer's complaint at all: workflow-races.test.ts.)
      resolveComplaint(db.db, code, { note: 'Selesai oleh kepala bidang.' }, [], staff(manager, at(DAY))),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, error: 'conflict' }]);
    expect((await events(code)).filter((e) => e.action === 'resolve')).toHaveLength(1);
    // Confirm and dispute at once: one of them.
    const both = await Promise.all([
      confirmResolution(db.db, code, withKey(at(2 * DAY))),
      disputeResolution(db.db, code, { reason: 'Belum selesai di sini.' }, withKey(at(2 * DAY))),
    ]);
    expect(both.filter((r) => r.ok)).toHaveLength(1);
  });

  it("another department's officer, a resident and a stranger without the key get not_found", async () => {
    const { code } = await file();
    const s = staff(otherOfficer, at(HOUR));
    expect(await assignComplaint(db.db, code, { assigneeId: otherOfficer.id }, s)).toEqual({ ok: false, error: 'not_found' });
    expect(await respondToComplaint(db.db, code, { note: 'bukan urusan saya' }, s)).toEqual({ ok: false, error: 'not_found' });
    expect(await addInternalNote(db.db, code, { note: 'catatan asing' }, s)).toEqual({ ok: false, error: 'not_found' });
    expect(await transferComplaint(db.db, code, { departmentCode: 'PUPR', reason: 'ambil alih' }, s)).toEqual({
      ok: false,
      error: 'not_found',
    });
    expect(await setComplaintPriority(db.db, code, { priority: 'low' }, s)).toEqual({ ok: false, error: 'not_found' });
    expect(await resolveComplaint(db.db, code, { note: 'selesai palsu' }, [], s)).toEqual({ ok: false, error: 'not_found' });
    expect(await rejectAsDuplicate(db.db, code, { duplicateOf: code, note: 'duplikat' }, s)).toEqual({ ok: false, error: 'not_found' });
    expect(await respondToComplaint(db.db, code, { note: 'warga biasa' }, staff(resident, at(HOUR)))).toEqual({
      ok: false,
      error: 'not_found',
    });
    // Assigning to an officer of another department is refused.
    expect(await assignComplaint(db.db, code, { assigneeId: otherOfficer.id }, staff(officer, at(HOUR)))).toEqual({
      ok: false,
      error: 'invalid_assignee',
    });
    // Without the key or the owner's account, reporter actions are not found either.
    const stranger = { user: resident, hasKey: () => false, now: at(HOUR), uploadDir };
    expect(await addReporterInformation(db.db, code, { note: 'info palsu' }, [], stranger)).toEqual({ ok: false, error: 'not_found' });
    expect(await rateComplaint(db.db, code, { score: 1, comment: '' }, stranger)).toEqual({ ok: false, error: 'not_found' });
    expect((await events(code)).map((e) => e.action)).toEqual(['submit', 'route']);
  });

  it('transfer: new department, new due dates from the category, counted; the old department loses it', async () => {
    const { code } = await file();
    await respondToComplaint(db.db, code, { note: 'Kami periksa dulu.' }, staff(officer, at(HOUR)));
    const before = await complaint(code);
    // Thursday 26 Nov 2026 09:00 WIB → response due 5 working days later (Thursday 3 Dec, end of day).
    const thu = at(3 * DAY);
    expect(
      await transferComplaint(
        db.db,
        code,
        { departmentCode: 'PUPR', reason: 'Saluran drainase di lokasi milik PUPR.' },
        staff(officer, thu),
      ),
    ).toEqual({ ok: true });
    const c = await complaint(code);
    expect(c.department_id).toBe(otherOfficer.departmentId);
    expect([c.state, c.transfer_count, c.assignee_user_id]).toEqual(['assigned', 1, null]);
    // The first assignment and first response stay (verification and first-response times, §4).
    expect([Number(c.assigned_at), Number(c.first_response_at)]).toEqual([Number(before.assigned_at), at(HOUR).getTime()]);
    expect(new Date(Number(c.response_due_at)).toISOString()).toBe(new Date('2026-12-03T23:59:59.999+07:00').toISOString());
    expect(Number(c.resolution_due_at)).toBeGreaterThan(Number(before.resolution_due_at));
    // The old department can no longer act; it is told so as a conflict (it lost the complaint), not "not found".
    expect(await respondToComplaint(db.db, code, { note: 'masih bisa?' }, staff(officer, thu))).toEqual({ ok: false, error: 'conflict' });
    expect(await respondToComplaint(db.db, code, { note: 'Diterima Dinas PUPR.' }, staff(otherOfficer, thu))).toEqual({ ok: true });
    expect((await mails('siti@example.test')).find((m) => m.topic === `complaint.transfer:${code}`)?.subject).toBe(
      `Pengaduan ${code} dialihkan ke Dinas PUPR`,
    );
  });

  it('rating: once, only after resolution, by the reporter; added information and a duplicate rejection', async () => {
    const { code } = await file();
    const key = withKey(at(HOUR));
    expect(await rateComplaint(db.db, code, { score: 5, comment: '' }, key)).toEqual({ ok: false, error: 'not_resolved' });
    expect(await addReporterInformation(db.db, code, { note: 'Tumpukan makin tinggi hari ini.' }, [], key)).toEqual({ ok: true });
    await respondToComplaint(db.db, code, { note: 'Baik, segera.' }, staff(officer, at(2 * HOUR)));
    await resolveComplaint(db.db, code, { note: 'Sudah diangkut.' }, [], staff(officer, at(DAY)));
    expect(await rateComplaint(db.db, code, { score: 4, comment: 'Cepat, terima kasih' }, withKey(at(2 * DAY)))).toEqual({ ok: true });
    expect(await rateComplaint(db.db, code, { score: 1, comment: 'ubah' }, withKey(at(3 * DAY)))).toEqual({
      ok: false,
      error: 'already_rated',
    });
    const c = await complaint(code);
    const rating = await db.db.selectFrom('complaint_ratings').selectAll().where('complaint_id', '=', c.id).executeTakeFirstOrThrow();
    expect([rating.score, rating.comment, Number(rating.rated_at)]).toEqual([4, 'Cepat, terima kasih', at(2 * DAY).getTime()]);
    // The owner's account may act too.
    const own = await submitComplaint(db.db, input({ email: undefined }), [], {
      user: resident,
      now: monday,
      calendar,
      uploadDir,
      siteUrl: 'http://portal.test',
      locale: 'id',
    });
    if (!own.ok) throw new Error('filing failed');
    expect(
      await addReporterInformation(db.db, own.code, { note: 'Foto tambahan menyusul.' }, [], {
        user: resident,
        hasKey: () => false,
        now: at(HOUR),
        uploadDir,
      }),
    ).toEqual({ ok: true });
    // Reject as duplicate of the first one.
    expect(await rejectAsDuplicate(db.db, own.code, { duplicateOf: 'PLG-00-XXXXXX', note: 'Sama.' }, staff(officer, at(HOUR)))).toEqual({
      ok: false,
      error: 'duplicate_not_found',
    });
    expect(
      await rejectAsDuplicate(db.db, own.code, { duplicateOf: code, note: 'Sudah dilaporkan sebelumnya.' }, staff(officer, at(HOUR))),
    ).toEqual({ ok: true });
    const d = await complaint(own.code);
    expect([d.state, d.rejection_reason, d.duplicate_of_id]).toEqual(['rejected', 'duplicate', c.id]);
    // The owner's account email receives the rejection.
    expect((await mails(resident.email)).map((m) => m.topic)).toContain(`complaint.reject:${own.code}`);
    expect(
      await addReporterInformation(db.db, own.code, { note: 'Masih mau menambah.' }, [], {
        user: resident,
        hasKey: () => false,
        now: at(2 * HOUR),
        uploadDir,
      }),
    ).toEqual({ ok: false, error: 'conflict' });
  });

  it('overdue: one daily digest per manager with the new breaches by stage and a link to the list; each breach kept in the history, never mailed alone', async () => {
    const { code } = await file();
    const id = Number((await complaint(code)).id);
    const second = await createTestUser(db.db, {
      role: 'manager',
      departmentCode: 'DLHK',
      email: `manager2.dlhk.${Date.now()}@example.test`,
    });
    const digests = async (to: string) => (await mails(to)).filter((m) => m.topic === 'complaints.overdue_digest');
    // Response due after 5 working days (Monday 30 Nov end of day); resolution after 14.
    expect((await notifyOverdue(db.db, at(6 * DAY), 'http://portal.test')).notices).toBe(0);
    // Two workers at once and a later run the same day: still one digest per manager.
    await Promise.all([notifyOverdue(db.db, at(8 * DAY), 'http://portal.test'), notifyOverdue(db.db, at(8 * DAY), 'http://portal.test')]);
    await notifyOverdue(db.db, at(8 * DAY + HOUR), 'http://portal.test');
    const mine = await digests(manager.email);
    expect(mine).toHaveLength(1);
    expect(await digests(second.email)).toHaveLength(1);
    // Nothing overdue reaches a manager outside the digest (supporting tasks are one of its sections).
    expect(
      await db.db
        .selectFrom('outbox')
        .select('topic')
        .where('recipient', '=', manager.email)
        .where('topic', 'like', '%overdue%')
        .where('topic', '!=', 'complaints.overdue_digest')
        .execute(),
    ).toEqual([]);
    expect(mine[0]!.body_text).toContain('http://portal.test/reports/overdue');
    expect(mine[0]!.body_text).toMatch(/tanggapan pertama: [1-9]/);
    expect(mine[0]!.body_text).not.toContain(code);
    expect(mine[0]!.body_text).not.toContain('Siti');
    // No email per breach to anybody; the breach is in the history once.
    expect(await db.db.selectFrom('outbox').select('id').where('topic', 'like', 'complaint.overdue:%').execute()).toHaveLength(0);
    const history = await db.db.selectFrom('overdue_breaches').select(['stage']).where('complaint_id', '=', id).execute();
    expect(history.map((h) => h.stage)).toEqual(['response']);
    // The next day with no new breach: no digest.
    await notifyOverdue(db.db, at(9 * DAY), 'http://portal.test');
    expect(await digests(manager.email)).toHaveLength(1);
    // Answering stops the response breach; passing the resolution due date is a new breach, in the next digest.
    await respondToComplaint(db.db, code, { note: 'Maaf terlambat, segera kami tangani.' }, staff(officer, at(9 * DAY)));
    await notifyOverdue(db.db, at(30 * DAY), 'http://portal.test');
    await notifyOverdue(db.db, at(30 * DAY + HOUR), 'http://portal.test');
    const after = await digests(manager.email);
    expect(after).toHaveLength(2);
    expect(after[1]!.body_text).toMatch(/penyelesaian: [1-9]/);
    expect(
      (await db.db.selectFrom('overdue_breaches').select(['stage']).where('complaint_id', '=', id).orderBy('stage').execute()).map(
        (h) => h.stage,
      ),
    ).toEqual(['resolution', 'response']);
  });

  it('inbox: own department only, full-text search, filters, counts per state, nearest due first', async () => {
    const a = await file({
      title: 'Genangan lindi dari gerobak sampah',
      description: 'Air lindi mengalir ke halaman rumah warga setiap pagi.',
    });
    const b = await file(
      { title: 'Kontainer sampah penuh', description: 'Kontainer di ujung gang sudah penuh sejak kemarin.' },
      'id',
      at(DAY),
    );
    const pupr = await file({
      category: 'jalan-rusak',
      title: 'Lindi di jalan berlubang',
      description: 'Jalan berlubang penuh air lindi di depan sekolah.',
    });
    const inbox = async (user: SessionUser, q: Record<string, string>) => (await departmentInbox(db.db, user, q as never, at(HOUR), 'id'))!;
    const search = await inbox(officer, { q: 'lindi' });
    expect(search.items.map((i) => i.code)).toEqual([a.code]);
    expect((await inbox(otherOfficer, { q: 'lindi' })).items.map((i) => i.code)).toEqual([pupr.code]);
    expect((await inbox(officer, { q: 'kontainer penuh' })).items.map((i) => i.code)).toEqual([b.code]);
    expect((await inbox(officer, { q: '"; drop table complaints; --' })).items).toEqual([]);
    const all = await inbox(officer, {});
    expect(all.items.some((i) => i.code === pupr.code)).toBe(false);
    // Nearest due first.
    const dues = all.items.map((i) => i.nextDue!.getTime());
    expect(dues).toEqual([...dues].sort((x, y) => x - y));
    expect(all.counts.find((c) => c.state === 'assigned')!.n).toBeGreaterThanOrEqual(2);
    await assignComplaint(db.db, b.code, { assigneeId: officer2.id }, staff(officer2, at(HOUR)));
    expect((await inbox(officer2, { assignee: 'me' })).items.map((i) => i.code)).toEqual([b.code]);
    expect((await inbox(officer, { assignee: 'none' })).items.map((i) => i.code)).toContain(a.code);
    expect((await inbox(officer, { state: 'closed' })).items.every((i) => i.state === 'closed')).toBe(true);
    // Nothing is overdue an hour after filing.
    expect((await inbox(officer, { overdue: '1', q: 'lindi' })).items).toEqual([]);
    expect(await departmentInbox(db.db, resident, {}, at(HOUR), 'id')).toBeNull();
  });

  it("a verifier's rejection reaches the reporter (duplicate, outside the remit), spam gets no answer", async () => {
    const verifier = {
      ...officer,
      id: (await createTestUser(db.db, { role: 'verifier' })).id,
      role: 'verifier',
      departmentId: null,
    } as SessionUser;
    const original = await file();
    const outside = await file({ category: 'pencemaran', email: 'luar@example.test' });
    const spam = await file({ category: 'pencemaran', email: 'spam@example.test' });
    const dup = await file({ category: 'pencemaran', email: 'dup@example.test' }, 'en');
    expect(
      await rejectComplaint(
        db.db,
        outside.code,
        { reason: 'out_of_scope', note: 'Jalan nasional, wewenang BBPJN.' },
        { user: verifier, now: at(HOUR) },
      ),
    ).toEqual({ ok: true });
    expect(
      await rejectComplaint(db.db, spam.code, { reason: 'spam', note: 'Iklan, bukan pengaduan.' }, { user: verifier, now: at(HOUR) }),
    ).toEqual({ ok: true });
    expect(
      await rejectComplaint(
        db.db,
        dup.code,
        { reason: 'duplicate', duplicateOf: original.code, note: 'Already reported.' },
        { user: verifier, now: at(HOUR) },
      ),
    ).toEqual({ ok: true });
    expect((await mails('luar@example.test')).map((m) => m.subject)).toContain(
      `Pengaduan ${outside.code} di luar wewenang pemerintah kota`,
    );
    expect((await mails('luar@example.test')).find((m) => m.topic.startsWith('complaint.reject_out_of_scope'))?.body_text).toContain(
      'wewenang BBPJN',
    );
    expect((await mails('spam@example.test')).map((m) => m.topic)).toEqual([`complaint.submitted:${spam.code}`]);
    expect((await mails('dup@example.test')).map((m) => m.subject)).toContain(`Complaint ${dup.code} was rejected as a duplicate`);
  });
});
