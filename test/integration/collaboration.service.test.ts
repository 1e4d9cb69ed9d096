// Departments handling a complaint together (issue 26), against the database (SQLite and PostgreSQL):
// request, accept, decline, complete, the lead's close, the resolve guard, what a supporter of a
// confidential complaint sees, the policy's "only while its task is open", events and audit rows, and two
// managers answering one request at once.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dialectName, type TestDb } from '../support/db.ts';
import { fileSocial, staffOf } from '../support/collaboration.ts';
import { loadCalendar } from '../../src/server/calendar/calendar.repository.ts';
import type { SessionUser } from '../../src/server/auth/session.ts';
import type { WorkingCalendar } from '../../src/server/calendar/calendar.ts';
import { rejectAsDuplicate, resolveComplaint, respondToComplaint } from '../../src/server/workflow/workflow.service.ts';
import {
  acceptSupport,
  closeSupportByLead,
  completeSupport,
  declineSupport,
  requestSupport,
} from '../../src/server/collaboration/support.service.ts';
import { leadSupportList, supportInbox, supportTaskView } from '../../src/server/collaboration/support.views.ts';
import { getComplaintView } from '../../src/server/complaints/complaints.views.ts';
import { staffPanel } from '../../src/server/workflow/staff-view.ts';

let db: TestDb;
let uploadDir: string;
let calendar: WorkingCalendar;
let dinsosOfficer: SessionUser;
let dinsosManager: SessionUser;
let dinkesOfficer: SessionUser;
let dinkesManager: SessionUser;
let dinkesManager2: SessionUser;
let puprOfficer: SessionUser;
const monday = new Date('2026-11-23T09:00:00+07:00');
const HOUR = 3600_000;
const at = (h: number) => new Date(monday.getTime() + h * HOUR);
const ctx = (user: SessionUser, h = 1, expectedVersion?: number) => ({
  user,
  now: at(h),
  siteUrl: 'http://portal.test',
  calendar,
  uploadDir,
  expectedVersion,
});
const task = 'Mohon kunjungan petugas puskesmas untuk memeriksa kesehatan lansia ini.';

const row = (id: number) => db.db.selectFrom('support_requests').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const events = async (code: string) => {
  const c = await db.db.selectFrom('complaints').select('id').where('code', '=', code).executeTakeFirstOrThrow();
  return db.db
    .selectFrom('complaint_events')
    .select(['action', 'visibility', 'department_id', 'note'])
    .where('complaint_id', '=', c.id)
    .orderBy('id')
    .execute();
};
const audits = (code: string) =>
  db.db
    .selectFrom('audit_log')
    .select(['action', 'actor_user_id', 'details'])
    .where('object_id', '=', code)
    .where('action', 'like', 'complaint.%')
    .orderBy('id')
    .execute();
