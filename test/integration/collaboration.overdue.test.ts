// Overdue supporting tasks (issue 26): the list per supporting department manager (for the daily digest) and
// the daily email: one per manager per local day, codes and due dates only, nothing for tasks done on time.
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
import { overdueSupportByManager, sendSupportOverdueDigest } from '../../src/server/collaboration/support-overdue.ts';
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
  it('lists open tasks past due per supporting manager and mails each once a day', async () => {
    const late = await fileSocial(db.db, monday, calendar, uploadDir);
    const onTime = await fileSocial(db.db, monday, calendar, uploadDir);
    const lateId = await requestSupport(db.db, late, { departmentCode: 'DINKES', task: TASK, days: 1, shareContact: false }, ctx(lead, monday));
    const doneId = await requestSupport(db.db, onTime, { departmentCode: 'DINKES', task: TASK, days: 1, shareContact: false }, ctx(lead, monday));
    if (!lateId.ok || !doneId.ok) throw new Error('request failed');
    expect((await acceptSupport(db.db, doneId.id, { assigneeId: dinkesOfficer.id }, ctx(dinkesManager, at(0.1)))).ok).toBe(true);
    expect((await completeSupport(db.db, doneId.id, { note: 'Kunjungan sudah dilakukan petugas kami.', visibility: 'internal' }, ctx(dinkesOfficer, at(0.2)))).ok).toBe(true);

    // Due end of Tuesday (1 working day after Monday): nothing on Tuesday, the late one on Wednesday.
    expect(await overdueSupportByManager(db.db, at(1))).toEqual([]);
    const lists = await overdueSupportByManager(db.db, at(2));
    expect(lists.map((l) => [l.managerId, l.tasks.map((s) => s.code)])).toEqual([[dinkesManager.id, [late]]]);
    expect(lists.some((l) => l.managerId === puprManager.id)).toBe(false);

    expect(await sendSupportOverdueDigest(db.db, at(2), 'http://portal.test', 'Asia/Jakarta')).toEqual({ notices: 1 });
    expect(await sendSupportOverdueDigest(db.db, new Date(at(2).getTime() + 3_600_000), 'http://portal.test', 'Asia/Jakarta')).toEqual({ notices: 0 });
    expect(await sendSupportOverdueDigest(db.db, at(3), 'http://portal.test', 'Asia/Jakarta')).toEqual({ notices: 1 });
    const mails = await db.db.selectFrom('outbox').selectAll().where('topic', '=', 'support.overdue').orderBy('id').execute();
    expect(mails).toHaveLength(2);
    expect(mails[0]!.recipient).toBe(dinkesManager.email);
    expect(mails[0]!.body_text).toContain(late);
    expect(mails[0]!.body_text).not.toContain(onTime);
    expect(mails[0]!.body_text).not.toContain(TASK);
    expect(mails[0]!.body_text).toContain('http://portal.test/staff/inbox');
    expect(jobs().map((j) => j.name)).toContain('support.overdue');
  });
});
