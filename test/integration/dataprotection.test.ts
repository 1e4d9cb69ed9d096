// Data subject rights against the database (both dialects): the download holds exactly the subject's
// records; erasure leaves no name, email or phone in any table and keeps every metric column; the
// retention job anonymises and deletes on a moved clock, and a second run changes nothing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../support/db.ts';
import { findText } from '../support/scan.ts';
import { sessionUser } from '../support/consultations.ts';
import { openConsultation } from '../support/consultations.ts';
import { jpeg } from '../support/complaints.ts';
import { TEST_PASSWORD } from '../support/users.ts';
import { loadCalendar } from '../../src/server/calendar/calendar.repository.ts';
import type { WorkingCalendar } from '../../src/server/calendar/calendar.ts';
import { submitComplaint, type SubmitContext } from '../../src/server/complaints/complaints.service.ts';
import type { NewComplaintInput } from '../../src/server/complaints/complaints.schema.ts';
import { processPhotos } from '../../src/server/complaints/complaint-photos.ts';
import { getComplaintView } from '../../src/server/complaints/complaints.views.ts';
import {
  contribute,
  endorse,
  reply,
  reportContribution,
  respondToContribution,
} from '../../src/server/consultations/contributions.service.ts';
import { setFollowing } from '../../src/server/consultations/consultations.service.ts';
import {
  downloadComplaintData,
  downloadMyData,
  eraseComplaintContact,
  eraseMyAccount,
} from '../../src/server/dataprotection/dataprotection.service.ts';
import { runRetention } from '../../src/server/dataprotection/retention.ts';
import { breachReport } from '../../src/server/dataprotection/breach-report.ts';
import { logIn } from '../../src/server/auth/auth.service.ts';
import { exportContributions } from '../../src/server/consultations/consultations.export.ts';
import { jobs, runJobOnce } from '../../src/server/jobs/jobs.ts';
import { viewDepartmentEvidence, viewOfficerEvidence } from '../../src/server/appraisal/appraisal.service.ts';
import type { SessionUser } from '../../src/server/auth/session.ts';

let db: TestDb;
let uploadDir: string;
let calendar: WorkingCalendar;
const now = new Date('2026-11-23T09:00:00+07:00');
const SITE = 'http://portal.test';

const RINA = {
  name: 'Rina Wulandari Sukmawati',
  email: 'rina.wulandari@example.test',
  phone: '+6281299887766',
  organisation: 'Forum Warga Sukarami Lestari',
};
const RINA_NEEDLES = [RINA.name, RINA.email, RINA.phone, '081299887766', RINA.organisation];
const BUDI = { name: 'Budi Santoso Hartono', email: 'budi.hartono@example.test' };

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
    name: undefined,
    email: undefined,
    phone: undefined,
    ...over,
  } as NewComplaintInput;
}

function ctx(user: SessionUser | null, at = now): SubmitContext {
  return { user, now: at, calendar, uploadDir, siteUrl: SITE, locale: 'id' };
}

async function photo() {
  const r = await processPhotos([new File([new Uint8Array(await jpeg())], 'a.jpg', { type: 'image/jpeg' })]);
  if (!r.ok) throw new Error('photo');
  return r.photos;
}

beforeAll(async () => {
  db = await createTestDb();
  uploadDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-dp-'));
  calendar = await loadCalendar(db.db, 'Asia/Jakarta');
});

afterAll(async () => {
  await db?.cleanup();
  fs.rmSync(uploadDir, { recursive: true, force: true });
});

async function metrics() {
  const complaints = await db.db
    .selectFrom('complaints')
    .select([
      'id',
      'code',
      'state',
      'privacy',
      'category_id',
      'department_id',
      'kecamatan_code',
      'kelurahan_code',
      'submitted_at',
      'assigned_at',
      'response_due_at',
      'resolution_due_at',
      'first_response_at',
      'resolved_at',
      'closed_at',
      'rejected_at',
      'reopened_count',
      'transfer_count',
      'reporter_user_id',
    ])
    .orderBy('id')
    .execute();
  const events = await db.db
    .selectFrom('complaint_events')
    .select(['id', 'complaint_id', 'at', 'actor_kind', 'action', 'from_state', 'to_state', 'visibility', 'department_id'])
    .orderBy('id')
    .execute();
  const contributions = await db.db
    .selectFrom('contributions')
    .select([
      'id',
      'consultation_id',
      'parent_id',
      'author_user_id',
      'affiliation',
      'affiliation_verified',
      'stance',
      'endorsement_count',
      'report_count',
      'hidden',
      'created_at',
    ])
    .orderBy('id')
    .execute();
  const endorsements = await db.db
    .selectFrom('contribution_endorsements')
    .selectAll()
    .orderBy('contribution_id')
    .orderBy('user_id')
    .execute();
  const responses = await db.db
    .selectFrom('official_responses')
    .select(['id', 'contribution_id', 'department_id', 'created_at'])
    .orderBy('id')
    .execute();
  return JSON.stringify({ complaints, events, contributions, endorsements, responses });
}

