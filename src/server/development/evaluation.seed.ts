// Demo evaluations and action plans for seed-demo (after the trainings seed): each completed training
// gets its evaluation survey with answers from most of its participants — the training with the most
// participants (at least 5) rated poorly, the others well — and action plans, the due ones mostly
// reviewed by the participant's manager. Without completed trainings it does nothing. Synthetic data.
import type { Db } from '../db/index.ts';
import type { SessionUser } from '../auth/session.ts';
import { localDate, nextDate } from '../calendar/calendar.ts';
import { ASPECTS } from './evaluation.ts';
import { createTrainingEvaluation } from './evaluation.ts';
import { addMonths, REVIEW_AFTER_MONTHS } from './action-plans.service.ts';
import { listCompletedParticipations } from './evaluation.repository.ts';
import { listQuestions, countResponses } from '../surveys/surveys.repository.ts';
import type { ActionReview } from './training.tables.ts';

const PLANS = [
  'Menerapkan format tanggapan awal yang menyebut langkah berikutnya dan perkiraan waktunya pada setiap pengaduan.',
  'Memeriksa antrean pengaduan setiap pagi dan menandai yang mendekati batas waktu respons.',
  'Menyusun daftar periksa penyelesaian sebelum menandai pengaduan selesai, termasuk foto sesudah pekerjaan.',
  'Berbagi materi pelatihan kepada rekan satu bidang dalam rapat koordinasi bulanan.',
];
const NOTES: Record<ActionReview, string> = {
  applied: 'Sudah diterapkan secara konsisten; terlihat pada tanggapan awal yang lebih jelas.',
  partly: 'Diterapkan sebagian; perlu dibiasakan pada semua pengaduan.',
  not_yet: 'Belum terlihat diterapkan; dibahas kembali pada evaluasi berikutnya.',
};

export async function seedTrainingEvaluations(
  db: Db,
  o: { now: Date; timeZone: string; rnd: () => number },
): Promise<{ evaluations: number; answers: number; plans: number }> {
  const participations = await listCompletedParticipations(db);
  if (participations.length === 0) return { evaluations: 0, answers: 0, plans: 0 };
  const hr = await db.selectFrom('users').select(['id', 'email', 'name']).where('role', '=', 'hr').orderBy('id').executeTakeFirst();
  if (!hr) return { evaluations: 0, answers: 0, plans: 0 };
  const actor: SessionUser = {
    id: Number(hr.id),
    email: hr.email,
    name: hr.name,
    role: 'hr',
    departmentId: null,
    nip: null,
    affiliation: null,
    affiliationVerified: false,
    locale: 'id',
  };
  const today = localDate(o.now, o.timeZone);
  const byTraining = new Map<number, typeof participations>();
  for (const p of participations) byTraining.set(p.training_id, [...(byTraining.get(p.training_id) ?? []), p]);
  const poorly = [...byTraining].filter(([, ps]) => ps.length >= 5).sort((a, b) => b[1].length - a[1].length || a[0] - b[0])[0]?.[0];
  let evaluations = 0;
  let answers = 0;
  for (const [trainingId, ps] of byTraining) {
    const training = ps[0]!.training;
    if (training.ends_on > today) continue;
    const r = await createTrainingEvaluation(db, { actor, now: o.now }, trainingId);
    if (!r.ok) continue;
    evaluations++;
    if ((await countResponses(db, r.surveyId)) > 0) continue;
    const questions = await listQuestions(db, r.surveyId);
    const poor = trainingId === poorly;
    // All participants of the poorly rated one (so its scores show), about four in five of the others.
    for (const p of ps.filter(() => poor || o.rnd() < 0.8)) {
      const on = [nextDate(training.ends_on, 1 + Math.floor(o.rnd() * 14)), today].sort()[0]!;
      await db.insertInto('survey_participants').values({ survey_id: r.surveyId, user_id: p.user_id! }).execute();
      const resp = await db
        .insertInto('survey_responses')
        .values({ survey_id: r.surveyId, submitted_on: on, form_id: null })
        .returning('id')
        .executeTakeFirstOrThrow();
      const values = questions.flatMap((q) => {
        if ((ASPECTS as readonly string[]).includes(q.code ?? '')) {
          const v = poor
            ? 1 + Math.floor(o.rnd() * 2) + (q.code === 'relevansi' && o.rnd() < 0.5 ? 1 : 0)
            : 4 + (o.rnd() < 0.6 ? 1 : 0) - (o.rnd() < 0.1 ? 1 : 0);
          return [{ response_id: Number(resp.id), question_id: q.id, value: String(v) }];
        }
        if (q.kind === 'long_text' && o.rnd() < 0.4) {
          return [
            {
              response_id: Number(resp.id),
              question_id: q.id,
              value: poor
                ? 'Materi terlalu umum dan contoh kasusnya tidak sesuai dengan pekerjaan di dinas kami.'
                : 'Materi praktis dan langsung dapat dipakai; waktu latihan bisa ditambah.',
            },
          ];
        }
        return [];
      });
      if (values.length) await db.insertInto('survey_answers').values(values).execute();
      answers++;
    }
  }
  let plans = 0;
  const managerOf = new Map<number, number>();
  for (const m of await db.selectFrom('users').select(['id', 'department_id']).where('role', '=', 'manager').orderBy('id').execute()) {
    if (m.department_id !== null && !managerOf.has(Number(m.department_id))) managerOf.set(Number(m.department_id), Number(m.id));
  }
  for (const p of participations) {
    // About one participant in four writes none (chosen by id, so a second run adds nothing).
    if (p.plan || p.completed_at === null || p.id % 4 === 0) continue;
    const completedOn = localDate(new Date(p.completed_at), o.timeZone);
    const due = addMonths(completedOn, REVIEW_AFTER_MONTHS);
    const reviewer = p.department_id === null ? Number(hr.id) : (managerOf.get(p.department_id) ?? Number(hr.id));
    const reviewed = due <= today && o.rnd() < 0.7;
    const roll = o.rnd();
    const review: ActionReview = roll < 0.55 ? 'applied' : roll < 0.85 ? 'partly' : 'not_yet';
    await db
      .insertInto('training_action_plans')
      .values({
        participant_id: p.id,
        plan: PLANS[Math.floor(o.rnd() * PLANS.length)]!,
        written_at: Math.min(p.completed_at + 3 * 86_400_000, o.now.getTime()),
        review_due_on: due,
        review: reviewed ? review : null,
        review_note: reviewed ? NOTES[review] : '',
        reviewed_by: reviewed ? reviewer : null,
        reviewed_at: reviewed ? Math.min(Date.parse(`${due}T03:00:00Z`) + Math.floor(o.rnd() * 10) * 86_400_000, o.now.getTime()) : null,
        version: reviewed ? 1 : 0,
      })
      .execute();
    plans++;
  }
  return { evaluations, answers, plans };
}
