// The whole development cycle on SQLite and PostgreSQL (DESIGN.md §6b): a final plan item becomes a
// training, participants attend and complete it (JP credited only then), one PNS is left out and stays
// below 20 JP, completing opens the evaluation form, five participants rate it poorly, a participant writes
// an action plan and the manager reviews it, and next year's draft takes all of it: the PNS below 20 JP
// first, the poorly rated training flagged for another provider or jalur in its competency's item.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dialectName, type TestDb } from '../support/db.ts';
import { seedDevelopmentFixture } from '../support/development.ts';
import { sessionUser } from '../support/consultations.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { sessionCookie } from '../support/users.ts';
import type { SessionUser } from '../../src/server/auth/session.ts';
import { trainingInput } from '../../src/server/development/trainings.schema.ts';
import { createTraining, moveTraining, readTraining } from '../../src/server/development/trainings.service.ts';
import { completeParticipants, enrolParticipant, recordAttendance } from '../../src/server/development/training-participants.service.ts';
import { ledgerOf } from '../../src/server/development/jp-ledger.ts';
import { listPnsOfDepartments } from '../../src/server/development/jp-ledger.repository.ts';
import { submitResponse } from '../../src/server/surveys/responses.service.ts';
import { listQuestions } from '../../src/server/surveys/surveys.repository.ts';
import { reviewActionPlan, writeActionPlan } from '../../src/server/development/action-plans.service.ts';
import { draftTrainingPlan } from '../../src/server/development/development.service.ts';
import { basisPeriod, computePriorities } from '../../src/server/development/priorities.ts';
import { nextPlanEvidence } from '../../src/server/development/next-plan.ts';

let db: TestDb;
let server: RunningServer;
let hr: SessionUser;
let manager: SessionUser;
let dinkes: number;
let competency: number;
const officers: SessionUser[] = [];
const NOW = new Date('2025-12-01T03:00:00Z');
const nip = (n: number) => `19900101201501${String(2000 + n)}`;

