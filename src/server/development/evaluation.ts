// Evaluation of a completed training by its participants (DESIGN.md §6b): a reaction questionnaire of the
// survey engine (materi, narasumber/instruktur, metode, sarana, relevansi — each 1–5 — and a free text),
// open to the training's completed participants only (audience 'residents' narrowed by the engine to the
// participants of the training whose evaluation it is), and its scores per training and per provider,
// shown only from MIN_ANSWERS answers. The engine keeps who answered apart from what they answered
// (survey_participants holds the account, survey_responses the answers, with no link between them), and
// nothing here reads survey_participants for results: answers are anonymous towards HR and the provider.
import type { Db } from '../db/index.ts';
import type { SessionUser } from '../auth/session.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import { MIN_CELL } from '../surveys/questions.ts';
import { mayManageSurvey } from '../surveys/surveys.policy.ts';
import * as surveys from '../surveys/surveys.repository.ts';
import { nextDate } from '../calendar/calendar.ts';
import { lockTraining } from './evaluation.repository.ts';

/** Evaluation results are shown from this many answers ("data belum cukup" below), as SKM cells (DESIGN §9). */
export const MIN_ANSWERS = MIN_CELL;
export const ASPECTS = ['materi', 'narasumber', 'metode', 'sarana', 'relevansi'] as const;
export type Aspect = (typeof ASPECTS)[number];
/** Days the evaluation stays open after the training's end. */
export const EVALUATION_OPEN_DAYS = 90;

const QUESTIONS: { code: Aspect; label: string; low: string; high: string }[] = [
  { code: 'materi', label: 'Materi pelatihan', low: 'Sangat tidak baik', high: 'Sangat baik' },
  { code: 'narasumber', label: 'Narasumber / instruktur', low: 'Sangat tidak baik', high: 'Sangat baik' },
  { code: 'metode', label: 'Metode pembelajaran', low: 'Sangat tidak baik', high: 'Sangat baik' },
  { code: 'sarana', label: 'Sarana dan prasarana', low: 'Sangat tidak baik', high: 'Sangat baik' },
  { code: 'relevansi', label: 'Relevansi dengan pekerjaan Anda', low: 'Sangat tidak relevan', high: 'Sangat relevan' },
];

export interface Ctx {
  actor: SessionUser;
  now: Date;
  requestId?: string;
}
export type EvaluationOutcome =
  { ok: true; surveyId: number; created: boolean } | { ok: false; error: 'not_found' | 'not_completed' | 'stale' };

