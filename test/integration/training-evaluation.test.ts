// Training follow-up on SQLite and PostgreSQL (DESIGN.md §6b): the evaluation survey (created once, answered
// only by the training's completed participants, results suppressed under 5 answers and never showing who
// answered), action plans (written by the officer, reviewed by the department's manager, stale version
// refused, audited; another officer's or another department's plan is 404), and the effect page for HR
// over a fixture of complaints before and after a training. Trainings and participants are inserted
// directly: their own service belongs to another part of the issue.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/server/db/schema.ts';
import type { SessionUser } from '../../src/server/auth/session.ts';
import { createTestDb, dialectName, type TestDb } from '../support/db.ts';
import { getPage, postForm } from '../support/forms.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { createTestUser, sessionCookie } from '../support/users.ts';
import { sessionUser } from '../support/consultations.ts';
import { createTrainingEvaluation, evaluationAnswers, evaluationScores } from '../../src/server/development/evaluation.ts';
import { submitResponse } from '../../src/server/surveys/responses.service.ts';
import { exportSurvey, surveyResults } from '../../src/server/surveys/results.ts';
import { listQuestions } from '../../src/server/surveys/surveys.repository.ts';
import { effectPage } from '../../src/server/development/effect.service.ts';
import { setSetting } from '../../src/server/reference/reference.repository.ts';
import { localDate } from '../../src/server/calendar/calendar.ts';
import { seedTrainingEvaluations } from '../../src/server/development/evaluation.seed.ts';

const DAY = 86_400_000;
const NOW = new Date(Date.UTC(2026, 10, 30, 5));
let db: TestDb;
let server: RunningServer;
let hr: SessionUser;
let managerPupr: SessionUser;
let managerDinkes: SessionUser;
const cookies: Record<string, string> = {};
let pupr = 0;
/** PUPR officers: six participants of the June training, one colleague who did not take it. */
const participants: { id: number; name: string; email: string; nip: string; participantId: number }[] = [];
let colleague = { id: 0, email: '' };
let june = 0;
let planned = 0;
let recent = 0;
let recentParticipant = 0;

