// The survey engine's pure rules: conditional questions, required answers, kinds, suppression under 5.
import { describe, expect, it } from 'vitest';
import { checkSection, isShown, suppress, type QuestionDef } from '../../src/server/surveys/questions.ts';

const q = (over: Partial<QuestionDef> & { id: number }): QuestionDef => ({
  sectionId: 1,
  position: over.id,
  kind: 'short_text',
  label: `Q${over.id}`,
  help: '',
  required: false,
  options: [],
  scaleMax: null,
  scaleLow: '',
  scaleHigh: '',
  showIfQuestionId: null,
  showIfValue: null,
  code: null,
  ...over,
});

const used = q({ id: 1, kind: 'single', options: ['Ya', 'Tidak'], required: true });
const which = q({ id: 2, kind: 'multiple', options: ['KTP', 'KK', 'Akta'], required: true, showIfQuestionId: 1, showIfValue: 'Ya' });
const why = q({ id: 3, kind: 'long_text', sectionId: 2, showIfQuestionId: 2, showIfValue: 'KK', required: true });
const all = [used, which, why];
const byId = new Map(all.map((x) => [x.id, x]));
const posted = (o: Record<number, string[]>) => new Map(Object.entries(o).map(([k, v]) => [Number(k), v]));

describe('conditional questions', () => {
  it('shows a question only when the earlier answer has the value, through chains', () => {
    expect(isShown(which, new Map([[1, ['Ya']]]), byId)).toBe(true);
    expect(isShown(which, new Map([[1, ['Tidak']]]), byId)).toBe(false);
    expect(
      isShown(
        why,
        new Map([
          [1, ['Ya']],
          [2, ['KTP', 'KK']],
        ]),
        byId,
      ),
    ).toBe(true);
    // A stale answer to a question that is itself hidden does not show its dependants.
    expect(
      isShown(
        why,
        new Map([
          [1, ['Tidak']],
          [2, ['KK']],
        ]),
        byId,
      ),
    ).toBe(false);
  });

  it('a hidden required question is not required, and its posted answer is dropped', () => {
    const r = checkSection([used, which], posted({ 1: ['Tidak'], 2: ['KTP'] }), new Map(), all);
    expect(r.errors.size).toBe(0);
    expect([...r.answers.keys()]).toEqual([1]);
  });

  it('a shown required question must be answered; choices must be among the options', () => {
    expect(checkSection([used, which], posted({ 1: ['Ya'] }), new Map(), all).errors.get(2)).toBe('required');
    expect(checkSection([used, which], posted({ 1: ['Ya'], 2: ['Paspor'] }), new Map(), all).errors.get(2)).toBe('invalid');
    expect(checkSection([used], posted({ 1: ['Ya', 'Tidak'] }), new Map(), all).errors.get(1)).toBe('invalid');
    const ok = checkSection([used, which], posted({ 1: ['Ya'], 2: ['KK', 'KTP', 'KK'] }), new Map(), all);
    expect(ok.answers.get(2)).toEqual(['KK', 'KTP']);
    // A later section sees the earlier sections' answers.
    expect(checkSection([why], posted({}), ok.answers, all).errors.get(3)).toBe('required');
  });

  it('checks scale, number, date and text lengths', () => {
    const scale = q({ id: 4, kind: 'scale', scaleMax: 4 });
    const num = q({ id: 5, kind: 'number' });
    const date = q({ id: 6, kind: 'date' });
    const short = q({ id: 7, kind: 'short_text' });
    const err = (x: QuestionDef, v: string) => checkSection([x], posted({ [x.id]: [v] }), new Map(), [x]).errors.get(x.id) ?? null;
    expect(err(scale, '4')).toBeNull();
    expect(err(scale, '5')).toBe('invalid');
    expect(err(scale, '0')).toBe('invalid');
    expect(err(num, '42,5')).toBeNull();
    expect(err(num, '=1+1')).toBe('invalid');
    expect(err(date, '2026-02-28')).toBeNull();
    expect(err(date, '2026-02-30')).toBe('invalid');
    expect(err(short, 'x'.repeat(201))).toBe('too_long');
  });
});

describe('suppression', () => {
  it('counts under 5, zero included, are not shown', () => {
    expect([0, 1, 4, 5, 12].map(suppress)).toEqual([null, null, null, 5, 12]);
  });
});
