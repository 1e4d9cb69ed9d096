// The respondent page's POST, without the page: reads `q<id>` fields into answers, moves between
// sections (Back keeps what was typed; Next checks the sections so far), and on the last section
// submits. The page renders whatever this returns; it works without JavaScript.
import type { AnswerError } from './questions.ts';
import { checkUpTo, type SurveyForm } from './responses.service.ts';

export function postedAnswers(fields: Record<string, string | string[]>): Map<number, string[]> {
  const out = new Map<number, string[]>();
  for (const [k, v] of Object.entries(fields)) {
    const m = /^q(\d{1,9})$/.exec(k);
    if (!m) continue;
    const values = (Array.isArray(v) ? v : [v]).slice(0, 50).map((x) => x.slice(0, 4000));
    out.set(Number(m[1]), values);
  }
  return out;
}

export type Step = { kind: 'show'; section: number; errors: Map<number, AnswerError>; status: 200 | 422 } | { kind: 'submit' };

export function nextStep(
  form: Pick<SurveyForm, 'sections' | 'questions'>,
  posted: Map<number, string[]>,
  current: number,
  nav: string,
): Step {
  const last = form.sections.length - 1;
  const at = Math.min(Math.max(0, current), last);
  if (nav === 'back') return { kind: 'show', section: Math.max(0, at - 1), errors: new Map(), status: 200 };
  const checked = checkUpTo(form, posted, at);
  if (checked.errors.size > 0) return { kind: 'show', section: checked.firstBad ?? at, errors: checked.errors, status: 422 };
  if (nav === 'next' && at < last) return { kind: 'show', section: at + 1, errors: new Map(), status: 200 };
  if (at < last) return { kind: 'show', section: at + 1, errors: new Map(), status: 200 };
  return { kind: 'submit' };
}
