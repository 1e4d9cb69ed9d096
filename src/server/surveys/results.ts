// Results of a survey for the staff who manage it: counts per question and choice, free-text answers,
// a filter by a respondent-profile answer, and the export table (one row per response, one column per
// question). Every count under MIN_CELL is suppressed ("data belum cukup", DESIGN §9), filtered or not;
// free texts are listed only when the (filtered) group has at least MIN_CELL responses.
import type { Db } from '../db/index.ts';
import type { SessionUser } from '../auth/session.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import type { ExportTable } from '../exports/table-export.ts';
import { MIN_CELL, suppress, type QuestionDef } from './questions.ts';
import { mayManageSurvey } from './surveys.policy.ts';
import * as repo from './surveys.repository.ts';

export interface ChoiceCount {
  value: string;
  count: number | null;
}
export interface QuestionResult {
  question: QuestionDef;
  /** Respondents (of the group) who answered; null when under MIN_CELL. */
  answered: number | null;
  choices: ChoiceCount[];
  texts: string[];
}
export interface SurveyResults {
  survey: repo.SurveyRow;
  sections: repo.SectionRow[];
  /** All responses, and the responses of the filtered group (null when suppressed). */
  total: number;
  group: number | null;
  filter: { question: QuestionDef; value: string } | null;
  /** Questions a filter may use: single choice. */
  filterable: QuestionDef[];
  questions: QuestionResult[];
}

type AnswerRow = { response_id: number; submitted_on: string; question_id: number; value: string };

function byResponse(rows: AnswerRow[]): Map<number, { on: string; answers: Map<number, string[]> }> {
  const out = new Map<number, { on: string; answers: Map<number, string[]> }>();
  for (const r of rows) {
    const e = out.get(r.response_id) ?? { on: r.submitted_on, answers: new Map<number, string[]>() };
    e.answers.set(r.question_id, [...(e.answers.get(r.question_id) ?? []), r.value]);
    out.set(r.response_id, e);
  }
  return out;
}

export async function surveyResults(
  db: Db,
  user: SessionUser | null,
  id: number,
  filter?: { questionId: number; value: string },
): Promise<SurveyResults | null> {
  const survey = await repo.findSurvey(db, id);
  if (!survey || !mayManageSurvey(user, survey)) return null;
  const [sections, questions, rows, total] = await Promise.all([
    repo.listSections(db, id),
    repo.listQuestions(db, id),
    repo.listAnswers(db, id),
    repo.countResponses(db, id),
  ]);
  const filterable = questions.filter((q) => q.kind === 'single');
  const fq = filter ? filterable.find((q) => q.id === filter.questionId && q.options.includes(filter.value)) : undefined;
  let responses = [...byResponse(rows).values()];
  if (fq) responses = responses.filter((r) => (r.answers.get(fq.id) ?? []).includes(filter!.value));
  // Responses with no answers at all (every question optional and skipped) still count in the total.
  const groupSize = fq ? responses.length : total;
  const enough = groupSize >= MIN_CELL;
  const results = questions.map((q): QuestionResult => {
    const given = responses.map((r) => r.answers.get(q.id)).filter((v): v is string[] => !!v);
    const choices =
      q.kind === 'single' || q.kind === 'multiple'
        ? q.options.map((o) => ({ value: o, count: suppress(given.filter((v) => v.includes(o)).length) }))
        : q.kind === 'scale'
          ? Array.from({ length: q.scaleMax ?? 5 }, (_, i) => String(i + 1)).map((o) => ({
              value: o,
              count: suppress(given.filter((v) => v.includes(o)).length),
            }))
          : [];
    const texts = enough && (q.kind === 'short_text' || q.kind === 'long_text') ? given.map((v) => v[0]!) : [];
    return { question: q, answered: suppress(given.length), choices, texts };
  });
  return {
    survey,
    sections,
    total,
    group: suppress(groupSize),
    filter: fq ? { question: fq, value: filter!.value } : null,
    filterable,
    questions: results,
  };
}

/** All answers as a table, one row per response in the order they came, one column per question. */
export async function exportSurvey(
  db: Db,
  ctx: { actor: SessionUser; now: Date; requestId?: string },
  id: number,
  format: 'csv' | 'xlsx',
  labels: { title: string; response: string; date: string; generated: string },
): Promise<{ table: ExportTable; survey: repo.SurveyRow } | null> {
  const survey = await repo.findSurvey(db, id);
  if (!survey || !mayManageSurvey(ctx.actor, survey)) return null;
  // A training's evaluation is shown from MIN_CELL answers only (DESIGN §6b): no rows under that, so a
  // handful of answers cannot be matched to the few participants.
  if ((await repo.isTrainingEvaluationParticipant(db, id, null)) !== null && (await repo.countResponses(db, id)) < MIN_CELL) return null;
  const [questions, rows] = await Promise.all([repo.listQuestions(db, id), repo.listAnswers(db, id)]);
  const columns = [
    { key: 'n', label: labels.response, type: 'number' as const },
    { key: 'on', label: labels.date },
    ...questions.map((q) => ({ key: `q${q.id}`, label: q.label, type: 'text' as const })),
  ];
  // Numbered 1..n in the order received: the stored id is not shown, and nothing else identifies a respondent.
  const table: ExportTable = {
    title: `${labels.title}: ${survey.title}`,
    meta: [[labels.generated, ctx.now.toISOString().slice(0, 10)]],
    columns,
    rows: [...byResponse(rows).values()].map((r, i) => ({
      n: i + 1,
      on: r.on,
      ...Object.fromEntries(questions.map((q) => [`q${q.id}`, (r.answers.get(q.id) ?? []).join('; ')])),
    })),
  };
  await appendAudit(db, {
    actor: { id: ctx.actor.id, role: ctx.actor.role },
    requestId: ctx.requestId ?? null,
    at: ctx.now,
    action: 'survey.exported',
    objectType: 'survey',
    objectId: id,
    details: { format, rows: table.rows.length },
  });
  return { table, survey };
}
