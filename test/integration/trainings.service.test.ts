// Trainings against the database (both dialects): create from a final plan item, enrol portal and
// external PNS with capacity enforced, attendance per day, completion credits JP (and nothing before),
// cancel needs a reason, a stale version is refused, a manager sees and manages only their department's
// trainings, and the seed-demo trainings.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dialectName, type TestDb } from '../support/db.ts';
import { createTestUser } from '../support/users.ts';
import type { SessionUser } from '../../src/server/auth/session.ts';
import { trainingInput } from '../../src/server/development/trainings.schema.ts';
import {
  createTraining,
  exportRealisedJp,
  listTrainingsFor,
  moveTraining,
  readTraining,
  updateTraining,
} from '../../src/server/development/trainings.service.ts';
import {
  completeParticipants,
  enrolParticipant,
  recordAttendance,
  setCertificate,
  withdrawParticipant,
} from '../../src/server/development/training-participants.service.ts';
import { seedTrainings } from '../../src/server/development/trainings.seed.ts';

let t: TestDb;
let hr: SessionUser;
let dinkesManager: SessionUser;
let puprManager: SessionUser;
let dinkes: number;
let pupr: number;
let planItem: number;
const officers: { id: number; nip: string }[] = [];
const NOW = new Date('2026-03-01T03:00:00Z');

const sessionUser = (u: { id: number; role: SessionUser['role']; departmentId: number | null }): SessionUser => ({
  id: u.id,
  email: 'x@example.test',
  name: 'Uji',
  role: u.role,
  departmentId: u.departmentId,
  nip: null,
  affiliation: null,
  affiliationVerified: false,
  locale: 'id',
});
const ctx = (actor: SessionUser) => ({ actor, now: NOW });
const form = (over: Record<string, string> = {}) =>
  trainingInput.parse({
    title: 'Pelatihan pelayanan prima',
    kind: 'teknis',
    jalur: 'klasikal',
    bentuk: 'pelatihan',
    provider: 'BPSDM Provinsi',
    starts_on: '2026-03-02',
    ends_on: '2026-03-03',
    jp: '16',
    ...over,
  });
const version = async (id: number) => (await readTraining(t.db, hr, id))!.training.version;
const nip = (n: number) => `19850101201001${String(1000 + n)}`;