beforeAll(async () => {
  db = await createTestDb();
  ({ dinkes } = await seedDevelopmentFixture(db.db));
  hr = await sessionUser(db.db, { role: 'hr' });
  manager = await sessionUser(db.db, { role: 'manager', departmentCode: 'DINKES' });
  for (let i = 1; i <= 6; i++)
    officers.push(await sessionUser(db.db, { role: 'officer', departmentCode: 'DINKES', nip: nip(i), name: `Petugas Siklus ${i}` }));
  // The competency 2026's draft ranks first for DINKES (from the fixture's 2025 complaints): the 2025
  // training was of it, so its evidence lands in that item.
  const department = await db.db
    .selectFrom('departments')
    .select(['id', 'code', 'name', 'short_name'])
    .where('id', '=', dinkes)
    .executeTakeFirstOrThrow();
  const ranked = (await computePriorities(db.db, { ...department, id: dinkes }, basisPeriod(2026), NOW)).ranked.filter((r) => r.score > 0);
  competency = ranked[0]!.competencyId;
  const kind = (await db.db.selectFrom('competencies').select('kind').where('id', '=', competency).executeTakeFirstOrThrow()).kind;
  const now = NOW.getTime();
  const plan = await db.db
    .insertInto('training_plans')
    .values({ department_id: dinkes, year: 2025, status: 'final', officer_count: 6, created_by: null, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.db
    .insertInto('training_plan_items')
    .values({
      plan_id: Number(plan.id),
      position: 1,
      competency_id: competency,
      kind,
      target: 'Seluruh PNS',
      target_count: 6,
      jalur: 'klasikal',
      bentuk: 'pelatihan',
      jp: 20,
      budget: null,
      updated_at: now,
    })
    .execute();
  server = await startServer({ DATABASE_URL: db.url });
});
afterAll(async () => {
  await server?.stop();
  await db?.cleanup();
});

describe(`the development cycle (${dialectName})`, () => {
  let trainingId = 0;
  const version = async () => (await readTraining(db.db, hr, trainingId))!.training.version;
  const ctx = (actor: SessionUser) => ({ actor, now: NOW });

  it('runs a plan item as a training: five of six PNS attend and complete; JP is credited on completion only', async () => {
    const item = Number(
      (await db.db.selectFrom('training_plan_items').select('id').where('competency_id', '=', competency).executeTakeFirstOrThrow()).id,
    );
    const created = await createTraining(
      db.db,
      ctx(hr),
      trainingInput.parse({
        plan_item: String(item),
        title: 'Pelatihan pelayanan puskesmas',
        kind: 'teknis',
        jalur: 'klasikal',
        bentuk: 'pelatihan',
        provider: 'Penyedia Uji Siklus',
        starts_on: '2025-06-02',
        ends_on: '2025-06-03',
        jp: '20',
      }),
    );
    expect(created.ok).toBe(true);
    trainingId = created.ok ? created.value : 0;
    for (const o of officers.slice(0, 5))
      expect((await enrolParticipant(db.db, ctx(hr), trainingId, await version(), { source: 'portal', nip: o.nip!, name: '' })).ok).toBe(
        true,
      );
    expect((await moveTraining(db.db, ctx(hr), trainingId, await version(), 'running')).ok).toBe(true);
    const view = (await readTraining(db.db, hr, trainingId))!;
    const present = new Set(view.participants.flatMap((p) => view.days.map((d) => `${p.id}|${d}`)));
    expect((await recordAttendance(db.db, ctx(hr), trainingId, await version(), present)).ok).toBe(true);
    // Attended, not completed: nothing credited yet.
    expect((await ledgerOf(db.db, await listPnsOfDepartments(db.db, [dinkes]), 2025)).map((e) => e.realised)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(await completeParticipants(db.db, ctx(hr), trainingId, await version(), 'present')).toEqual({ ok: true, value: 5 });
    expect((await moveTraining(db.db, ctx(hr), trainingId, await version(), 'completed')).ok).toBe(true);
    const ledger = new Map((await ledgerOf(db.db, await listPnsOfDepartments(db.db, [dinkes]), 2025)).map((e) => [e.nip, e]));
    for (let i = 1; i <= 5; i++) expect(ledger.get(nip(i))).toMatchObject({ realised: 20, missing: 0 });
    expect(ledger.get(nip(6))).toMatchObject({ realised: 0, missing: 20 });
  });

  it('the participants evaluate it (poorly), one writes an action plan and the manager reviews it', async () => {
    const survey = (
      await db.db.selectFrom('trainings').select('evaluation_survey_id').where('id', '=', trainingId).executeTakeFirstOrThrow()
    ).evaluation_survey_id;
    expect(survey).not.toBeNull();
    const questions = await listQuestions(db.db, survey!);
    const answers = new Map(questions.map((q) => [q.id, [q.kind === 'scale' ? '2' : 'Materi kurang sesuai tugas kami.']]));
    for (const o of officers.slice(0, 5))
      expect(await submitResponse(db.db, survey!, { kind: 'resident', user: o }, answers, '2025-06-10')).toEqual({ ok: true });
    // The PNS who did not take part cannot answer.
    expect(await submitResponse(db.db, survey!, { kind: 'resident', user: officers[5]! }, answers, '2025-06-10')).toMatchObject({
      ok: false,
      error: 'audience',
    });
    const participant = (await readTraining(db.db, hr, trainingId))!.participants.find((p) => p.nip === nip(1))!;
    const tz = { timeZone: 'Asia/Jakarta' };
    expect(
      await writeActionPlan(db.db, { ...ctx(officers[0]!), ...tz }, participant.id, 'Menerapkan alur antrean baru di loket.', null),
    ).toEqual({ ok: true });
    const plan = await db.db
      .selectFrom('training_action_plans')
      .select(['version', 'review_due_on'])
      .where('participant_id', '=', participant.id)
      .executeTakeFirstOrThrow();
    expect(plan.review_due_on).toBe('2026-03-01');
    expect(
      await reviewActionPlan(db.db, { ...ctx(manager), ...tz }, participant.id, {
        review: 'partly',
        note: 'Loket 1 sudah, loket 2 belum.',
        version: Number(plan.version),
      }),
    ).toEqual({ ok: true });
  });

  it('next year’s draft takes the results: the PNS below 20 JP first, the poorly rated training flagged in its item', async () => {
    const evidence = await nextPlanEvidence(db.db, hr, dinkes, 2026, NOW);
    expect(evidence.basisYear).toBe(2025);
    expect(evidence.belowJp.map((e) => e.nip)).toEqual([nip(6)]);
    expect(evidence.flagged).toEqual([
      expect.objectContaining({
        id: trainingId,
        provider: 'Penyedia Uji Siklus',
        poorEvaluation: true,
        evaluation: 2,
        competencyId: competency,
      }),
    ]);
    const drafted = await draftTrainingPlan(db.db, ctx(hr), dinkes, 2026);
    expect(drafted.ok).toBe(true);
    const plan = await db.db
      .selectFrom('training_plans')
      .select(['id', 'basis'])
      .where('department_id', '=', dinkes)
      .where('year', '=', 2026)
      .executeTakeFirstOrThrow();
    expect(plan.basis).toContain('1 PNS belum mencapai 20 JP pada 2025 didahulukan');
    const item = await db.db
      .selectFrom('training_plan_items')
      .select('notes')
      .where('plan_id', '=', plan.id)
      .where('competency_id', '=', competency)
      .executeTakeFirstOrThrow();
    expect(item.notes).toContain(
      'Pelatihan 2025 "Pelatihan pelayanan puskesmas" (Penyedia Uji Siklus, klasikal) dinilai rendah oleh peserta (2,0 dari 5)',
    );
  });

  it('the plan editor shows the results, the PNS below 20 JP first, to HR and not another department’s manager', async () => {
    const page = await fetch(`${server.url}/reports/development/plan?department=DINKES&year=2026`, {
      headers: { cookie: await sessionCookie(db.db, hr.id) },
    });
    expect(page.status).toBe(200);
    const html = await page.text();
    const results = html.slice(html.indexOf('id="cycle-results"'));
    expect(results).toContain('PNS di bawah 20 JP pada 2025');
    expect(results.indexOf(nip(6))).toBeGreaterThan(0);
    expect(results.indexOf(nip(6))).toBeLessThan(results.indexOf('id="flagged-trainings"'));
    expect(results).toContain('Pelatihan pelayanan puskesmas');
    // None of the PNS who reached 20 JP is listed as below.
    expect(results.slice(0, results.indexOf('id="flagged-trainings"'))).not.toContain(nip(1));
    const other = await sessionUser(db.db, { role: 'manager', departmentCode: 'PUPR' });
    expect(
      (
        await fetch(`${server.url}/reports/development/plan?department=DINKES&year=2026`, {
          headers: { cookie: await sessionCookie(db.db, other.id) },
        })
      ).status,
    ).toBe(404);
  });
});
