// The workflow's periodic jobs as the worker runs them (registered in jobs(), under a lease, on a moved
// clock): resolved complaints close by themselves after 14 days; a breached due date brings the
// department manager exactly one email, delivered by SMTP on loopback.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dialectName, type TestDb } from '../support/db.ts';
import { createTestUser } from '../support/users.ts';
import { startSmtp } from '../support/smtp.ts';
import { loadCalendar } from '../../src/server/calendar/calendar.repository.ts';
import { submitComplaint } from '../../src/server/complaints/complaints.service.ts';
import { jobs, runJobOnce } from '../../src/server/jobs/jobs.ts';
import { deliverOutbox, smtpMailer } from '../../src/server/notifications/delivery.ts';
import { resolveComplaint, respondToComplaint } from '../../src/server/workflow/workflow.service.ts';
import type { SessionUser } from '../../src/server/auth/session.ts';
import type { WorkingCalendar } from '../../src/server/calendar/calendar.ts';

let db: TestDb;
let uploadDir: string;
let calendar: WorkingCalendar;
let officer: SessionUser;
let managerEmail: string;
const monday = new Date('2026-11-23T09:00:00+07:00');
const DAY = 24 * 3600_000;
const at = (ms: number) => new Date(monday.getTime() + ms);

beforeAll(async () => {
  db = await createTestDb();
  uploadDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-uploads-'));
  calendar = await loadCalendar(db.db, 'Asia/Jakarta');
  const o = await createTestUser(db.db, { role: 'officer', departmentCode: 'DLHK' });
  officer = {
    id: o.id,
    email: o.email,
    name: 'Petugas',
    role: 'officer',
    departmentId: o.departmentId,
    nip: null,
    affiliation: null,
    affiliationVerified: false,
    locale: 'id',
  } as SessionUser;
  managerEmail = (await createTestUser(db.db, { role: 'manager', departmentCode: 'DLHK' })).email;
  await createTestUser(db.db, { role: 'manager', departmentCode: 'PUPR', email: 'manager.pupr@example.test' });
});

afterAll(async () => {
  await db?.cleanup();
  fs.rmSync(uploadDir, { recursive: true, force: true });
});

async function file(title: string) {
  const r = await submitComplaint(
    db.db,
    {
      category: 'sampah',
      title,
      description: 'Sampah di TPS tidak diangkut sejak minggu lalu dan mulai berbau.',
      kecamatan: undefined,
      kelurahan: '16.71.01.1001',
      address: '',
      latitude: undefined,
      longitude: undefined,
      privacy: 'public',
      show_name: false,
      name: undefined,
      email: 'pelapor@example.test',
      phone: undefined,
    },
    [],
    { user: null, now: monday, calendar, uploadDir, siteUrl: 'http://portal.test', locale: 'id' },
  );
  if (!r.ok) throw new Error('filing failed');
  return r.code;
}
const job = (name: string) => jobs().find((j) => j.name === name)!;
const state = async (code: string) =>
  await db.db.selectFrom('complaints').select(['state', 'closed_at']).where('code', '=', code).executeTakeFirstOrThrow();

describe(`workflow jobs (${dialectName})`, () => {
  it('auto-close: a resolution left unanswered closes 14 days later, not before', async () => {
    const code = await file('Sampah belum diangkut (tutup otomatis)');
    const ctx = { user: officer, now: at(3600_000), siteUrl: 'http://portal.test', uploadDir };
    await respondToComplaint(db.db, code, { note: 'Segera kami angkut.' }, ctx);
    await resolveComplaint(db.db, code, { note: 'Sudah diangkut.' }, [], { ...ctx, now: at(DAY) });
    expect(job('complaints.auto_close')).toBeDefined();
    await runJobOnce(db.db, job('complaints.auto_close'), 'worker-1', at(14 * DAY));
    expect((await state(code)).state).toBe('resolved');
    const r = await runJobOnce(db.db, job('complaints.auto_close'), 'worker-1', at(15 * DAY + 1));
    expect(r).toEqual({ ran: true, result: { closed: 1 } });
    expect(await state(code)).toMatchObject({ state: 'closed' });
    expect(Number((await state(code)).closed_at)).toBe(at(15 * DAY + 1).getTime());
  });

  it("overdue: one digest to the department's manager only, delivered by SMTP", async () => {
    const code = await file('Sampah belum diangkut (lewat tenggat)');
    const overdue = job('complaints.overdue');
    for (const d of [8, 8.5, 9, 10]) await runJobOnce(db.db, overdue, 'worker-1', at(d * DAY));
    const smtp = await startSmtp();
    try {
      const mailer = smtpMailer(smtp.url, 'Suara Warga <no-reply@example.test>');
      await deliverOutbox(db.db, mailer, { now: at(10 * DAY) });
      mailer.transport.close();
      // No email names the complaint to anyone but its reporter.
      expect(smtp.received.filter((m) => m.raw.includes(code) && m.to[0] !== 'pelapor@example.test')).toHaveLength(0);
      const digests = smtp.received.filter((m) => m.to[0] === managerEmail);
      expect(digests).toHaveLength(1);
      expect(digests[0]!.raw.replace(/=\r?\n/g, '')).toContain('/reports/overdue');
      expect(smtp.received.some((m) => m.to[0] === 'manager.pupr@example.test')).toBe(false);
      expect(digests[0]!.raw).not.toContain('pelapor@example.test');
    } finally {
      await smtp.stop();
    }
  });
});
