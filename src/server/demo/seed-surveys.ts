// Demo surveys for seed-demo: an SKM per department for the last two complete semesters with a
// realistic number of responses (one department below its Krejcie–Morgan minimum sample), a published
// rencana tindak lanjut for each department's weakest unsur, and one staff-built three-section survey
// with a conditional question. Synthetic data: the populations, scores and answers are invented.
import type { Db } from '../db/index.ts';
import type { SessionUser } from '../auth/session.ts';
import { localDate } from '../calendar/calendar.ts';
import { minimumSample } from '../surveys/skm-index.ts';
import { SKM_PROFILE, SKM_UNSUR } from '../surveys/skm-reference.ts';
import { createSkmSurvey, saveFollowUp, skmResult } from '../surveys/skm.service.ts';
import { addQuestion, addSection, createSurvey, publishSurvey } from '../surveys/surveys.service.ts';
import { findSurvey, listQuestions, listSections } from '../surveys/surveys.repository.ts';
import type { QuestionDef } from '../surveys/questions.ts';

export interface DemoManager {
  id: number;
  email: string;
  departmentId: number;
  departmentCode: string;
}

/** The last two complete semesters before `today`: [older, newer], each with its dates. */
export function lastTwoSemesters(today: string): { period: string; from: string; to: string }[] {
  const y = Number(today.slice(0, 4));
  const firstHalf = Number(today.slice(5, 7)) <= 6;
  const sem = (year: number, s: 1 | 2) => ({
    period: `${year}-S${s}`,
    from: `${year}-${s === 1 ? '01-01' : '07-01'}`,
    to: `${year}-${s === 1 ? '06-30' : '12-31'}`,
  });
  return firstHalf ? [sem(y - 1, 1), sem(y - 1, 2)] : [sem(y - 1, 2), sem(y, 1)];
}