beforeAll(async () => {
  t = await createTestDb();
  dinkes = Number((await t.db.selectFrom('departments').select('id').where('code', '=', 'DINKES').executeTakeFirstOrThrow()).id);
  pupr = Number((await t.db.selectFrom('departments').select('id').where('code', '=', 'PUPR').executeTakeFirstOrThrow()).id);
  hr = sessionUser(await createTestUser(t.db, { role: 'hr' }));
  dinkesManager = sessionUser(await createTestUser(t.db, { role: 'manager', departmentCode: 'DINKES' }));
  puprManager = sessionUser(await createTestUser(t.db, { role: 'manager', departmentCode: 'PUPR' }));
  for (let i = 1; i <= 3; i++) {
    const u = await createTestUser(t.db, { role: 'officer', departmentCode: 'DINKES', nip: nip(i), name: `Petugas Dinkes ${i}` });
    officers.push({ id: u.id, nip: nip(i) });
  }
  const komunikasi = Number(
    (await t.db.selectFrom('competencies').select('id').where('code', '=', 'komunikasi').executeTakeFirstOrThrow()).id,
  );
  const now = NOW.getTime();
  const plan = await t.db
    .insertInto('training_plans')
    .values({ department_id: dinkes, year: 2026, status: 'final', officer_count: 3, created_by: null, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  planItem = Number(
    (
      await t.db
        .insertInto('training_plan_items')
        .values({
          plan_id: Number(plan.id),
          position: 1,
          competency_id: komunikasi,
          kind: 'sosial_kultural',
          target: 'Seluruh PNS',
          target_count: 3,
          jalur: 'nonklasikal',
          bentuk: 'e_learning',
          jp: 20,
          budget: null,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id,
  );
  // A draft plan's item cannot be used.
  const draft = await t.db
    .insertInto('training_plans')
    .values({ department_id: pupr, year: 2026, officer_count: 1, created_by: null, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  await t.db
    .insertInto('training_plan_items')
    .values({
      plan_id: Number(draft.id),
      position: 1,
      competency_id: null,
      kind: 'teknis',
      target: 'x',
      target_count: 1,
      jalur: 'klasikal',
      bentuk: 'pelatihan',
      jp: 8,
      budget: null,
      updated_at: now,
    })
    .execute();
});
afterAll(async () => {
  await t?.cleanup();
});

describe(`trainings (${dialectName})`, () => {
  let trainingId: number;

  it('creates a training from a final plan item, taking the plan department; refuses a draft plan item', async () => {
    const r = await createTraining(
      t.db,
      ctx(hr),
      form({ plan_item: String(planItem), jalur: 'nonklasikal', bentuk: 'e_learning', jp: '20', capacity: '2' }),
    );
    expect(r.ok).toBe(true);
    trainingId = r.ok ? r.value : 0;
    const v = (await readTraining(t.db, hr, trainingId))!;
    expect(v.training).toMatchObject({
      department_id: dinkes,
      plan_item_id: planItem,
      year: 2026,
      state: 'planned',
      jp: 20,
      capacity: 2,
      version: 0,
    });
    expect(v.days).toEqual(['2026-03-02', '2026-03-03']);
    const draftItem = Number(
      (
        await t.db
          .selectFrom('training_plan_items as i')
          .innerJoin('training_plans as p', 'p.id', 'i.plan_id')
          .select('i.id')
          .where('p.status', '=', 'draft')
          .executeTakeFirstOrThrow()
      ).id,
    );
    expect(await createTraining(t.db, ctx(hr), form({ plan_item: String(draftItem) }))).toEqual({ ok: false, error: 'plan_item' });
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['action', 'details'])
      .where('action', '=', 'training.created')
      .where('object_id', '=', String(trainingId))
      .executeTakeFirstOrThrow();
    expect(JSON.parse(audit.details)).toMatchObject({ plan_item_id: planItem, department_id: dinkes });
  });

  it('a manager creates only for their own department and cannot touch another department; officers nothing', async () => {
    const own = await createTraining(t.db, ctx(puprManager), form({ department: String(dinkes), title: 'Bimtek jalan' }));
    expect(own.ok).toBe(true);
    // The department in the form is ignored for a manager: it is theirs.
    expect((await readTraining(t.db, puprManager, own.ok ? own.value : 0))!.training.department_id).toBe(pupr);
    // The DINKES plan item is outside the PUPR manager's department.
    expect(
      await createTraining(t.db, ctx(puprManager), form({ plan_item: String(planItem), jalur: 'nonklasikal', bentuk: 'e_learning' })),
    ).toEqual({ ok: false, error: 'not_found' });
    expect(await readTraining(t.db, puprManager, trainingId)).toBeNull();
    expect(await readTraining(t.db, dinkesManager, trainingId)).not.toBeNull();
    expect(await moveTraining(t.db, ctx(puprManager), trainingId, 0, 'running')).toEqual({ ok: false, error: 'not_found' });
    expect(await enrolParticipant(t.db, ctx(puprManager), trainingId, 0, { source: 'portal', nip: officers[0]!.nip, name: '' })).toEqual({
      ok: false,
      error: 'not_found',
    });
    const officer = sessionUser(await createTestUser(t.db, { role: 'officer', departmentCode: 'DINKES' }));
    expect(await readTraining(t.db, officer, trainingId)).toBeNull();
    expect(await listTrainingsFor(t.db, officer, { year: 2026 })).toBeNull();
    expect(await createTraining(t.db, ctx(officer), form())).toEqual({ ok: false, error: 'not_found' });
    const admin = sessionUser(await createTestUser(t.db, { role: 'admin' }));
    expect(await createTraining(t.db, ctx(admin), form())).toEqual({ ok: false, error: 'not_found' });
    // Lists: the PUPR manager sees only PUPR's, HR both.
    expect((await listTrainingsFor(t.db, puprManager, { year: 2026 }))!.map((x) => x.department_id)).toEqual([pupr]);
    expect((await listTrainingsFor(t.db, hr, { year: 2026 }))!.length).toBe(2);
    expect(await listTrainingsFor(t.db, puprManager, { year: 2026, departmentCode: 'DINKES' })).toBeNull();
  });

  it('enrols portal officers by NIP and external PNS by NIP + name, refuses unknown NIPs, duplicates and a full training', async () => {
    let v = await version(trainingId);
    expect(
      await enrolParticipant(t.db, ctx(dinkesManager), trainingId, v, { source: 'portal', nip: '199999999999999999', name: '' }),
    ).toEqual({ ok: false, error: 'unknown_nip' });
    const a = await enrolParticipant(t.db, ctx(dinkesManager), trainingId, v, { source: 'portal', nip: officers[0]!.nip, name: '' });
    expect(a.ok).toBe(true);
    // The version moved: the same form again is stale.
    expect(await enrolParticipant(t.db, ctx(dinkesManager), trainingId, v, { source: 'portal', nip: officers[1]!.nip, name: '' })).toEqual({
      ok: false,
      error: 'stale',
    });
    v = await version(trainingId);
    expect(await enrolParticipant(t.db, ctx(dinkesManager), trainingId, v, { source: 'portal', nip: officers[0]!.nip, name: '' })).toEqual({
      ok: false,
      error: 'duplicate',
    });
    expect(
      (
        await enrolParticipant(t.db, ctx(dinkesManager), trainingId, v, {
          source: 'external',
          nip: '197001011990031001',
          name: 'Rahmat Hidayat',
        })
      ).ok,
    ).toBe(true);
    v = await version(trainingId);
    // Capacity 2: a third is refused.
    expect(await enrolParticipant(t.db, ctx(dinkesManager), trainingId, v, { source: 'portal', nip: officers[1]!.nip, name: '' })).toEqual({
      ok: false,
      error: 'capacity',
    });
    const ext = (await readTraining(t.db, hr, trainingId))!.participants.find((p) => p.nip === '197001011990031001')!;
    expect(ext).toMatchObject({ user_id: null, name: 'Rahmat Hidayat', status: 'enrolled', jp_credited: 0 });
    // Withdrawing frees a place; re-enrolling the same NIP later reuses its row.
    expect((await withdrawParticipant(t.db, ctx(dinkesManager), trainingId, v, ext.id)).ok).toBe(true);
    v = await version(trainingId);
    expect(
      (await enrolParticipant(t.db, ctx(dinkesManager), trainingId, v, { source: 'portal', nip: officers[1]!.nip, name: '' })).ok,
    ).toBe(true);
    const list = (await readTraining(t.db, hr, trainingId))!.participants;
    expect(
      list
        .filter((p) => p.status === 'enrolled')
        .map((p) => p.nip)
        .sort(),
    ).toEqual([officers[0]!.nip, officers[1]!.nip]);
    // Editing the capacity below the participants is refused.
    expect(
      await updateTraining(
        t.db,
        ctx(hr),
        trainingId,
        await version(trainingId),
        form({ plan_item: String(planItem), jalur: 'nonklasikal', bentuk: 'e_learning', jp: '20', capacity: '1' }),
      ),
    ).toEqual({ ok: false, error: 'capacity' });
  });

  it('records attendance per day only while running, and credits JP only on completion', async () => {
    expect(await recordAttendance(t.db, ctx(hr), trainingId, await version(trainingId), new Set())).toEqual({ ok: false, error: 'closed' });
    expect(await completeParticipants(t.db, ctx(hr), trainingId, await version(trainingId), 'present')).toEqual({
      ok: false,
      error: 'closed',
    });
    expect((await moveTraining(t.db, ctx(dinkesManager), trainingId, await version(trainingId), 'running')).ok).toBe(true);
    const people = (await readTraining(t.db, hr, trainingId))!.participants.filter((p) => p.status === 'enrolled');
    const [p1, p2] = people;
    // p1 present both days, p2 on none.
    const r = await recordAttendance(
      t.db,
      ctx(dinkesManager),
      trainingId,
      await version(trainingId),
      new Set([`${p1!.id}|2026-03-02`, `${p1!.id}|2026-03-03`, `${p2!.id}|2030-01-01`]),
    );
    expect(r).toEqual({ ok: true, value: 2 });
    let v = (await readTraining(t.db, hr, trainingId))!;
    expect([...v.attendance.get(p1!.id)!].sort()).toEqual(['2026-03-02', '2026-03-03']);
    expect(v.attendance.get(p2!.id)).toBeUndefined();
    // Attendance alone credits nothing.
    expect(v.participants.every((p) => p.jp_credited === 0)).toBe(true);
    expect((await exportRealisedJp(t.db, ctx(hr), 2026, 'DINKES', 'json'))!.rows).toEqual([]);
    // "All present participants": p1 only.
    expect(await completeParticipants(t.db, ctx(dinkesManager), trainingId, v.training.version, 'present')).toEqual({ ok: true, value: 1 });
    v = (await readTraining(t.db, hr, trainingId))!;
    expect(v.participants.find((p) => p.id === p1!.id)).toMatchObject({
      status: 'completed',
      jp_credited: 20,
      completed_at: NOW.getTime(),
    });
    expect(v.participants.find((p) => p.id === p2!.id)).toMatchObject({ status: 'enrolled', jp_credited: 0 });
    // Completing someone twice is refused; p2 individually works.
    expect(await completeParticipants(t.db, ctx(hr), trainingId, v.training.version, [p1!.id])).toEqual({
      ok: false,
      error: 'participant',
    });
    expect(await completeParticipants(t.db, ctx(hr), trainingId, v.training.version, [p2!.id])).toEqual({ ok: true, value: 1 });
    expect((await setCertificate(t.db, ctx(hr), trainingId, await version(trainingId), p1!.id, 'STTPP/2026/001')).ok).toBe(true);
    const rows = (await exportRealisedJp(t.db, ctx(dinkesManager), 2026, undefined, 'csv'))!.rows;
    expect(rows.map((x) => [x.nip, x.jp, x.certificate_no])).toEqual(
      [
        [p1!.nip, 20, 'STTPP/2026/001'],
        [p2!.nip, 20, ''],
      ].sort(),
    );
    // The PUPR manager's export has none of DINKES's rows, and asking for DINKES is 404.
    expect((await exportRealisedJp(t.db, ctx(puprManager), 2026, undefined, 'json'))!.rows).toEqual([]);
    expect(await exportRealisedJp(t.db, ctx(puprManager), 2026, 'DINKES', 'json')).toBeNull();
    const audits = await t.db.selectFrom('audit_log').select('action').where('action', '=', 'training.jp_exported').execute();
    expect(audits.length).toBe(3);
  });

  it('moves through the states in order, refuses skipping, and a cancel needs a reason', async () => {
    expect(await moveTraining(t.db, ctx(hr), trainingId, await version(trainingId), 'evaluated')).toEqual({
      ok: false,
      error: 'transition',
    });
    expect((await moveTraining(t.db, ctx(hr), trainingId, await version(trainingId), 'completed')).ok).toBe(true);
    // Completion opens the participants' evaluation form (a survey of the engine), once.
    const surveyId = (
      await t.db.selectFrom('trainings').select('evaluation_survey_id').where('id', '=', trainingId).executeTakeFirstOrThrow()
    ).evaluation_survey_id;
    expect(surveyId).not.toBeNull();
    expect((await t.db.selectFrom('surveys').select('state').where('id', '=', surveyId!).executeTakeFirstOrThrow()).state).toBe('open');
    expect(await moveTraining(t.db, ctx(hr), trainingId, await version(trainingId), 'cancelled', 'Terlambat dibatalkan')).toEqual({
      ok: false,
      error: 'transition',
    });
    expect((await moveTraining(t.db, ctx(hr), trainingId, await version(trainingId), 'evaluated')).ok).toBe(true);
    const other = await createTraining(t.db, ctx(hr), form({ department: String(dinkes), title: 'Seminar yang batal' }));
    const id = other.ok ? other.value : 0;
    expect(await moveTraining(t.db, ctx(hr), id, 0, 'cancelled', '')).toEqual({ ok: false, error: 'transition' });
    expect(await moveTraining(t.db, ctx(hr), id, 5, 'cancelled', 'Narasumber berhalangan')).toEqual({ ok: false, error: 'stale' });
    expect((await moveTraining(t.db, ctx(hr), id, 0, 'cancelled', 'Narasumber berhalangan')).ok).toBe(true);
    const v = (await readTraining(t.db, hr, id))!.training;
    expect(v).toMatchObject({ state: 'cancelled', cancel_reason: 'Narasumber berhalangan', version: 1 });
    const audit = await t.db
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'training.state_changed')
      .where('object_id', '=', String(id))
      .executeTakeFirstOrThrow();
    expect(JSON.parse(audit.details)).toMatchObject({ from: 'planned', to: 'cancelled', reason: 'Narasumber berhalangan' });
    // Nothing more can be done with a cancelled training.
    expect(await enrolParticipant(t.db, ctx(hr), id, 1, { source: 'portal', nip: officers[2]!.nip, name: '' })).toEqual({
      ok: false,
      error: 'closed',
    });
  });

  it('seeds demo trainings: completed with JP, running, planned, cancelled with a reason, and officers below 20 JP', async () => {
    const before = Number(
      (
        await t.db
          .selectFrom('trainings')
          .select((eb) => eb.fn.max('id').as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    const r = await seedTrainings(t.db, { now: NOW, departmentIds: [dinkes] });
    expect(r.trainings).toBe(5);
    const rows = await t.db.selectFrom('trainings').select(['state', 'cancel_reason']).where('id', '>', before).orderBy('id').execute();
    expect(rows.map((x) => x.state).sort()).toEqual(['cancelled', 'completed', 'completed', 'planned', 'running']);
    expect(rows.find((x) => x.state === 'cancelled')!.cancel_reason.length).toBeGreaterThan(5);
    const credited = await t.db
      .selectFrom('training_participants as p')
      .innerJoin('trainings as t', 't.id', 'p.training_id')
      .select(['p.nip', (eb) => eb.fn.sum<number>('p.jp_credited').as('jp')])
      .where('t.department_id', '=', dinkes)
      .where('t.id', '>', before)
      .groupBy('p.nip')
      .execute();
    const jpOf = new Map(credited.map((c) => [c.nip, Number(c.jp)]));
    expect([...jpOf.values()].some((jp) => jp > 0)).toBe(true);
    // Some officers stay below 20 JP.
    expect(officers.some((o) => (jpOf.get(o.nip) ?? 0) < 20)).toBe(true);
    // JP only for completed participants.
    const wrong = await t.db
      .selectFrom('training_participants')
      .select('id')
      .where('status', '!=', 'completed')
      .where('jp_credited', '>', 0)
      .execute();
    expect(wrong).toEqual([]);
  });
});

describe(`seed-demo trainings (${dialectName})`, () => {
  it('seed-demo adds trainings every trainings page can show: completed with JP and certificates, running, planned, cancelled with a reason', async () => {
    const { seedDemo } = await import('../../src/server/demo/seed-demo.ts');
    const d = await createTestDb();
    try {
      const now = new Date('2026-09-15T03:00:00Z');
      await seedDemo(d.db, { complaints: 40, seed: 3, now });
      const states = await d.db
        .selectFrom('trainings')
        .select(['state', (eb) => eb.fn.countAll().as('n')])
        .groupBy('state')
        .execute();
      const n = new Map(states.map((s) => [s.state, Number(s.n)]));
      for (const s of ['completed', 'running', 'planned', 'cancelled'] as const) expect(n.get(s) ?? 0, s).toBeGreaterThan(0);
      const cancelled = await d.db.selectFrom('trainings').select('cancel_reason').where('state', '=', 'cancelled').execute();
      expect(cancelled.every((c) => c.cancel_reason.length > 5)).toBe(true);
      // Realised JP per NIP this year: some officers at or above 20 JP, some below.
      const hrUser = sessionUser(await createTestUser(d.db, { role: 'hr' }));
      const data = (await exportRealisedJp(d.db, { actor: hrUser, now }, 2026, undefined, 'json'))!;
      const perNip = new Map<string, number>();
      for (const r of data.rows) perNip.set(r.nip, (perNip.get(r.nip) ?? 0) + r.jp);
      const officersWithNip = await d.db
        .selectFrom('users')
        .select('nip')
        .where('role', '=', 'officer')
        .where('nip', 'is not', null)
        .execute();
      const below = officersWithNip.filter((o) => (perNip.get(o.nip!) ?? 0) < 20);
      expect(perNip.size).toBeGreaterThan(0);
      expect(below.length).toBeGreaterThan(0);
      expect(below.length).toBeLessThan(officersWithNip.length);
      expect(data.rows.every((r) => r.certificate_no.startsWith('STTPP/'))).toBe(true);
      // Attendance was recorded for the completed trainings.
      const attendance = Number(
        (
          await d.db
            .selectFrom('training_attendance')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('present', '=', 1)
            .executeTakeFirstOrThrow()
        ).n,
      );
      expect(attendance).toBeGreaterThan(0);
    } finally {
      await d.cleanup();
    }
  });
});
