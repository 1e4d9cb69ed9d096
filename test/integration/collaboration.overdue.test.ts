// Overdue supporting tasks (issue 26): the list per supporting department manager and its section in the
// managers' daily digest: one digest per manager per local day (no separate email), codes and due dates
// only, nothing for tasks done on time.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dialectName, type TestDb } from '../support/db.ts';
import { fileSocial, staffOf } from '../support/collaboration.ts';
import { loadCalendar } from '../../src/server/calendar/calendar.repository.ts';
import type { SessionUser } from '../../src/server/auth/session.ts';
import type { WorkingCalendar } from '../../src/server/calendar/calendar.ts';
import { acceptSupport, completeSupport, requestSupport } from '../../src/server/collaboration/support.service.ts';
import { overdueSupportByManager } from '../../src/server/collaboration/support-overdue.ts';
import { notifyOverdue } from '../../src/server/workflow/workflow-jobs.ts';
import { recordBreach } from '../../src/server/workflow/overdue-digest.repository.ts';
import { jobs } from '../../src/server/jobs/jobs.ts';

let db: TestDb;
let uploadDir: string;
let calendar: WorkingCalendar;
let lead: SessionUser;
let dinkesManager: SessionUser;
let dinkesOfficer: SessionUser;
let puprManager: SessionUser;
const monday = new Date('2026-11-23T09:00:00+07:00');
const at = (days: number) => new Date(monday.getTime() + days * 86_400_000);
const ctx = (user: SessionUser, now: Date) => ({ user, now, calendar });
const TASK = 'Mohon kunjungan petugas puskesmas ke rumah lansia ini.';

beforeAll(async () => {
  db = await createTestDb();
  uploadDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-collab-overdue-'));
  calendar = await loadCalendar(db.db, 'Asia/Jakarta');
  lead = await staffOf(db.db, 'DINSOS', 'officer');
  dinkesManager = await staffOf(db.db, 'DINKES', 'manager');
  dinkesOfficer = await staffOf(db.db, 'DINKES', 'officer');
  puprManager = await staffOf(db.db, 'PUPR', 'manager');
});
afterAll(async () => {
  await db?.cleanup();
  fs.rmSync(uploadDir, { recursive: true, force: true });
});

describe(`overdue supporting tasks (${dialectName})`, () => {
  it('lists open tasks past due per supporting manager and puts them in the one daily digest', async () => {
    const late = await fileSocial(db.db, monday, calendar, uploadDir);
    const onTime = await fileSocial(db.db, monday, calendar, uploadDir);
    const lateId = await requestSupport(
      db.db,
      late,
      { departmentCode: 'DINKES', task: TASK, days: 1, shareContact: false },
      ctx(lead, monday),
    );
    const doneId = await requestSupport(
      db.db,
      onTime,
      { departmentCode: 'DINKES', task: TASK, days: 1, shareContact: false },
      ctx(lead, monday),
    );
    if (!lateId.ok || !doneId.ok) throw new Error('request failed');
    expect((await acceptSupport(db.db, doneId.id, { assigneeId: dinkesOfficer.id }, ctx(dinkesManager, at(0.1)))).ok).toBe(true);
    expect(
      (
        await completeSupport(
          db.db,
          doneId.id,
          { note: 'Kunjungan sudah dilakukan petugas kami.', visibility: 'internal' },
          ctx(dinkesOfficer, at(0.2)),
        )
      ).ok,
    ).toBe(true);

    // Due end of Tuesday (1 working day after Monday): nothing on Tuesday, the late one on Wednesday.
    expect(await overdueSupportByManager(db.db, at(1))).toEqual([]);
    const lists = await overdueSupportByManager(db.db, at(2));
    expect(lists.map((l) => [l.managerId, l.tasks.map((s) => s.code)])).toEqual([[dinkesManager.id, [late]]]);
    expect(lists.some((l) => l.managerId === puprManager.id)).toBe(false);

    // The supporting manager has no breach of their own: the digest still comes, once a day, with the task.
    const url = 'http://portal.test';
    await Promise.all([notifyOverdue(db.db, at(2), url), notifyOverdue(db.db, at(2), url)]);
    await notifyOverdue(db.db, new Date(at(2).getTime() + 3_600_000), url);
    // The next day the department also has a new breach of its own: still one digest, with both sections.
    const lateComplaint = await db.db.selectFrom('complaints').select('id').where('code', '=', late).executeTakeFirstOrThrow();
    await recordBreach(db.db, {
      complaintId: Number(lateComplaint.id),
      departmentId: dinkesManager.departmentId!,
      stage: 'response',
      dueAt: at(2).getTime(),
      now: at(3).getTime() - 60_000,
    });
    await notifyOverdue(db.db, at(3), url);
    await notifyOverdue(db.db, new Date(at(3).getTime() + 3_600_000), url);
    const all = await db.db.selectFrom('outbox').selectAll().where('recipient', '=', dinkesManager.email).orderBy('id').execute();
    const mails = all.filter((m) => m.topic === 'complaints.overdue_digest');
    expect(all).toHaveLength(2);
    expect(mails).toHaveLength(2);
    expect(mails[0]!.subject).toContain('1 tugas dukungan lewat tenggat');
    expect(mails[0]!.body_text).toContain(late);
    expect(mails[0]!.body_text).not.toContain(onTime);
    expect(mails[0]!.body_text).not.toContain(TASK);
    expect(mails[0]!.body_text).toContain('http://portal.test/staff/inbox');
    expect(mails[1]!.body_text).toMatch(/tanggapan pertama: 1 baru/);
    expect(mails[1]!.body_text).toContain('http://portal.test/reports/overdue');
    expect(mails[1]!.body_text).toContain(late);
    expect(mails[1]!.body_text).toContain('Tugas dukungan dinas Anda yang lewat tenggat');
    expect(await db.db.selectFrom('outbox').select('id').where('topic', '=', 'support.overdue').execute()).toEqual([]);
    expect(jobs().map((j) => j.name)).not.toContain('support.overdue');
  });
});