const pick = <T>(rnd: () => number, xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;

/** A 1..4 nilai persepsi around a department's mean for the unsur. */
function score(rnd: () => number, mean: number): number {
  const v = Math.round(mean + (rnd() + rnd() + rnd() - 1.5) * 0.9);
  return Math.min(4, Math.max(1, v));
}

export async function seedSurveys(
  db: Db,
  managers: DemoManager[],
  departments: Map<number, string>,
  rnd: () => number,
  now: Date,
  timeZone: string,
): Promise<{ surveys: number; responses: number }> {
  if ((await db.selectFrom('surveys').select('id').limit(1).execute()).length > 0) return { surveys: 0, responses: 0 };
  const today = localDate(now, timeZone);
  const semesters = lastTwoSemesters(today);
  let surveys = 0;
  let responses = 0;
  const actor = (m: DemoManager): SessionUser => ({
    id: m.id,
    email: m.email,
    name: 'demo',
    role: 'manager',
    departmentId: m.departmentId,
    nip: null,
    affiliation: null,
    affiliationVerified: false,
    locale: 'id',
  });
  for (const [i, m] of managers.entries()) {
    const ctx = { actor: actor(m), now };
    const population = 100 + Math.floor(rnd() * 1100);
    // One department (the last) collects well under its minimum sample: "belum representatif".
    const short = i === managers.length - 1;
    const means = SKM_UNSUR.map(() => 2.6 + rnd() * 1.2);
    for (const [k, sem] of semesters.entries()) {
      const created = await createSkmSurvey(db, ctx, {
        departmentId: m.departmentId,
        departmentName: departments.get(m.departmentId) ?? m.departmentCode,
        period: sem.period,
        population,
      });
      if (!created.ok) continue;
      const id = created.value;
      await db
        .updateTable('surveys')
        .set({ state: 'closed', opens_on: sem.from, closes_on: sem.to, version: 2 })
        .where('id', '=', id)
        .execute();
      const min = minimumSample(population);
      const n = short ? Math.max(6, Math.round(min * 0.4)) : min + Math.floor(rnd() * min * 0.3);
      // The newer semester a little better than the older one.
      responses += await seedSkmResponses(
        db,
        id,
        await listQuestions(db, id),
        n,
        means.map((x) => x + k * 0.1),
        sem,
        rnd,
      );
      surveys += 1;
      if (k === semesters.length - 1) {
        const r = await skmResult(db, (await findSurvey(db, id))!);
        const weakest = r.index.priorities[0];
        if (weakest)
          await saveFollowUp(db, ctx, id, null, {
            unsur: weakest,
            action: 'Menyederhanakan alur layanan dan memasang papan informasi di loket',
            targetDate: `${Number(sem.to.slice(0, 4)) + 1}-06-30`,
            status: 'in_progress',
            published: true,
          });
      }
    }
  }
  if (managers[0]) {
    surveys += 1;
    responses += await seedStaffSurvey(db, actor(managers[0]), now, today, rnd);
  }
  return { surveys, responses };
}

async function seedSkmResponses(
  db: Db,
  surveyId: number,
  qs: QuestionDef[],
  n: number,
  means: number[],
  sem: { from: string; to: string },
  rnd: () => number,
): Promise<number> {
  const code = (c: string) => qs.find((q) => q.code === c)!;
  const days = Math.max(1, Math.round((Date.parse(sem.to) - Date.parse(sem.from)) / 86_400_000));
  const SERVICES = ['Konsultasi', 'Perizinan', 'Pengaduan', 'Informasi', 'Surat keterangan'];
  const SUGGESTIONS = [
    'Antrean perlu dipercepat.',
    'Petugas ramah, terima kasih.',
    'Ruang tunggu kurang nyaman.',
    'Informasi persyaratan belum jelas di papan pengumuman.',
  ];
  for (let done = 0; done < n; done += 400) {
    const batch = Math.min(400, n - done);
    const rows = Array.from({ length: batch }, () => ({
      survey_id: surveyId,
      submitted_on: new Date(Date.parse(sem.from) + Math.floor(rnd() * days) * 86_400_000).toISOString().slice(0, 10),
      form_id: null,
    }));
    const ids = (await db.insertInto('survey_responses').values(rows).returning('id').execute()).map((r) => Number(r.id));
    const answers = ids.flatMap((rid) => {
      const a = [
        { q: code('jenis_kelamin'), v: pick(rnd, SKM_PROFILE.jenisKelamin.id) },
        { q: code('usia'), v: String(18 + Math.floor(rnd() * 50)) },
        { q: code('pendidikan'), v: pick(rnd, SKM_PROFILE.pendidikan) },
        { q: code('pekerjaan'), v: pick(rnd, SKM_PROFILE.pekerjaan.id) },
        { q: code('jenis_layanan'), v: pick(rnd, SERVICES) },
        ...SKM_UNSUR.map((u, i) => ({ q: code(u.code), v: u.answers.id[score(rnd, means[i]!) - 1]! })),
        ...(rnd() < 0.15 ? [{ q: code('saran'), v: pick(rnd, SUGGESTIONS) }] : []),
      ];
      return a.map((x) => ({ response_id: rid, question_id: x.q.id, value: x.v }));
    });
    for (let i = 0; i < answers.length; i += 2000)
      await db
        .insertInto('survey_answers')
        .values(answers.slice(i, i + 2000))
        .execute();
  }
  return n;
}

async function seedStaffSurvey(db: Db, actor: SessionUser, now: Date, today: string, rnd: () => number): Promise<number> {
  const ctx = { actor, now };
  const created = await createSurvey(db, ctx, {
    departmentId: actor.departmentId,
    title: 'Survei kebutuhan layanan keliling',
    intro: 'Bantu kami merencanakan jadwal layanan keliling.',
    audience: 'public',
  });
  if (!created.ok) return 0;
  const id = created.value;
  const v = async () => (await findSurvey(db, id))!.version;
  const [profile] = await listSections(db, id);
  const usage = await addSection(db, ctx, id, await v(), { title: 'Penggunaan layanan', intro: '' });
  const wishes = await addSection(db, ctx, id, await v(), { title: 'Harapan', intro: '' });
  if (!usage.ok || !wishes.ok) return 0;
  await addQuestion(db, ctx, id, await v(), {
    sectionId: profile!.id,
    kind: 'single',
    label: 'Kelompok usia',
    required: true,
    options: ['< 25', '25–44', '45–64', '≥ 65'],
  });
  const used = await addQuestion(db, ctx, id, await v(), {
    sectionId: usage.value,
    kind: 'single',
    label: 'Pernah memakai layanan keliling?',
    required: true,
    options: ['Ya', 'Tidak'],
  });
  if (!used.ok) return 0;
  const rating = await addQuestion(db, ctx, id, await v(), {
    sectionId: usage.value,
    kind: 'scale',
    label: 'Seberapa puas Anda?',
    required: true,
    scaleMax: 5,
    scaleLow: 'Sangat tidak puas',
    scaleHigh: 'Sangat puas',
    showIfQuestionId: used.value,
    showIfValue: 'Ya',
  });
  const days = await addQuestion(db, ctx, id, await v(), {
    sectionId: wishes.value,
    kind: 'multiple',
    label: 'Hari yang cocok',
    required: false,
    options: ['Senin', 'Rabu', 'Jumat', 'Sabtu'],
  });
  await addQuestion(db, ctx, id, await v(), { sectionId: wishes.value, kind: 'long_text', label: 'Saran', required: false });
  await publishSurvey(db, ctx, id, await v(), { opensOn: today, closesOn: `${Number(today.slice(0, 4)) + 1}-12-31` });
  const qs = await listQuestions(db, id);
  const n = 24;
  for (let i = 0; i < n; i++) {
    const r = await db
      .insertInto('survey_responses')
      .values({ survey_id: id, submitted_on: today, form_id: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    const yes = rnd() < 0.6;
    const rows = [
      { question_id: qs[0]!.id, value: pick(rnd, qs[0]!.options) },
      { question_id: used.value, value: yes ? 'Ya' : 'Tidak' },
      ...(yes && rating.ok ? [{ question_id: rating.value, value: String(3 + Math.floor(rnd() * 3)) }] : []),
      ...(days.ok ? ['Senin', 'Sabtu'].filter(() => rnd() < 0.5).map((d) => ({ question_id: days.value, value: d })) : []),
    ];
    await db
      .insertInto('survey_answers')
      .values(rows.map((x) => ({ ...x, response_id: Number(r.id) })))
      .execute();
  }
  return n;
}