/** Creates the training's evaluation survey once (a second call returns the same survey), published and open. */
export async function createTrainingEvaluation(db: Db, ctx: Ctx, trainingId: number): Promise<EvaluationOutcome> {
  return db
    .transaction()
    .execute(async (trx): Promise<EvaluationOutcome> => {
      const t = await lockTraining(trx, trainingId);
      if (!t || !mayManageSurvey(ctx.actor, { department_id: t.department_id })) return { ok: false, error: 'not_found' };
      if (t.evaluation_survey_id !== null) return { ok: true, surveyId: t.evaluation_survey_id, created: false };
      if (t.state !== 'completed' && t.state !== 'evaluated') return { ok: false, error: 'not_completed' };
      const now = ctx.now.getTime();
      const r = await trx
        .insertInto('surveys')
        .values({
          department_id: t.department_id,
          kind: 'general',
          title: `Evaluasi pelatihan: ${t.title}`.slice(0, 200),
          intro:
            'Penilaian Anda tentang pelatihan ini. Jawaban tidak menyebut nama Anda; hasil hanya ditampilkan bila sedikitnya 5 peserta menjawab.',
          audience: 'residents',
          state: 'open',
          opens_on: t.ends_on,
          closes_on: nextDate(t.ends_on, EVALUATION_OPEN_DAYS),
          created_by: ctx.actor.id,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const surveyId = Number(r.id);
      const section = await surveys.insertSection(trx, surveyId, 1, 'Evaluasi reaksi peserta', '');
      let position = 0;
      for (const q of QUESTIONS) {
        await surveys.insertQuestion(trx, surveyId, {
          sectionId: section,
          position: ++position,
          kind: 'scale',
          label: q.label,
          required: true,
          scaleMax: 5,
          scaleLow: q.low,
          scaleHigh: q.high,
          code: q.code,
        });
      }
      await surveys.insertQuestion(trx, surveyId, {
        sectionId: section,
        position: ++position,
        kind: 'long_text',
        label: 'Saran dan catatan untuk pelatihan ini',
        required: false,
        code: 'saran',
      });
      const set = await trx
        .updateTable('trainings')
        .set({ evaluation_survey_id: surveyId, version: t.version + 1, updated_at: now })
        .where('id', '=', trainingId)
        .where('version', '=', t.version)
        .executeTakeFirst();
      if (Number(set.numUpdatedRows) !== 1) throw new StaleTraining();
      await appendAudit(trx, {
        actor: { id: ctx.actor.id, role: ctx.actor.role },
        requestId: ctx.requestId ?? null,
        at: ctx.now,
        action: 'training.evaluation_created',
        objectType: 'training',
        objectId: trainingId,
        details: { survey_id: surveyId },
      });
      return { ok: true, surveyId, created: true };
    })
    .catch((e: unknown) => {
      if (e instanceof StaleTraining) return { ok: false as const, error: 'stale' as const };
      throw e;
    });
}

class StaleTraining extends Error {}

/** One response's scale answers by aspect (the free text is not part of the scores). */
export type EvaluationAnswers = Partial<Record<Aspect, number>>;

export interface AspectScore {
  aspect: Aspect;
  mean: number | null;
  n: number;
}
export interface EvaluationScores {
  /** Responses counted. */
  responses: number;
  /** false: fewer than MIN_ANSWERS responses — "data belum cukup", no score shown. */
  sufficient: boolean;
  aspects: AspectScore[];
  /** Mean of the aspects' means (null when suppressed). */
  overall: number | null;
}

/** Scores of some responses (one training's, or a provider's pooled), suppressed under MIN_ANSWERS responses. */
export function evaluationScores(responses: readonly EvaluationAnswers[]): EvaluationScores {
  const sufficient = responses.length >= MIN_ANSWERS;
  const aspects = ASPECTS.map((aspect): AspectScore => {
    const v = responses.map((r) => r[aspect]).filter((x): x is number => typeof x === 'number');
    return { aspect, n: v.length, mean: sufficient && v.length > 0 ? v.reduce((a, b) => a + b, 0) / v.length : null };
  });
  const means = aspects.map((a) => a.mean).filter((m): m is number => m !== null);
  return {
    responses: responses.length,
    sufficient,
    aspects,
    overall: sufficient && means.length ? means.reduce((a, b) => a + b, 0) / means.length : null,
  };
}

/** A training's responses as answers by aspect (read by question code; the respondent is never read). */
export async function evaluationAnswers(db: Db, surveyId: number): Promise<EvaluationAnswers[]> {
  const questions = await surveys.listQuestions(db, surveyId);
  const aspectOf = new Map(
    questions.flatMap((q) => ((ASPECTS as readonly string[]).includes(q.code ?? '') ? [[q.id, q.code as Aspect] as const] : [])),
  );
  const byResponse = new Map<number, EvaluationAnswers>();
  for (const a of await surveys.listAnswers(db, surveyId)) {
    const e = byResponse.get(a.response_id) ?? {};
    const aspect = aspectOf.get(a.question_id);
    if (aspect && /^[1-5]$/.test(a.value)) e[aspect] = Number(a.value);
    byResponse.set(a.response_id, e);
  }
  const total = await surveys.countResponses(db, surveyId);
  // Responses that skipped every scale still count as responses.
  return [...byResponse.values(), ...Array.from({ length: Math.max(0, total - byResponse.size) }, () => ({}))];
}
