// Training evaluation scores are shown only from 5 answers ("data belum cukup" below), per training and pooled per provider.
import { describe, expect, it } from 'vitest';
import { evaluationScores, MIN_ANSWERS } from '../../src/server/development/evaluation.ts';

const answer = (v: number) => ({ materi: v, narasumber: v, metode: v, sarana: v, relevansi: v });

describe('evaluation scores', () => {
  it('needs 5 answers', () => expect(MIN_ANSWERS).toBe(5));

  it('suppresses every score under 5 answers', () => {
    const s = evaluationScores([answer(5), answer(4), answer(5), answer(1)]);
    expect(s.sufficient).toBe(false);
    expect(s.responses).toBe(4);
    expect(s.overall).toBeNull();
    expect(s.aspects.every((a) => a.mean === null)).toBe(true);
  });

  it('shows the means from 5 answers', () => {
    const s = evaluationScores([answer(5), answer(4), answer(5), answer(1), { ...answer(5), sarana: undefined }]);
    expect(s.sufficient).toBe(true);
    expect(s.aspects.find((a) => a.aspect === 'materi')).toEqual({ aspect: 'materi', n: 5, mean: 4 });
    // sarana: one respondent skipped it → (5 + 4 + 5 + 1) / 4
    expect(s.aspects.find((a) => a.aspect === 'sarana')).toEqual({ aspect: 'sarana', n: 4, mean: 3.75 });
    expect(s.overall).toBeCloseTo((4 * 4 + 3.75) / 5, 10);
  });
});