describe('a resident downloads and erases their data', () => {
  let rina: SessionUser;
  let budi: SessionUser;
  let rinaCodes: string[] = [];
  let budiCode = '';
  let rinaContribution = 0;
  let budiContribution = 0;

  beforeAll(async () => {
    rina = await sessionUser(db.db, { ...RINA, affiliation: 'masyarakat' });
    budi = await sessionUser(db.db, { ...BUDI });
    const officer = await sessionUser(db.db, { role: 'officer', departmentCode: 'PUPR' });
    const consultation = await openConsultation(db.db, officer, now);

    const a = await submitComplaint(
      db.db,
      input({
        name: RINA.name,
        email: RINA.email,
        phone: RINA.phone,
        description: `Saya ${RINA.name} (hubungi 081299887766 atau ${RINA.email}) melaporkan bau limbah.`,
      }),
      await photo(),
      ctx(rina),
    );
    const b = await submitComplaint(
      db.db,
      input({ title: 'Lampu jalan padam', privacy: 'confidential', name: RINA.name, email: RINA.email }),
      [],
      ctx(rina),
    );
    const c = await submitComplaint(
      db.db,
      input({ name: BUDI.name, email: BUDI.email, description: 'Keluhan Budi tentang saluran.' }),
      [],
      ctx(budi),
    );
    if (!a.ok || !b.ok || !c.ok) throw new Error('submit');
    rinaCodes = [a.code, b.code];
    budiCode = c.code;
    // One submission email already went out; the other is still waiting.
    await db.db.updateTable('outbox').set({ sent_at: now.getTime() }).where('topic', '=', `complaint.submitted:${a.code}`).execute();

    const k = { now, actor: rina };
    rinaContribution = await contribute(db.db, k, consultation, {
      body: `Usulan dari ${RINA.name}, ${RINA.organisation}. Kontak: ${RINA.email}`,
      stance: 'setuju',
      questionId: null,
    });
    budiContribution = await contribute(db.db, { now, actor: budi }, consultation, {
      body: 'Usulan Budi: tambah halte.',
      stance: 'netral',
      questionId: null,
    });
    await reply(db.db, k, consultation, budiContribution, 'Setuju dengan halte.');
    await endorse(db.db, k, consultation, budiContribution);
    await endorse(db.db, { now, actor: budi }, consultation, rinaContribution);
    await reportContribution(db.db, k, consultation, budiContribution, 'tidak_relevan');
    await setFollowing(db.db, rina, consultation, true, now);
    await respondToContribution(db.db, { now, actor: officer }, consultation, rinaContribution, `Terima kasih Ibu ${RINA.name}.`);
  });

  it('the download holds every complaint and contribution of the resident and nothing of anyone else', async () => {
    const data = await downloadMyData(db.db, rina, 'json', { now, siteUrl: SITE });
    expect(data.profile).toMatchObject({ email: RINA.email, name: RINA.name, phone: RINA.phone, organisation: RINA.organisation });
    expect(data.complaints.map((c) => c.code).sort()).toEqual([...rinaCodes].sort());
    const first = data.complaints.find((c) => c.code === rinaCodes[0])!;
    expect(first.photos as unknown[]).toHaveLength(1);
    expect((first.timeline as { action: string }[]).map((e) => e.action)).toContain('submit');
    expect(data.contributions.map((c) => c.id)).toHaveLength(2);
    expect(data.contributions.map((c) => c.id)).toContain(rinaContribution);
    expect(data.endorsements.map((e) => e.contributionId)).toEqual([budiContribution]);
    expect(data.reports.map((r) => r.contributionId)).toEqual([budiContribution]);
    expect(data.follows).toHaveLength(1);
    const text = JSON.stringify(data);
    expect(text).not.toContain(BUDI.email);
    expect(text).not.toContain(BUDI.name);
    expect(text).not.toContain(budiCode);
    expect(text).not.toContain('Usulan Budi');
    const req = await db.db.selectFrom('data_requests').selectAll().where('subject_id', '=', String(rina.id)).executeTakeFirstOrThrow();
    expect(req).toMatchObject({ kind: 'access', state: 'completed' });
    expect(Number(req.due_at) - Number(req.received_at)).toBe(72 * 3_600_000);
  });

  it('staff opening contact data is audited and appears in the breach report for that window', async () => {
    const verifier = await sessionUser(db.db, { role: 'verifier' });
    const view = await getComplaintView(db.db, rinaCodes[0]!, { user: verifier, hasKey: () => false, locale: 'id' });
    expect(view?.reporterEmail).toBe(RINA.email);
    const subjects = await breachReport(db.db, new Date(Date.now() - 60_000), new Date(Date.now() + 60_000));
    const hit = subjects.find((s) => s.userId === rina.id);
    expect(hit?.email).toBe(RINA.email);
    expect(hit?.complaints).toContain(rinaCodes[0]);
    expect(hit?.actions).toContain('complaint.contact_viewed');
    expect(hit?.actorUserIds).toContain(verifier.id);
    const none = await breachReport(db.db, new Date('2020-01-01'), new Date('2020-01-02'));
    expect(none).toEqual([]);
  });

  it('a wrong password erases nothing', async () => {
    const r = await eraseMyAccount(db.db, rina, 'bukan-kata-sandinya', { now, siteUrl: SITE });
    expect(r).toEqual({ ok: false, error: 'wrong_password' });
    expect(await findText(db.db, [RINA.email])).not.toEqual([]);
  });

  it('after erasure no table holds the name, email or phone, and every metric column is unchanged', async () => {
    const before = await metrics();
    const r = await eraseMyAccount(db.db, rina, TEST_PASSWORD, { now, siteUrl: SITE });
    expect(r.ok).toBe(true);
    expect(await findText(db.db, RINA_NEEDLES)).toEqual([]);
    expect(await metrics()).toBe(before);
    // Everyone else's data is untouched.
    expect((await findText(db.db, [BUDI.email, BUDI.name])).length).toBeGreaterThan(0);
    // The texts remain, anonymised.
    const c = await db.db
      .selectFrom('complaints')
      .select(['description', 'reporter_email'])
      .where('code', '=', rinaCodes[0]!)
      .executeTakeFirstOrThrow();
    expect(c.reporter_email).toBeNull();
    expect(c.description).toContain('[dihapus]');
    expect(c.description).toContain('melaporkan bau limbah');
    // Unsent mail is gone; the sent one stays without its recipient.
    const mail = await db.db.selectFrom('outbox').select(['recipient', 'topic']).where('topic', 'like', `complaint.submitted:%`).execute();
    expect(mail.filter((m) => m.topic.endsWith(rinaCodes[1]!))).toEqual([]);
    expect(mail.find((m) => m.topic.endsWith(rinaCodes[0]!))?.recipient).toBe('erased@erased.invalid');
    // The account is closed: no session, no login.
    expect(await db.db.selectFrom('sessions').select('id').where('user_id', '=', rina.id).execute()).toEqual([]);
    const login = await logIn(db.db, { email: RINA.email, password: TEST_PASSWORD }, { ip: '127.0.0.9', now });
    expect(login.ok).toBe(false);
    const erasure = await db.db
      .selectFrom('data_requests')
      .selectAll()
      .where('kind', '=', 'erasure')
      .where('subject_id', '=', String(rina.id))
      .executeTakeFirstOrThrow();
    expect(erasure.state).toBe('completed');
    expect(Number(erasure.completed_at)).toBe(now.getTime());
  });

  it('asking twice finds nothing more to erase', async () => {
    const r = await eraseMyAccount(db.db, rina, TEST_PASSWORD, { now, siteUrl: SITE });
    expect(r).toEqual({ ok: false, error: 'not_found' });
  });
});

