// The survey engine's question model, pure: the kinds of question, which questions a respondent sees
// (a question may be shown only when an earlier answer equals a value), and checking one section's
// answers. Used by the respondent pages, the service (again, on submit) and the results.

export const QUESTION_KINDS = ['single', 'multiple', 'scale', 'short_text', 'long_text', 'number', 'date'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

export interface QuestionDef {
  id: number;
  sectionId: number;
  position: number;
  kind: QuestionKind;
  label: string;
  help: string;
  required: boolean;
  /** Choices of single/multiple; empty for the other kinds. */
  options: string[];
  /** Scale questions: 1..scaleMax (4 or 5) with labelled ends. */
  scaleMax: number | null;
  scaleLow: string;
  scaleHigh: string;
  /** Shown only when the answer to this earlier question includes showIfValue. */
  showIfQuestionId: number | null;
  showIfValue: string | null;
  /** A stable code for questions other modules read (SKM: 'U1'..'U9', 'jenis_kelamin', …). */
  code: string | null;
}

/** Answers so far: question id → the values given (one for most kinds, several for multiple choice). */
export type Answers = Map<number, string[]>;

export const TEXT_MAX = { short_text: 200, long_text: 4000 } as const;

/** Whether a question is shown given the answers so far (a condition on an unanswered or hidden question hides it). */
export function isShown(q: QuestionDef, answers: Answers, byId: Map<number, QuestionDef>): boolean {
  if (q.showIfQuestionId === null) return true;
  const dep = byId.get(q.showIfQuestionId);
  if (!dep || !isShown(dep, answers, byId)) return false;
  return (answers.get(q.showIfQuestionId) ?? []).includes(q.showIfValue ?? '');
}

export type AnswerError = 'required' | 'invalid' | 'too_long';

/**
 * Checks the posted values of one section's questions: returns the cleaned answers of the shown
 * questions (hidden questions' answers are dropped) and the errors per question id.
 */
export function checkSection(
  questions: readonly QuestionDef[],
  posted: Map<number, string[]>,
  earlier: Answers,
  all: readonly QuestionDef[],
): { answers: Answers; errors: Map<number, AnswerError> } {
  const byId = new Map(all.map((q) => [q.id, q]));
  const answers: Answers = new Map();
  const errors = new Map<number, AnswerError>();
  const visible = new Map(earlier);
  for (const q of [...questions].sort((a, b) => a.position - b.position)) {
    const raw = (posted.get(q.id) ?? []).map((v) => v.trim()).filter((v) => v !== '');
    // Earlier questions of this same section decide later ones' visibility.
    if (!isShown(q, visible, byId)) continue;
    if (raw.length === 0) {
      if (q.required) errors.set(q.id, 'required');
      continue;
    }
    const e = validate(q, raw);
    if (e) {
      errors.set(q.id, e);
      continue;
    }
    const clean = q.kind === 'multiple' ? [...new Set(raw)] : [raw[0]!];
    answers.set(q.id, clean);
    visible.set(q.id, clean);
  }
  return { answers, errors };
}

function validate(q: QuestionDef, values: string[]): AnswerError | null {
  if (q.kind !== 'multiple' && values.length > 1) return 'invalid';
  const v = values[0]!;
  switch (q.kind) {
    case 'single':
      return q.options.includes(v) ? null : 'invalid';
    case 'multiple':
      return values.every((x) => q.options.includes(x)) ? null : 'invalid';
    case 'scale': {
      const n = Number(v);
      return /^\d$/.test(v) && n >= 1 && n <= (q.scaleMax ?? 5) ? null : 'invalid';
    }
    case 'number':
      return /^-?\d{1,12}([.,]\d{1,6})?$/.test(v) ? null : 'invalid';
    case 'date':
      return /^\d{4}-\d{2}-\d{2}$/.test(v) &&
        !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) &&
        new Date(`${v}T00:00:00Z`).toISOString().startsWith(v)
        ? null
        : 'invalid';
    case 'short_text':
    case 'long_text':
      return [...v].length > TEXT_MAX[q.kind] ? 'too_long' : null;
  }
}

/** Cells of a cross-tab or a filtered count under this many responses are never shown (DESIGN §9). */
export const MIN_CELL = 5;

/** A count as shown: the number, or null ("data belum cukup") under MIN_CELL — 0 included, as the rule says "under 5". */
export function suppress(count: number): number | null {
  return count < MIN_CELL ? null : count;
}
