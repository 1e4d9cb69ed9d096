// Consultation lifecycle against the database: publish, contribute, endorse under concurrency,
// the three-report rule, closing by date with a moved clock, conclusion with commitments, authorization.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../src/server/clock.ts';
import {
  closeDueConsultations,
  concludeConsultation,
  createConsultation,
  managedConsultation,
  publishConsultation,
  setFollowing,
  updateCommitment,
  updateConsultation,
} from '../../src/server/consultations/consultations.service.ts';
import {
  contribute,
  endorse,
  moderateContribution,
  reply,
  reportContribution,
  respondToContribution,
  tagContribution,
} from '../../src/server/consultations/contributions.service.ts';
import { findConsultationById, listCommitments, listQuestions } from '../../src/server/consultations/consultations.repository.ts';
import { findContribution } from '../../src/server/consultations/contributions.repository.ts';
import { phaseOf } from '../../src/server/consultations/consultations.policy.ts';
import { ConsultationError } from '../../src/server/consultations/errors.ts';
import { listAudit } from '../../src/server/audit/audit.repository.ts';
import type { SessionUser } from '../../src/server/auth/session.ts';
import { createTestDb, dialectName, type TestDb } from '../support/db.ts';
import { openConsultation, sessionUser, verifyAffiliation } from '../support/consultations.ts';

const DAY = 86_400_000;
let t: TestDb;
let staff: SessionUser;
let otherStaff: SessionUser;
let resident: SessionUser;

beforeAll(async () => {
  t = await createTestDb();
  staff = await sessionUser(t.db, { role: 'officer', departmentCode: 'DISHUB' });
  otherStaff = await sessionUser(t.db, { role: 'manager', departmentCode: 'DINKES' });
  resident = await sessionUser(t.db, { affiliation: 'akademisi', name: 'Dr. Sari' });
});
afterAll(async () => t?.cleanup());

async function rejects(p: Promise<unknown>, code: string) {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ConsultationError);
  expect((e as ConsultationError).code).toBe(code);
}