describe('a reporter without an account, with the tracking code and access key', () => {
  it('downloads and erases that complaint only', async () => {
    const who = { name: 'Wati Kusumaningrum', email: 'wati.kusuma@example.test', phone: '+6285711223344' };
    const s = await submitComplaint(db.db, input({ ...who, description: `Dilaporkan oleh ${who.name}.` }), [], ctx(null));
    const other = await submitComplaint(db.db, input({ name: 'Orang Lain Sekali', email: 'lain@example.test' }), [], ctx(null));
    if (!s.ok || !other.ok) throw new Error('submit');
    expect(await downloadComplaintData(db.db, s.code, 'KUNCI-SALAH', { now, siteUrl: SITE })).toBeNull();
    const data = await downloadComplaintData(db.db, s.code, s.accessKey, { now, siteUrl: SITE });
    expect(data?.complaints.map((c) => c.code)).toEqual([s.code]);
    expect(data?.complaints[0]).toMatchObject({ reporterEmail: who.email, reporterName: who.name });
    expect(JSON.stringify(data)).not.toContain('lain@example.test');

    expect(await eraseComplaintContact(db.db, s.code, other.accessKey, { now, siteUrl: SITE })).toBeNull();
    const before = await metrics();
    expect(await eraseComplaintContact(db.db, s.code, s.accessKey, { now, siteUrl: SITE })).not.toBeNull();
    expect(await findText(db.db, [who.name, who.email, who.phone])).toEqual([]);
    expect(await metrics()).toBe(before);
    expect((await findText(db.db, ['lain@example.test'])).length).toBeGreaterThan(0);
  });
});