async function training(
  d: Kysely<Database>,
  o: { title: string; state: string; starts: string; ends: string; department: number; provider?: string },
) {
  const now = Date.now();
  const r = await d
    .insertInto('trainings')
    .values({
      department_id: o.department,
      year: Number(o.ends.slice(0, 4)),
      title: o.title,
      kind: 'teknis',
      jalur: 'klasikal',
      bentuk: 'pelatihan',
      provider: o.provider ?? 'BPSDM Provinsi',
      starts_on: o.starts,
      ends_on: o.ends,
      jp: 24,
      state: o.state as never,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(r.id);
}

async function participant(
  d: Kysely<Database>,
  trainingId: number,
  u: { id: number; nip: string; name: string },
  department: number,
  completedAt: number | null,
) {
  const now = Date.now();
  const r = await d
    .insertInto('training_participants')
    .values({
      training_id: trainingId,
      user_id: u.id,
      nip: u.nip,
      name: u.name,
      department_id: department,
      status: completedAt === null ? 'enrolled' : 'completed',
      completed_at: completedAt,
      jp_credited: completedAt === null ? 0 : 24,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(r.id);
}

let seq = 0;
/** A closed PUPR complaint of one officer: answered `respondAfter` after assignment (due after 5 days). */
async function complaint(d: Kysely<Database>, officer: number, assignedAt: number, respondAfter: number) {
  seq++;
  const category = await d.selectFrom('categories').select('id').where('code', '=', 'drainase').executeTakeFirstOrThrow();
  const respondedAt = assignedAt + respondAfter;
  const resolvedAt = assignedAt + 8 * DAY;
  const row = await d
    .insertInto('complaints')
    .values({
      code: `EFF-26-${String(seq).padStart(6, '0')}`,
      access_key_hash: 'e'.repeat(64),
      category_id: category.id,
      title: `Uji dampak ${seq}`,
      description: `Uji dampak pelatihan ${seq}`,
      kecamatan_code: '16.71.01',
      kelurahan_code: '16.71.01.1001',
      privacy: 'public',
      state: 'closed',
      department_id: pupr,
      assignee_user_id: officer,
      submitted_at: assignedAt - DAY,
      verification_due_at: assignedAt + DAY,
      assigned_at: assignedAt,
      response_due_at: assignedAt + 5 * DAY,
      resolution_due_at: assignedAt + 14 * DAY,
      first_response_at: respondedAt,
      resolved_at: resolvedAt,
      first_resolved_at: resolvedAt,
      closed_at: resolvedAt + DAY,
      updated_at: resolvedAt + DAY,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await d
    .insertInto('complaint_events')
    .values([
      {
        complaint_id: row.id,
        at: respondedAt,
        actor_user_id: officer,
        actor_kind: 'department',
        action: 'respond',
        from_state: 'assigned',
        to_state: 'in_progress',
        note: 'Kami cek.',
        visibility: 'public',
        department_id: pupr,
      },
      {
        complaint_id: row.id,
        at: resolvedAt,
        actor_user_id: officer,
        actor_kind: 'department',
        action: 'resolve',
        from_state: 'in_progress',
        to_state: 'resolved',
        note: 'Selesai.',
        visibility: 'public',
        department_id: pupr,
      },
    ])
    .execute();
}

beforeAll(async () => {
  db = await createTestDb();
  server = await startServer({ DATABASE_URL: db.url });
  const d = db.db;
  pupr = Number((await d.selectFrom('departments').select('id').where('code', '=', 'PUPR').executeTakeFirstOrThrow()).id);
  hr = await sessionUser(d, { role: 'hr' });
  managerPupr = await sessionUser(d, { role: 'manager', departmentCode: 'PUPR' });
  managerDinkes = await sessionUser(d, { role: 'manager', departmentCode: 'DINKES' });
  for (const u of [hr, managerPupr, managerDinkes]) cookies[u.id] = await sessionCookie(d, u.id);
  june = await training(d, {
    title: 'Pelayanan Prima Juni',
    state: 'completed',
    starts: '2026-06-22',
    ends: '2026-06-30',
    department: pupr,
  });
  planned = await training(d, { title: 'Belum Selesai', state: 'planned', starts: '2026-12-20', ends: '2026-12-22', department: pupr });
  const u = Date.now() % 100_000;
  for (let i = 0; i < 6; i++) {
    const nip = `1991020220201${String(u + i).padStart(5, '0')}`;
    const name = `Peserta Rahasia ${i + 1}`;
    const created = await createTestUser(d, { role: 'officer', departmentCode: 'PUPR', nip, name });
    participants.push({
      id: created.id,
      name,
      email: created.email,
      nip,
      participantId: await participant(d, june, { id: created.id, nip, name }, pupr, Date.UTC(2026, 5, 30, 9)),
    });
  }
  const c = await createTestUser(d, {
    role: 'officer',
    departmentCode: 'PUPR',
    nip: `1991030320201${String(u).padStart(5, '0')}`,
    name: 'Rekan Pembanding',
  });
  colleague = { id: c.id, email: c.email };
  for (const p of [...participants, colleague]) cookies[p.id] = await sessionCookie(d, p.id);
  // A training that ended five days ago (its evaluation is open today), with the first June participant.
  const today = localDate(new Date(), 'Asia/Jakarta');
  const ended = localDate(new Date(Date.now() - 5 * DAY), 'Asia/Jakarta');
  recent = await training(d, {
    title: 'Bimtek Baru Selesai',
    state: 'completed',
    starts: ended,
    ends: ended,
    department: pupr,
    provider: 'LAN',
  });
  recentParticipant = await participant(d, recent, participants[0]!, pupr, Date.now() - 5 * DAY);
  expect(today >= ended).toBe(true);
  // Effect fixture: participant 1 answered one of two complaints late before the training and both on time
  // after; the colleague answered both on time in both windows.
  const before = Date.UTC(2026, 4, 4, 2);
  const after = Date.UTC(2026, 7, 3, 2);
  await complaint(d, participants[0]!.id, before, 9 * DAY);
  await complaint(d, participants[0]!.id, before + 7 * DAY, DAY);
  await complaint(d, participants[0]!.id, after, DAY);
  await complaint(d, participants[0]!.id, after + 7 * DAY, DAY);
  for (const at of [before, before + 7 * DAY, after, after + 7 * DAY]) await complaint(d, colleague.id, at, DAY);
});
afterAll(async () => {
  await server?.stop();
  await db?.cleanup();
});

const ctx = (actor: SessionUser) => ({ actor, now: NOW });
const asUser = (id: number): SessionUser => ({
  id,
  email: '',
  name: '',
  role: 'officer',
  departmentId: pupr,
  nip: null,
  affiliation: null,
  affiliationVerified: false,
  locale: 'id',
});

describe(`training evaluation (${dialectName})`, () => {
  let survey = 0;

  it('is created once, published, with the five 1–5 aspects and a free text', async () => {
    const first = await createTrainingEvaluation(db.db, ctx(hr), june);
    expect(first).toMatchObject({ ok: true, created: true });
    survey = first.ok ? first.surveyId : 0;
    const again = await createTrainingEvaluation(db.db, ctx(managerPupr), june);
    expect(again).toEqual({ ok: true, surveyId: survey, created: false });
    const t = await db.db
      .selectFrom('trainings')
      .select(['evaluation_survey_id', 'version'])
      .where('id', '=', june)
      .executeTakeFirstOrThrow();
    expect(Number(t.evaluation_survey_id)).toBe(survey);
    const s = await db.db.selectFrom('surveys').select(['state', 'audience']).where('id', '=', survey).executeTakeFirstOrThrow();
    expect(s).toEqual({ state: 'open', audience: 'residents' });
    const qs = await listQuestions(db.db, survey);
    expect(qs.map((q) => q.code)).toEqual(['materi', 'narasumber', 'metode', 'sarana', 'relevansi', 'saran']);
    expect(qs.slice(0, 5).every((q) => q.kind === 'scale' && q.scaleMax === 5 && q.scaleLow && q.scaleHigh)).toBe(true);
    expect(qs[5]!.kind).toBe('long_text');
    const audits = await db.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'training.evaluation_created')
      .where('object_id', '=', String(june))
      .execute();
    expect(audits).toHaveLength(1);
  });

  it('is refused for a training not completed, and for a manager of another department', async () => {
    expect(await createTrainingEvaluation(db.db, ctx(hr), planned)).toEqual({ ok: false, error: 'not_completed' });
    expect(await createTrainingEvaluation(db.db, ctx(managerDinkes), recent)).toEqual({ ok: false, error: 'not_found' });
  });

  const answersOf = async (score: number) => {
    const qs = await listQuestions(db.db, survey);
    return new Map(qs.map((q) => [q.id, [q.kind === 'scale' ? String(score) : `Catatan dengan skor ${score}`]]));
  };

  it('is answered only by the training’s completed participants, each once', async () => {
    const outsider = await submitResponse(
      db.db,
      survey,
      { kind: 'resident', user: asUser(colleague.id) },
      await answersOf(5),
      '2026-07-02',
    );
    expect(outsider).toMatchObject({ ok: false, error: 'audience' });
    const resident = await sessionUser(db.db, { role: 'resident' });
    expect(await submitResponse(db.db, survey, { kind: 'resident', user: resident }, await answersOf(5), '2026-07-02')).toMatchObject({
      ok: false,
      error: 'audience',
    });
    for (let i = 0; i < 4; i++)
      expect(
        await submitResponse(
          db.db,
          survey,
          { kind: 'resident', user: asUser(participants[i]!.id) },
          await answersOf(2 + (i % 2)),
          '2026-07-02',
        ),
      ).toEqual({ ok: true });
    expect(
      await submitResponse(db.db, survey, { kind: 'resident', user: asUser(participants[0]!.id) }, await answersOf(5), '2026-07-03'),
    ).toMatchObject({ ok: false, error: 'already' });
    expect(await db.db.selectFrom('survey_responses').select('id').where('survey_id', '=', survey).execute()).toHaveLength(4);
  });

  it('shows no scores and exports nothing under 5 answers', async () => {
    const scores = evaluationScores(await evaluationAnswers(db.db, survey));
    expect(scores).toMatchObject({ responses: 4, sufficient: false, overall: null });
    expect(await exportSurvey(db.db, ctx(hr), survey, 'csv', { title: 'x', response: 'n', date: 'd', generated: 'g' })).toBeNull();
    const results = await surveyResults(db.db, hr, survey);
    expect(results!.questions.every((q) => q.answered === null && q.texts.length === 0)).toBe(true);
    const page = await getPage(server.url, '/reports/development/effect?year=2026&months=3', { cookie: cookies[hr.id] });
    const row = /<tr data-training="\d+">\s*<th scope="row">Pelayanan Prima Juni[^]*?<\/tr>/.exec(page.html)?.[0] ?? '';
    expect(row).toContain('data belum cukup');
  });

  it('shows scores from 5 answers, and neither results nor exports reveal who answered', async () => {
    expect(
      await submitResponse(db.db, survey, { kind: 'resident', user: asUser(participants[4]!.id) }, await answersOf(2), '2026-07-04'),
    ).toEqual({ ok: true });
    const scores = evaluationScores(await evaluationAnswers(db.db, survey));
    expect(scores.sufficient).toBe(true);
    // 2, 3, 2, 3, 2 on every aspect.
    expect(scores.aspects.map((a) => a.mean)).toEqual([2.4, 2.4, 2.4, 2.4, 2.4]);
    const exported = await exportSurvey(db.db, ctx(hr), survey, 'csv', { title: 'x', response: 'n', date: 'd', generated: 'g' });
    expect(exported!.table.rows).toHaveLength(5);
    const csv = await getPage(server.url, `/staff/surveys/${survey}/results.csv`, { cookie: cookies[hr.id] });
    const resultsPage = await getPage(server.url, `/staff/surveys/${survey}/results`, { cookie: cookies[hr.id] });
    const effect = await getPage(server.url, '/reports/development/effect?year=2026&months=3', { cookie: cookies[hr.id] });
    expect(csv.status).toBe(200);
    expect(resultsPage.status).toBe(200);
    const row = /<tr data-training="\d+">\s*<th scope="row">Pelayanan Prima Juni[^]*?<\/tr>/.exec(effect.html)?.[0] ?? '';
    expect(row).toContain('2,40');
    for (const text of [csv.html, resultsPage.html, JSON.stringify(exported!.table.rows)]) {
      for (const p of participants) {
        expect(text).not.toContain(p.name);
        expect(text).not.toContain(p.email);
        expect(text).not.toContain(p.nip);
      }
    }
    // The stored columns give no path from an answer to an account.
    const responseColumns = Object.keys(
      await db.db.selectFrom('survey_responses').selectAll().where('survey_id', '=', survey).executeTakeFirstOrThrow(),
    );
    expect(responseColumns.sort()).toEqual(['form_id', 'id', 'submitted_on', 'survey_id']);
  });

  it('over HTTP: a participant answers the open evaluation once from their training page; a colleague is refused', async () => {
    const created = await createTrainingEvaluation(db.db, ctx(hr), recent);
    const id = created.ok ? created.surveyId : 0;
    const me = await getPage(server.url, `/me/training/${recentParticipant}`, { cookie: cookies[participants[0]!.id] });
    expect(me.status).toBe(200);
    expect(me.html).toContain(`href="/surveys/${id}"`);
    const qs = await listQuestions(db.db, id);
    const fields = { step: '0', nav: 'submit', ...Object.fromEntries(qs.filter((q) => q.kind === 'scale').map((q) => [`q${q.id}`, '4'])) };
    const shown = await getPage(server.url, `/surveys/${id}`, { cookie: cookies[colleague.id] });
    expect(shown.html).toContain('hanya untuk peserta');
    expect(shown.html).not.toContain('name="nav"');
    const refused = await postForm(server.url, `/surveys/${id}`, fields, { cookie: cookies[colleague.id] });
    expect(refused.status).toBe(409);
    const ok = await postForm(server.url, `/surveys/${id}`, fields, { cookie: cookies[participants[0]!.id] });
    expect(ok.status).toBe(303);
    const again = await getPage(server.url, `/me/training/${recentParticipant}`, { cookie: cookies[participants[0]!.id] });
    expect(again.html).toContain('id="evaluation-done"');
    expect(again.html).not.toContain(`href="/surveys/${id}"`);
  });
});

describe(`action plans (${dialectName})`, () => {
  const pid = () => participants[1]!.participantId;
  const officer = () => cookies[participants[1]!.id]!;

  it('another officer’s participation is 404, and a manager cannot open the officer page', async () => {
    expect((await getPage(server.url, `/me/training/${pid()}`, { cookie: cookies[participants[2]!.id] })).status).toBe(404);
    expect(
      (
        await postForm(
          server.url,
          `/me/training/${pid()}`,
          { plan: 'bukan milik saya', version: '' },
          { cookie: cookies[participants[2]!.id] },
        )
      ).status,
    ).toBe(404);
    expect((await getPage(server.url, `/me/training/${pid()}`, { cookie: cookies[managerPupr.id] })).status).toBe(404);
  });

  it('the officer writes the plan (required), due three months after completion', async () => {
    const empty = await postForm(server.url, `/me/training/${pid()}`, { plan: '   ', version: '' }, { cookie: officer() });
    expect(empty.status).toBe(422);
    const saved = await postForm(
      server.url,
      `/me/training/${pid()}`,
      { plan: 'Menerapkan tanggapan awal yang menyebut langkah berikutnya.', version: '' },
      { cookie: officer() },
    );
    expect(saved.status).toBe(303);
    const row = await db.db.selectFrom('training_action_plans').selectAll().where('participant_id', '=', pid()).executeTakeFirstOrThrow();
    expect(row.review_due_on).toBe('2026-09-30');
    expect(row.review).toBeNull();
    // A second write from the form rendered before the first is stale.
    expect((await postForm(server.url, `/me/training/${pid()}`, { plan: 'Versi lama', version: '' }, { cookie: officer() })).status).toBe(
      409,
    );
  });

  it('a manager of another department cannot see or review it; the department’s manager sees it due first', async () => {
    const other = await getPage(server.url, '/reports/development/action-plans', { cookie: cookies[managerDinkes.id] });
    expect(other.status).toBe(200);
    expect(other.html).not.toContain(`id="p-${pid()}"`);
    expect(
      (
        await postForm(
          server.url,
          '/reports/development/action-plans',
          { participant: String(pid()), review: 'applied', note: 'x', version: '0' },
          { cookie: cookies[managerDinkes.id] },
        )
      ).status,
    ).toBe(404);
    const page = await getPage(server.url, '/reports/development/action-plans', { cookie: cookies[managerPupr.id] });
    const due = /<section[^>]*id="plans-due"[^]*?<\/section>/.exec(page.html)?.[0] ?? '';
    expect(due).toContain(`id="p-${pid()}"`);
  });

  it('the review is a compare-and-set on the version, audited, and shown to the officer', async () => {
    const missing = await postForm(
      server.url,
      '/reports/development/action-plans',
      { participant: String(pid()), note: 'tanpa pilihan', version: '0' },
      { cookie: cookies[managerPupr.id] },
    );
    expect(missing.status).toBe(422);
    expect(missing.html).toContain('tanpa pilihan');
    const stale = await postForm(
      server.url,
      '/reports/development/action-plans',
      { participant: String(pid()), review: 'applied', note: 'x', version: '7' },
      { cookie: cookies[managerPupr.id] },
    );
    expect(stale.status).toBe(409);
    const ok = await postForm(
      server.url,
      '/reports/development/action-plans',
      { participant: String(pid()), review: 'partly', note: 'Sebagian sudah terlihat.', version: '0' },
      { cookie: cookies[managerPupr.id] },
    );
    expect(ok.status).toBe(303);
    const again = await postForm(
      server.url,
      '/reports/development/action-plans',
      { participant: String(pid()), review: 'applied', note: 'x', version: '0' },
      { cookie: cookies[managerPupr.id] },
    );
    expect(again.status).toBe(409);
    const row = await db.db.selectFrom('training_action_plans').selectAll().where('participant_id', '=', pid()).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ review: 'partly', review_note: 'Sebagian sudah terlihat.', reviewed_by: managerPupr.id });
    const audits = await db.db
      .selectFrom('audit_log')
      .select(['action', 'actor_user_id'])
      .where('object_type', '=', 'training_participant')
      .where('object_id', '=', String(pid()))
      .orderBy('id')
      .execute();
    expect(audits.map((a) => a.action)).toEqual(['training.action_plan_written', 'training.action_plan_reviewed']);
    const me = await getPage(server.url, `/me/training/${pid()}`, { cookie: officer() });
    expect(me.html).toContain('Sebagian diterapkan');
    expect(me.html).toContain('Sebagian sudah terlihat.');
    expect(me.html).not.toContain('name="plan"');
    // Once reviewed, the officer can no longer rewrite it.
    expect((await postForm(server.url, `/me/training/${pid()}`, { plan: 'Ubah', version: '1' }, { cookie: officer() })).status).toBe(409);
  });
});

describe(`effect on service (${dialectName})`, () => {
  it('computes the difference-in-differences from the per-officer evidence', async () => {
    await setSetting(db.db, 'appraisal_min_sample', '2');
    const page = await effectPage(db.db, hr, new URLSearchParams('year=2026&months=3'), NOW);
    const row = page!.trainings.find((r) => r.training.id === june)!;
    expect(row.participants).toBe(6);
    // Participant 1: 1/2 on time before, 2/2 after; the colleague 2/2 and 2/2: (1 − 0.5) − (1 − 1) = 0.5.
    expect(row.effect.responseSla.n).toEqual({ participantsBefore: 2, participantsAfter: 2, colleaguesBefore: 2, colleaguesAfter: 2 });
    expect(row.effect.responseSla.estimate).toBeCloseTo(0.5, 10);
    // SE = √(0.5·0.5/2) = 0.353553; 1.959964 · SE = 0.692951.
    expect(row.effect.responseSla.low).toBeCloseTo(0.5 - 0.692951, 5);
    expect(row.effect.resolutionSla.estimate).toBeCloseTo(0, 10);
    expect(row.actionPlans).toMatchObject({ written: 1, reviewed: 1, partly: 1 });
    const viewed = await db.db
      .selectFrom('audit_log')
      .select(['actor_user_id'])
      .where('action', '=', 'development.effect_viewed')
      .where('actor_user_id', '=', hr.id)
      .execute();
    expect(viewed.length).toBeGreaterThan(0);
    // A manager of another department sees none of PUPR's trainings.
    expect((await effectPage(db.db, managerDinkes, new URLSearchParams('year=2026&months=3'), NOW))!.trainings).toEqual([]);
  });

  it('renders for HR with the association caution, and answers 404 to an officer', async () => {
    const page = await getPage(server.url, '/reports/development/effect?year=2026&months=3', { cookie: cookies[hr.id] });
    expect(page.status).toBe(200);
    expect(page.html).toContain('bukan bukti bahwa pelatihan menyebabkan');
    const table = new RegExp(`<div class="table-wrap" id="training-${june}">[^]*?</table>`).exec(page.html)?.[0] ?? '';
    expect(/data-metric="responseSla"[^]*?<td>\+50,0<\/td>/.exec(table)).not.toBeNull();
    expect((await getPage(server.url, '/reports/development/effect', { cookie: cookies[colleague.id] })).status).toBe(404);
    const index = await getPage(server.url, '/reports/development', { cookie: cookies[hr.id] });
    expect(index.html).toContain('href="/reports/development/effect"');
    expect(index.html).toContain('href="/reports/development/action-plans"');
  });

  it('lets HR create a completed training’s evaluation form from the page; another department’s manager gets 404', async () => {
    const bare = await training(db.db, {
      title: 'Tanpa Evaluasi',
      state: 'completed',
      starts: '2026-05-04',
      ends: '2026-05-05',
      department: pupr,
    });
    const path = '/reports/development/effect?year=2026&months=3';
    const page = await getPage(server.url, path, { cookie: cookies[hr.id] });
    expect(page.html).toContain(`name="training" value="${bare}"`);
    expect((await postForm(server.url, path, { training: String(bare) }, { cookie: cookies[managerDinkes.id] })).status).toBe(404);
    const made = await postForm(server.url, path, { training: String(bare) }, { cookie: cookies[hr.id] });
    expect(made.status).toBe(303);
    const row = await db.db.selectFrom('trainings').select('evaluation_survey_id').where('id', '=', bare).executeTakeFirstOrThrow();
    expect(row.evaluation_survey_id).not.toBeNull();
    expect((await getPage(server.url, path, { cookie: cookies[hr.id] })).html).not.toContain(`name="training" value="${bare}"`);
  });
});

describe(`demo seed of evaluations and action plans (${dialectName})`, () => {
  it('does nothing without completed trainings, and otherwise rates one training of 5+ answers poorly', async () => {
    const fresh = await createTestDb();
    try {
      const d = fresh.db;
      const o = { now: NOW, timeZone: 'Asia/Jakarta', rnd: mulberry(7) };
      await createTestUser(d, { role: 'hr' });
      expect(await seedTrainingEvaluations(d, o)).toEqual({ evaluations: 0, answers: 0, plans: 0 });
      const dept = Number((await d.selectFrom('departments').select('id').where('code', '=', 'PUPR').executeTakeFirstOrThrow()).id);
      await createTestUser(d, { role: 'manager', departmentCode: 'PUPR' });
      const big = await training(d, {
        title: 'Besar',
        state: 'completed',
        starts: '2026-03-01',
        ends: '2026-03-03',
        department: dept,
        provider: 'Penyelenggara Lemah',
      });
      const small = await training(d, { title: 'Kecil', state: 'completed', starts: '2026-04-01', ends: '2026-04-02', department: dept });
      for (let i = 0; i < 8; i++) {
        const nip = `19930404202012${String(1000 + i)}`;
        const u = await createTestUser(d, { role: 'officer', departmentCode: 'PUPR', nip });
        await participant(d, i < 6 ? big : small, { id: u.id, nip, name: `Demo ${i}` }, dept, Date.UTC(2026, 2, 3, 9));
      }
      const r = await seedTrainingEvaluations(d, o);
      expect(r.evaluations).toBe(2);
      expect(r.plans).toBeGreaterThan(0);
      const t = await d.selectFrom('trainings').select(['id', 'evaluation_survey_id']).where('id', '=', big).executeTakeFirstOrThrow();
      const scores = evaluationScores(await evaluationAnswers(d, Number(t.evaluation_survey_id)));
      expect(scores.sufficient).toBe(true);
      expect(scores.overall!).toBeLessThan(3);
      const reviewed = await d.selectFrom('training_action_plans').select('review').where('review', 'is not', null).execute();
      expect(reviewed.length).toBeGreaterThan(0);
      // Run again: nothing added twice.
      const again = await seedTrainingEvaluations(d, o);
      expect(again.answers).toBe(0);
      expect(again.plans).toBe(0);
    } finally {
      await fresh.cleanup();
    }
  });
});

function mulberry(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