describe(`consultations service (${dialectName})`, () => {
  it('runs draft → open → closed (by date) → concluded, with commitments whose progress is updated later', async () => {
    const clock = manualClock('2026-12-01T03:00:00Z');
    const id = await createConsultation(
      t.db,
      { actor: staff, now: clock.now() },
      {
        departmentId: staff.departmentId!,
        title: 'Penataan parkir tepi jalan',
        summary: 'Rencana penataan parkir di pusat kota.',
        body: 'Isi rancangan **penataan** parkir.',
        questions: ['Di mana parkir paling bermasalah?'],
        targetGroups: ['masyarakat'],
        opensAt: new Date('2026-12-02T00:00:00Z'),
        closesAt: new Date('2026-12-10T00:00:00Z'),
      },
    );
    let c = (await findConsultationById(t.db, id))!;
    expect(phaseOf(c, clock.now())).toBe('draft');
    await rejects(
      contribute(t.db, { actor: resident, now: clock.now() }, id, { body: 'Masukan terlalu awal', stance: 'netral', questionId: null }),
      'not_found',
    );

    await publishConsultation(t.db, { actor: staff, now: clock.now() }, id);
    c = (await findConsultationById(t.db, id))!;
    expect(phaseOf(c, clock.now())).toBe('upcoming');
    await rejects(
      contribute(t.db, { actor: resident, now: clock.now() }, id, { body: 'Masukan terlalu awal', stance: 'netral', questionId: null }),
      'not_open',
    );

    clock.set('2026-12-05T00:00:00Z');
    const [q] = await listQuestions(t.db, id);
    const k = await contribute(t.db, { actor: resident, now: clock.now() }, id, {
      body: 'Parkir di Jalan Sudirman menutup trotoar.',
      stance: 'setuju',
      questionId: q!.id,
    });
    const stored = (await findContribution(t.db, k))!;
    expect(stored.affiliation).toBe('akademisi');
    expect(stored.question_id).toBe(q!.id);

    // The clock passes the closing time: reads say closed even before the job runs, and input is refused.
    clock.set('2026-12-10T00:00:00Z');
    expect(phaseOf((await findConsultationById(t.db, id))!, clock.now())).toBe('closed');
    await rejects(
      contribute(t.db, { actor: resident, now: clock.now() }, id, { body: 'Masukan terlambat', stance: 'netral', questionId: null }),
      'not_open',
    );
    await rejects(endorse(t.db, { actor: staff, now: clock.now() }, id, k), 'not_open');
    const closed = await closeDueConsultations(t.db, clock.now());
    expect(closed).toContain(id);
    expect((await findConsultationById(t.db, id))!.state).toBe('closed');
    expect(await closeDueConsultations(t.db, clock.now())).not.toContain(id);

    await rejects(
      concludeConsultation(t.db, { actor: otherStaff, now: clock.now() }, id, { outcomeSummary: 'x'.repeat(30), commitments: [] }),
      'not_found',
    );
    await concludeConsultation(t.db, { actor: staff, now: clock.now() }, id, {
      outcomeSummary: 'Warga meminta trotoar bebas parkir di pusat kota.',
      commitments: [{ text: 'Memasang rambu larangan parkir di Jalan Sudirman', owner: 'Bidang Lalu Lintas', due_date: '2027-02-28' }],
    });
    c = (await findConsultationById(t.db, id))!;
    expect(c.state).toBe('concluded');
    expect(c.outcome_summary).toContain('trotoar');
    const [m] = await listCommitments(t.db, id);
    expect(m).toMatchObject({ status: 'direncanakan', progress: 0, owner: 'Bidang Lalu Lintas', due_date: '2027-02-28' });

    await rejects(
      updateCommitment(t.db, { actor: otherStaff, now: clock.now() }, m!.id, { status: 'berjalan', progress: 50, note: '' }),
      'not_found',
    );
    await updateCommitment(t.db, { actor: staff, now: clock.now() }, m!.id, { status: 'berjalan', progress: 40, note: 'Rambu dipesan.' });
    expect((await listCommitments(t.db, id))[0]).toMatchObject({ status: 'berjalan', progress: 40 });
    const audit = await listAudit(t.db, { objectType: 'consultation', objectId: String(id) });
    expect(audit.map((a) => a.action).sort()).toEqual([
      'consultation.closed',
      'consultation.concluded',
      'consultation.created',
      'consultation.published',
    ]);
  });

  it('counts an endorsement once when the same person clicks many times at once', async () => {
    const now = new Date();
    const id = await openConsultation(t.db, staff, now);
    const k = await contribute(t.db, { actor: resident, now }, id, {
      body: 'Tambah halte di dekat pasar.',
      stance: 'setuju',
      questionId: null,
    });
    const fan = await sessionUser(t.db, { affiliation: 'masyarakat' });
    const results = await Promise.all(Array.from({ length: 12 }, () => endorse(t.db, { actor: fan, now }, id, k)));
    expect(results.filter(Boolean)).toHaveLength(1);
    const others = await Promise.all(Array.from({ length: 4 }, () => sessionUser(t.db)));
    await Promise.all(others.flatMap((u) => [endorse(t.db, { actor: u, now }, id, k), endorse(t.db, { actor: u, now }, id, k)]));
    expect((await findContribution(t.db, k))!.endorsement_count).toBe(5);
    const rows = await t.db.selectFrom('contribution_endorsements').select('user_id').where('contribution_id', '=', k).execute();
    expect(rows).toHaveLength(5);
  });

  it('hides a contribution after three reports from different people, until a moderator restores it', async () => {
    const now = new Date();
    const id = await openConsultation(t.db, staff, now);
    const k = await contribute(t.db, { actor: resident, now }, id, {
      body: 'Beli obat murah di situs kami!',
      stance: 'netral',
      questionId: null,
    });
    const [a, b, c] = await Promise.all([sessionUser(t.db), sessionUser(t.db), sessionUser(t.db)]);
    expect(await reportContribution(t.db, { actor: a!, now }, id, k, 'spam')).toEqual({ reported: true, hidden: false });
    // The same person reporting twice still counts once.
    expect(await reportContribution(t.db, { actor: a!, now }, id, k, 'spam')).toEqual({ reported: false, hidden: false });
    expect(await reportContribution(t.db, { actor: b!, now }, id, k, 'menyinggung')).toEqual({ reported: true, hidden: false });
    expect((await findContribution(t.db, k))!.hidden).toBe(0);
    expect(await reportContribution(t.db, { actor: c!, now }, id, k, 'spam')).toEqual({ reported: true, hidden: true });
    const hidden = (await findContribution(t.db, k))!;
    expect(hidden).toMatchObject({ hidden: 1, hidden_by: 'reports', hidden_reason: 'spam', report_count: 3 });

    // A resident and another department's staff may not moderate.
    await rejects(
      moderateContribution(t.db, { actor: resident, now }, id, k, { action: 'restore', reason: 'tidak_melanggar', note: '' }),
      'not_found',
    );
    await rejects(
      moderateContribution(t.db, { actor: otherStaff, now }, id, k, { action: 'restore', reason: 'tidak_melanggar', note: '' }),
      'not_found',
    );
    await moderateContribution(t.db, { actor: staff, now }, id, k, { action: 'restore', reason: 'tidak_melanggar', note: 'Bukan iklan.' });
    expect((await findContribution(t.db, k))!).toMatchObject({ hidden: 0, hidden_reason: null });
    // After the moderator's decision a fourth report does not hide it again by itself.
    const d = await sessionUser(t.db);
    expect(await reportContribution(t.db, { actor: d, now }, id, k, 'spam')).toEqual({ reported: true, hidden: false });
    await moderateContribution(t.db, { actor: staff, now }, id, k, { action: 'hide', reason: 'spam', note: '' });
    expect((await findContribution(t.db, k))!).toMatchObject({ hidden: 1, hidden_by: 'moderator', hidden_reason: 'spam' });
    const audit = await listAudit(t.db, { objectType: 'contribution', objectId: String(k) });
    expect(audit.map((x) => x.action)).toEqual(
      expect.arrayContaining(['contribution.auto_hidden', 'contribution.restored', 'contribution.hidden']),
    );
    const decisions = await t.db.selectFrom('moderation_decisions').selectAll().where('contribution_id', '=', k).execute();
    expect(decisions.map((x) => x.action)).toEqual(['restore', 'hide']);
  });

  it('hides once when three different people report at the same moment', async () => {
    const now = new Date();
    const id = await openConsultation(t.db, staff, now);
    const k = await contribute(t.db, { actor: resident, now }, id, {
      body: 'Promosi produk yang tidak relevan.',
      stance: 'netral',
      questionId: null,
    });
    const reporters = await Promise.all(Array.from({ length: 4 }, () => sessionUser(t.db)));
    const results = await Promise.all(reporters.map((u) => reportContribution(t.db, { actor: u, now }, id, k, 'tidak_relevan')));
    expect(results.filter((r) => r.hidden)).toHaveLength(1);
    expect((await findContribution(t.db, k))!).toMatchObject({
      hidden: 1,
      hidden_by: 'reports',
      report_count: 4,
      hidden_reason: 'tidak_relevan',
    });
    expect(await listAudit(t.db, { action: 'contribution.auto_hidden', objectId: String(k) })).toHaveLength(1);
  });

  it('keeps replies one level deep, answers officially, tags, and emails followers', async () => {
    const now = new Date();
    const id = await openConsultation(t.db, staff, now);
    const verified = await verifyAffiliation(t.db, resident);
    const follower = await sessionUser(t.db, { email: `pengikut.${Date.now()}@example.test` });
    await setFollowing(t.db, follower, id, true, now);
    const k = await contribute(t.db, { actor: verified, now }, id, {
      body: 'Perpanjang jam operasi sampai pukul 21.00.',
      stance: 'setuju',
      questionId: null,
    });
    expect((await findContribution(t.db, k))!.affiliation_verified).toBe(1);
    const r1 = await reply(t.db, { actor: follower, now }, id, k, 'Setuju, terutama untuk pekerja pasar.');
    const r2 = await reply(t.db, { actor: verified, now }, id, r1, 'Terima kasih.');
    expect((await findContribution(t.db, r2))!.parent_id).toBe(k);

    await rejects(respondToContribution(t.db, { actor: otherStaff, now }, id, k, 'Jawaban dinas lain'), 'not_found');
    await rejects(respondToContribution(t.db, { actor: resident, now }, id, k, 'Jawaban warga'), 'not_found');
    await respondToContribution(t.db, { actor: staff, now }, id, k, 'Kami akan mengkaji jam operasi malam.');
    const mail = await t.db.selectFrom('outbox').selectAll().where('recipient', '=', follower.email).execute();
    expect(mail).toHaveLength(1);
    expect(mail[0]!.topic).toBe('consultation.responded');
    expect(mail[0]!.body_text).toContain(`/consultations/${id}`);

    const comps = await t.db.selectFrom('competencies').select(['id', 'code']).execute();
    expect(comps.map((x) => x.code)).toEqual(
      expect.arrayContaining([
        'pelayanan_publik',
        'komunikasi',
        'teknologi_informasi',
        'manajemen_waktu',
        'manajemen_proyek',
        'kebijakan_kesehatan',
      ]),
    );
    const ids = comps.filter((x) => x.code === 'pelayanan_publik' || x.code === 'manajemen_waktu').map((x) => x.id);
    await rejects(tagContribution(t.db, { actor: otherStaff, now }, id, k, ids), 'not_found');
    await tagContribution(t.db, { actor: staff, now }, id, k, ids);
    const tags = await t.db.selectFrom('contribution_competencies').select('competency_id').where('contribution_id', '=', k).execute();
    expect(tags.map((x) => x.competency_id).sort()).toEqual([...ids].sort());
  });

  it('rate-limits contributions per person, and tells followers when the outcome is published', async () => {
    const clock = manualClock(new Date());
    const id = await openConsultation(t.db, staff, clock.now(), { days: 1 });
    const busy = await sessionUser(t.db);
    for (let i = 0; i < 10; i++)
      await contribute(t.db, { actor: busy, now: clock.now() }, id, { body: `Masukan nomor ${i}`, stance: 'netral', questionId: null });
    await rejects(
      contribute(t.db, { actor: busy, now: clock.now() }, id, { body: 'Satu lagi masukan', stance: 'netral', questionId: null }),
      'rate_limited',
    );
    // Someone else is not affected.
    await contribute(t.db, { actor: resident, now: clock.now() }, id, { body: 'Masukan lain', stance: 'setuju', questionId: null });

    const follower = await sessionUser(t.db, { email: `ikut.hasil.${Date.now()}@example.test` });
    await setFollowing(t.db, follower, id, true, clock.now());
    clock.advance(2 * DAY);
    await concludeConsultation(t.db, { actor: staff, now: clock.now() }, id, {
      outcomeSummary: 'Ringkasan yang kami dengar dari warga.',
      commitments: [{ text: 'Menambah armada', owner: 'Bidang Angkutan', due_date: '2027-06-30' }],
    });
    const mail = await t.db.selectFrom('outbox').selectAll().where('recipient', '=', follower.email).execute();
    expect(mail.map((m) => m.topic)).toEqual(['consultation.concluded']);
    // A second conclusion is refused: the state machine allows it once.
    await rejects(
      concludeConsultation(t.db, { actor: staff, now: clock.now() }, id, {
        outcomeSummary: 'Ringkasan kedua yang panjang.',
        commitments: [],
      }),
      'invalid_state',
    );
  });

  it('lets only the department’s staff edit, and hides drafts from everyone else', async () => {
    const now = new Date();
    const id = await createConsultation(
      t.db,
      { actor: staff, now },
      {
        departmentId: staff.departmentId!,
        title: 'Draf uji',
        summary: 'Ringkasan draf uji.',
        body: 'Isi draf uji yang cukup panjang.',
        questions: [],
        targetGroups: [],
        opensAt: new Date(now.getTime() + DAY),
        closesAt: new Date(now.getTime() + 3 * DAY),
      },
    );
    await rejects(managedConsultation(t.db, otherStaff, id), 'not_found');
    await rejects(managedConsultation(t.db, resident, id), 'not_found');
    const f = {
      title: 'Diubah',
      summary: 'Ringkasan diubah.',
      body: 'Isi diubah cukup panjang.',
      questions: ['Satu?'],
      targetGroups: [],
      opensAt: new Date(now.getTime() + DAY),
      closesAt: new Date(now.getTime() + 2 * DAY),
    };
    await rejects(updateConsultation(t.db, { actor: otherStaff, now }, id, f), 'not_found');
    await rejects(createConsultation(t.db, { actor: otherStaff, now }, { ...f, departmentId: staff.departmentId! }), 'not_found');
    await rejects(publishConsultation(t.db, { actor: otherStaff, now }, id), 'not_found');
    await updateConsultation(t.db, { actor: staff, now }, id, f);
    expect((await findConsultationById(t.db, id))!.title).toBe('Diubah');
    expect((await listQuestions(t.db, id)).map((q) => q.prompt)).toEqual(['Satu?']);
  });
});