describe('retention job', () => {
  const T0 = new Date('2026-01-05T09:00:00+07:00');
  const DAY = 86_400_000;
  const monthsAfter = (d: Date, m: number) => {
    const x = new Date(d.getTime());
    x.setUTCMonth(x.getUTCMonth() + m);
    return x;
  };
  const opts = () => ({ contactMonths: 24, photoMonths: 12, uploadDir });

  it('anonymises closed complaints after the contact period, deletes photos after theirs, and a second run changes nothing', async () => {
    const closed = await submitComplaint(
      db.db,
      input({ name: 'Yanti Retensi Tertutup', email: 'yanti.retensi@example.test' }),
      await photo(),
      ctx(null, T0),
    );
    const open = await submitComplaint(
      db.db,
      input({ name: 'Joko Retensi Terbuka', email: 'joko.retensi@example.test' }),
      await photo(),
      ctx(null, T0),
    );
    const rejected = await submitComplaint(db.db, input({ name: 'Tono Retensi Ditolak', phone: '+6285600001111' }), [], ctx(null, T0));
    if (!closed.ok || !open.ok || !rejected.ok) throw new Error('submit');
    await db.db
      .updateTable('complaints')
      .set({ state: 'closed', closed_at: T0.getTime() + DAY })
      .where('code', '=', closed.code)
      .execute();
    await db.db
      .updateTable('complaints')
      .set({ state: 'rejected', rejection_reason: 'out_of_scope', rejected_at: T0.getTime() + DAY })
      .where('code', '=', rejected.code)
      .execute();
    const files = async (code: string) =>
      (
        await db.db
          .selectFrom('complaint_photos as p')
          .innerJoin('complaints as c', 'c.id', 'p.complaint_id')
          .select('p.file_name')
          .where('c.code', '=', code)
          .execute()
      ).map((p) => p.file_name);
    const closedFiles = await files(closed.code);
    expect(closedFiles).toHaveLength(1);
    const closedThumb = path.join(uploadDir, closedFiles[0]!.replace(/\.\w+$/, '.thumb.jpg'));
    expect(fs.existsSync(closedThumb)).toBe(true);

    // Eleven months after closing: nothing is due yet.
    let r = await runRetention(db.db, monthsAfter(T0, 11), opts());
    expect(r.photosDeleted).toBe(0);
    expect(r.complaintCodes).not.toContain(closed.code);

    // Thirteen months: the closed complaint's photo goes (row and file), contact data stays.
    const dry = await runRetention(db.db, monthsAfter(T0, 13), { ...opts(), dryRun: true });
    expect(dry.photosDeleted).toBeGreaterThanOrEqual(1);
    expect(await files(closed.code)).toHaveLength(1);
    r = await runRetention(db.db, monthsAfter(T0, 13), opts());
    expect(r.photosDeleted).toBeGreaterThanOrEqual(1);
    expect(await files(closed.code)).toEqual([]);
    expect(fs.existsSync(path.join(uploadDir, closedFiles[0]!))).toBe(false);
    expect(fs.existsSync(closedThumb)).toBe(false); // its thumbnail with it
    expect(await files(open.code)).toHaveLength(1);
    expect((await findText(db.db, ['yanti.retensi@example.test'])).length).toBeGreaterThan(0);

    // Twenty-five months: contact data of the closed complaint is anonymised; the open one keeps it.
    r = await runRetention(db.db, monthsAfter(T0, 25), opts());
    expect(r.complaintCodes).toContain(closed.code);
    expect(r.complaintCodes).toContain(rejected.code);
    expect(r.complaintCodes).not.toContain(open.code);
    expect(
      await findText(db.db, ['Yanti Retensi Tertutup', 'yanti.retensi@example.test', 'Tono Retensi Ditolak', '+6285600001111']),
    ).toEqual([]);
    expect((await findText(db.db, ['joko.retensi@example.test'])).length).toBeGreaterThan(0);
    const row = await db.db
      .selectFrom('complaints')
      .select(['state', 'closed_at'])
      .where('code', '=', closed.code)
      .executeTakeFirstOrThrow();
    expect(row.state).toBe('closed');
    expect(Number(row.closed_at)).toBe(T0.getTime() + DAY);

    // The same run again: nothing to do, nothing changed.
    const snapshot = JSON.stringify(await db.db.selectFrom('complaints').selectAll().orderBy('id').execute());
    const photosBefore = await db.db.selectFrom('complaint_photos').select('id').orderBy('id').execute();
    const again = await runRetention(db.db, monthsAfter(T0, 25), opts());
    expect(again.complaintsAnonymised).toBe(0);
    expect(again.photosDeleted).toBe(0);
    expect(JSON.stringify(await db.db.selectFrom('complaints').selectAll().orderBy('id').execute())).toBe(snapshot);
    expect(await db.db.selectFrom('complaint_photos').select('id').orderBy('id').execute()).toEqual(photosBefore);
  });
});