const deptId = async (code: string) =>
  (await db.db.selectFrom('departments').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;

async function ask(code: string, over: Partial<{ days: number; shareContact: boolean; departmentCode: string }> = {}) {
  const r = await requestSupport(
    db.db,
    code,
    { departmentCode: 'DINKES', task, days: 3, shareContact: false, ...over },
    ctx(dinsosOfficer),
  );
  if (!r.ok) throw new Error(r.error);
  return r.id;
}

beforeAll(async () => {
  db = await createTestDb();
  uploadDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-collab-'));
  calendar = await loadCalendar(db.db, 'Asia/Jakarta');
  dinsosOfficer = await staffOf(db.db, 'DINSOS', 'officer');
  dinsosManager = await staffOf(db.db, 'DINSOS', 'manager');
  dinkesOfficer = await staffOf(db.db, 'DINKES', 'officer', 'Budi Dinkes');
  dinkesManager = await staffOf(db.db, 'DINKES', 'manager');
  dinkesManager2 = await staffOf(db.db, 'DINKES', 'manager');
  puprOfficer = await staffOf(db.db, 'PUPR', 'officer');
});

afterAll(async () => {
  await db?.cleanup();
  fs.rmSync(uploadDir, { recursive: true, force: true });
});

describe(`support between departments (${dialectName})`, () => {
  it('request → accept → done: one complaint, events on its timeline, audit rows, the public sees the department only', async () => {
    const code = await fileSocial(db.db, monday, calendar, uploadDir);
    const before = (await db.db.selectFrom('complaints').select('version').where('code', '=', code).executeTakeFirstOrThrow()).version;
    const id = await ask(code);
    const r0 = await row(id);
    expect(r0).toMatchObject({
      state: 'requested',
      lead_department_id: await deptId('DINSOS'),
      supporting_department_id: await deptId('DINKES'),
      task,
    });
    // 3 working days after Monday: end of Thursday, WIB.
    expect(new Date(Number(r0.due_at)).toISOString()).toBe('2026-11-26T16:59:59.999Z');
    expect((await db.db.selectFrom('complaints').select('version').where('code', '=', code).executeTakeFirstOrThrow()).version).toBe(
      before + 1,
    );

    expect(await acceptSupport(db.db, id, { assigneeId: dinkesOfficer.id }, ctx(dinkesManager, 2, r0.version))).toEqual({ ok: true, id });
    expect(
      await completeSupport(
        db.db,
        id,
        { note: 'Petugas puskesmas sudah memeriksa dan merujuk lansia.', visibility: 'public' },
        ctx(dinkesOfficer, 3),
      ),
    ).toEqual({ ok: true, id });
    const r = await row(id);
    expect(r).toMatchObject({
      state: 'done',
      assignee_user_id: dinkesOfficer.id,
      note_visibility: 'public',
      ended_by_user_id: dinkesOfficer.id,
    });
    expect(Number(r.accepted_at)).toBe(at(2).getTime());

    const ev = await events(code);
    const support = ev.filter((e) => e.action.startsWith('support_'));
    expect(support.map((e) => [e.action, e.visibility])).toEqual([
      ['support_request', 'internal'],
      ['support_accept', 'public'],
      ['support_done', 'public'],
    ]);
    expect(support.every((e) => e.department_id === r0.supporting_department_id)).toBe(true);
    const au = (await audits(code)).map((a) => a.action);
    expect(au).toEqual(expect.arrayContaining(['complaint.support_requested', 'complaint.support_accepted', 'complaint.support_done']));
    // The supporting department's managers were told, with a link to the task and nothing of the complaint.
    const mails = await db.db
      .selectFrom('outbox')
      .select(['recipient', 'body_text'])
      .where('topic', '=', 'support.requested')
      .where('dedupe_key', 'like', `support.requested:${id}:%`)
      .execute();
    expect(mails.map((m) => m.recipient).sort()).toEqual([dinkesManager.email, dinkesManager2.email].sort());
    expect(mails[0]!.body_text).toContain(`http://portal.test/staff/support/${id}`);
    expect(mails[0]!.body_text).not.toContain(task);

    // The public timeline: "Dinas Kesehatan membantu" with the public note, no officer's name anywhere.
    const pub = (await getComplaintView(db.db, code, { user: null, hasKey: () => false, locale: 'id' }))!;
    const helped = pub.events.filter((e) => e.action.startsWith('support_'));
    expect(helped.map((e) => [e.action, e.departmentName])).toEqual([
      ['support_accept', 'Dinas Kesehatan'],
      ['support_done', 'Dinas Kesehatan'],
    ]);
    expect(JSON.stringify(pub)).not.toContain('Budi Dinkes');
  });

  it('the resolve guard: an open task blocks resolving until the lead manager closes it with a reason', async () => {
    const code = await fileSocial(db.db, monday, calendar, uploadDir);
    expect((await respondToComplaint(db.db, code, { note: 'Kami sedang menindaklanjuti laporan ini.' }, ctx(dinsosOfficer))).ok).toBe(true);
    const id = await ask(code);
    expect(await resolveComplaint(db.db, code, { note: 'Lansia sudah mendapat bantuan sosial.' }, [], ctx(dinsosOfficer, 2))).toEqual({
      ok: false,
      error: 'support_open',
    });
    expect((await db.db.selectFrom('complaints').select('state').where('code', '=', code).executeTakeFirstOrThrow()).state).toBe(
      'in_progress',
    );
    // An officer may not close it; the lead's manager may, with a reason; the supporter's manager is not the lead.
    expect(await closeSupportByLead(db.db, id, { reason: 'Sudah ditangani langsung oleh dinas kami.' }, ctx(dinsosOfficer, 3))).toEqual({
      ok: false,
      error: 'not_allowed',
    });
    expect(await closeSupportByLead(db.db, id, { reason: 'Sudah ditangani langsung oleh dinas kami.' }, ctx(dinkesManager, 3))).toEqual({
      ok: false,
      error: 'not_found',
    });
    expect((await closeSupportByLead(db.db, id, { reason: 'Sudah ditangani langsung oleh dinas kami.' }, ctx(dinsosManager, 3))).ok).toBe(
      true,
    );
    expect((await row(id)).state).toBe('closed_by_lead');
    expect((await resolveComplaint(db.db, code, { note: 'Lansia sudah mendapat bantuan sosial.' }, [], ctx(dinsosOfficer, 4))).ok).toBe(
      true,
    );
    expect((await audits(code)).map((a) => a.action)).toContain('complaint.support_closed');
  });

  it('closing as a duplicate is refused too while a task is open', async () => {
    const original = await fileSocial(db.db, monday, calendar, uploadDir);
    const code = await fileSocial(db.db, monday, calendar, uploadDir);
    await ask(code);
    expect(
      await rejectAsDuplicate(db.db, code, { duplicateOf: original, note: 'Sama dengan laporan sebelumnya.' }, ctx(dinsosOfficer, 2)),
    ).toEqual({ ok: false, error: 'support_open' });
    expect((await db.db.selectFrom('complaints').select('state').where('code', '=', code).executeTakeFirstOrThrow()).state).toBe(
      'assigned',
    );
  });

  it('decline with a reason ends the task; the supporter then loses sight of the complaint', async () => {
    const code = await fileSocial(db.db, monday, calendar, uploadDir);
    const id = await ask(code);
    expect((await supportInbox(db.db, dinkesOfficer, at(2))).map((s) => s.id)).toContain(id);
    expect(await supportTaskView(db.db, id, { user: dinkesOfficer, locale: 'id', now: at(2) })).not.toBeNull();
    expect((await declineSupport(db.db, id, { reason: 'Bukan kewenangan puskesmas wilayah ini.' }, ctx(dinkesManager, 2))).ok).toBe(true);
    expect(await row(id)).toMatchObject({
      state: 'declined',
      reason: 'Bukan kewenangan puskesmas wilayah ini.',
      ended_by_user_id: dinkesManager.id,
    });
    expect(await supportTaskView(db.db, id, { user: dinkesOfficer, locale: 'id', now: at(3) })).toBeNull();
    expect((await supportInbox(db.db, dinkesOfficer, at(3))).map((s) => s.id)).not.toContain(id);
    // A declined task answers nobody again; the department that declined it gets a conflict, not a success.
    expect(await acceptSupport(db.db, id, { assigneeId: dinkesOfficer.id }, ctx(dinkesManager, 3))).toEqual({
      ok: false,
      error: 'conflict',
    });
    // The lead sees the reason; the resolve is free again.
    const list = (await leadSupportList(db.db, code, dinsosOfficer, at(3)))!;
    expect(list.tasks[0]).toMatchObject({ state: 'declined', reason: 'Bukan kewenangan puskesmas wilayah ini.' });
  });

  it('policy: other departments, and the supporter on the lead page, get nothing', async () => {
    const code = await fileSocial(db.db, monday, calendar, uploadDir);
    const id = await ask(code);
    expect(await supportTaskView(db.db, id, { user: puprOfficer, locale: 'id', now: at(2) })).toBeNull();
    expect(await supportTaskView(db.db, id, { user: dinsosOfficer, locale: 'id', now: at(2) })).toBeNull();
    expect(await acceptSupport(db.db, id, { assigneeId: puprOfficer.id }, ctx(puprOfficer, 2))).toEqual({ ok: false, error: 'not_found' });
    // The supporting department never handles the complaint itself.
    expect(await staffPanel(db.db, code, dinkesOfficer, at(2), 'id')).toBeNull();
    expect(await leadSupportList(db.db, code, dinkesOfficer, at(2))).toBeNull();
    // Accepting names an officer of the supporting department only; completing is for that officer or a manager.
    expect(await acceptSupport(db.db, id, { assigneeId: dinsosOfficer.id }, ctx(dinkesManager, 2))).toEqual({
      ok: false,
      error: 'invalid_assignee',
    });
    expect((await acceptSupport(db.db, id, { assigneeId: dinkesManager.id }, ctx(dinkesManager, 2))).ok).toBe(true);
    expect(
      await completeSupport(db.db, id, { note: 'Sudah dikunjungi petugas kami.', visibility: 'internal' }, ctx(dinkesOfficer, 3)),
    ).toEqual({ ok: false, error: 'not_allowed' });
    // Asking the same department twice while its task is open, the own department, or past the resolution due date: refused.
    expect(await requestSupport(db.db, code, { departmentCode: 'DINKES', task, days: 3, shareContact: false }, ctx(dinsosOfficer))).toEqual(
      { ok: false, error: 'already_open' },
    );
    expect(await requestSupport(db.db, code, { departmentCode: 'DINSOS', task, days: 3, shareContact: false }, ctx(dinsosOfficer))).toEqual(
      { ok: false, error: 'same_department' },
    );
    expect(await requestSupport(db.db, code, { departmentCode: 'PUPR', task, days: 15, shareContact: false }, ctx(dinsosOfficer))).toEqual({
      ok: false,
      error: 'due_too_late',
    });
    expect(await requestSupport(db.db, code, { departmentCode: 'DINKES', task, days: 3, shareContact: false }, ctx(dinkesManager))).toEqual(
      { ok: false, error: 'not_found' },
    );
  });

  it('a confidential complaint: the supporter gets the task only; the contact only when the lead shared it, audited', async () => {
    const code = await fileSocial(db.db, monday, calendar, uploadDir, { privacy: 'confidential' });
    const id = await ask(code, { shareContact: false });
    const v = (await supportTaskView(db.db, id, { user: dinkesOfficer, locale: 'id', now: at(2), requestId: 'r1' }))!;
    expect(v.task).toBe(task);
    expect(v.complaint).toBeNull();
    expect(v.contact).toBeNull();
    expect(JSON.stringify(v)).not.toMatch(/Lansia terlantar|Siti Pelapor|siti@example\.test|Jl\. Contoh/);
    const req = (await audits(code)).find((a) => a.action === 'complaint.support_requested')!;
    expect(JSON.parse(req.details)).toMatchObject({ shared: 'task_only', contact_shared: false });

    const code2 = await fileSocial(db.db, monday, calendar, uploadDir, { privacy: 'confidential' });
    const id2 = await ask(code2, { shareContact: true });
    const v2 = (await supportTaskView(db.db, id2, { user: dinkesOfficer, locale: 'id', now: at(2) }))!;
    expect(v2.complaint).toBeNull();
    expect(v2.contact).toEqual({ name: 'Siti Pelapor', email: 'siti@example.test', phone: '+6281234567890' });
    const au = await audits(code2);
    expect(au.map((a) => a.action)).toEqual(expect.arrayContaining(['complaint.contact_shared', 'complaint.contact_viewed']));
    expect(au.find((a) => a.action === 'complaint.contact_viewed')!.actor_user_id).toBe(dinkesOfficer.id);
    expect(JSON.stringify(au)).not.toContain('siti@example.test');

    // A public complaint: the content, but no contact unless shared; an anonymous one never shares it.
    const code3 = await fileSocial(db.db, monday, calendar, uploadDir);
    const v3 = (await supportTaskView(db.db, await ask(code3), { user: dinkesOfficer, locale: 'id', now: at(2) }))!;
    expect(v3.complaint?.title).toBe('Lansia terlantar butuh bantuan');
    expect(v3.contact).toBeNull();
    const code4 = await fileSocial(db.db, monday, calendar, uploadDir, { privacy: 'anonymous' });
    const id4 = await ask(code4, { shareContact: true });
    expect((await row(id4)).share_contact).toBe(0);
    expect((await supportTaskView(db.db, id4, { user: dinkesOfficer, locale: 'id', now: at(2) }))!.contact).toBeNull();
  });

  it('two managers answering one request at once: one wins, the other gets a conflict and writes nothing', async () => {
    // With the version their pages showed (accept × decline), and without it for the pairs that conflict by
    // meaning (accept × accept, decline × decline): only the compare-and-set decides.
    const pairs: { withVersion: boolean; second: 'accept' | 'decline' }[] = [
      { withVersion: true, second: 'decline' },
      { withVersion: false, second: 'accept' },
      { withVersion: false, second: 'decline' },
    ];
    for (const p of pairs) {
      const code = await fileSocial(db.db, monday, calendar, uploadDir);
      const id = await ask(code);
      const v = p.withVersion ? (await row(id)).version : undefined;
      const before = (await events(code)).length;
      const first =
        p.second === 'decline' && !p.withVersion
          ? declineSupport(db.db, id, { reason: 'Tidak ada petugas yang tersedia minggu ini.' }, ctx(dinkesManager, 2, v))
          : acceptSupport(db.db, id, { assigneeId: dinkesOfficer.id }, ctx(dinkesManager, 2, v));
      const second =
        p.second === 'accept'
          ? acceptSupport(db.db, id, { assigneeId: dinkesManager2.id }, ctx(dinkesManager2, 2, v))
          : declineSupport(db.db, id, { reason: 'Tidak ada petugas yang tersedia minggu ini.' }, ctx(dinkesManager2, 2, v));
      const results = await Promise.all([first, second]);
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, error: 'conflict' }]);
      expect((await events(code)).length - before).toBe(1);
      expect((await row(id)).version).toBe(1);
    }
  });

  it('a request racing a resolve: never a resolved complaint with an open task', async () => {
    const code = await fileSocial(db.db, monday, calendar, uploadDir);
    expect((await respondToComplaint(db.db, code, { note: 'Kami sedang menindaklanjuti laporan ini.' }, ctx(dinsosOfficer))).ok).toBe(true);
    const v = (await db.db.selectFrom('complaints').select('version').where('code', '=', code).executeTakeFirstOrThrow()).version;
    const [req, res] = await Promise.all([
      requestSupport(db.db, code, { departmentCode: 'DINKES', task, days: 3, shareContact: false }, ctx(dinsosOfficer, 2, v)),
      resolveComplaint(db.db, code, { note: 'Lansia sudah mendapat bantuan sosial.' }, [], ctx(dinsosManager, 2, v)),
    ]);
    expect([req.ok, res.ok].filter(Boolean)).toHaveLength(1);
    const c = await db.db.selectFrom('complaints').select(['state', 'id']).where('code', '=', code).executeTakeFirstOrThrow();
    const open = await db.db
      .selectFrom('support_requests')
      .select('id')
      .where('complaint_id', '=', c.id)
      .where('state', 'in', ['requested', 'accepted'])
      .execute();
    expect(c.state === 'resolved' && open.length > 0).toBe(false);
  });
});