describe('breach readiness and the worker job', () => {
  it('an exported consultation names every contributor in the breach report', async () => {
    const officer = await sessionUser(db.db, { role: 'officer', departmentCode: 'PUPR' });
    const writer = await sessionUser(db.db, { email: 'penulis.ekspor@example.test' });
    const k = await openConsultation(db.db, officer, now, { title: 'Konsultasi ekspor' });
    await contribute(db.db, { now, actor: writer }, k, { body: 'Masukan untuk ekspor.', stance: 'netral', questionId: null });
    const from = new Date(Date.now() - 1000);
    await exportContributions(db.db, officer, k, 'id');
    const subjects = await breachReport(db.db, from, new Date(Date.now() + 60_000));
    const hit = subjects.find((s) => s.userId === writer.id);
    expect(hit?.email).toBe('penulis.ekspor@example.test');
    expect(hit?.actions).toEqual(['consultation.exported']);
    expect(hit?.actorUserIds).toEqual([officer.id]);
  });

  it('appraisal evidence opened by a manager names the officers it showed in the breach report', async () => {
    const a = await sessionUser(db.db, {
      role: 'officer',
      departmentCode: 'DLHK',
      email: 'petugas.a@example.test',
      nip: '198001012006041001',
    });
    const b = await sessionUser(db.db, {
      role: 'officer',
      departmentCode: 'DLHK',
      email: 'petugas.b@example.test',
      nip: '198502022010012002',
    });
    const other = await sessionUser(db.db, {
      role: 'officer',
      departmentCode: 'DINSOS',
      email: 'petugas.dinsos@example.test',
      nip: '199003032015031003',
    });
    const manager = await sessionUser(db.db, { role: 'manager', departmentCode: 'DLHK' });
    const at = new Date('2026-11-30T10:00:00+07:00');
    const list = await viewDepartmentEvidence(db.db, { periodKey: '2026-S2' }, { user: manager, now: at });
    expect(list.ok).toBe(true);
    const one = await viewOfficerEvidence(db.db, { nip: '198001012006041001', periodKey: '2026-S2' }, { user: manager, now: at });
    expect(one.ok).toBe(true);
    const subjects = await breachReport(db.db, new Date(at.getTime() - 1000), new Date(at.getTime() + 1000));
    const hitA = subjects.find((s) => s.userId === a.id);
    const hitB = subjects.find((s) => s.userId === b.id);
    expect(hitA).toMatchObject({ email: 'petugas.a@example.test', accesses: 2, actions: ['appraisal.viewed'], actorUserIds: [manager.id] });
    expect(hitB).toMatchObject({ email: 'petugas.b@example.test', accesses: 1 });
    // An officer of another department was not shown, so is not named.
    expect(subjects.find((s) => s.userId === other.id)).toBeUndefined();
  });

  it('retention is a worker job under a lease: a second server at the same time does not run it', async () => {
    const job = jobs().find((j) => j.name === 'dataprotection.retention');
    expect(job).toBeDefined();
    const at = new Date('2031-01-01T00:00:00Z');
    const first = await runJobOnce(db.db, job!, 'server-a', at);
    const second = await runJobOnce(db.db, job!, 'server-b', at);
    expect(first.ran).toBe(true);
    expect(second.ran).toBe(false);
    const lease = await db.db
      .selectFrom('job_leases')
      .select(['last_result'])
      .where('name', '=', 'dataprotection.retention')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(lease.last_result!)).toMatchObject({ dryRun: false });
  });
});
