// Scrubbing a data subject's identifiers out of free text: whole words, any case, phone variants.
import { describe, expect, it } from 'vitest';
import { identifiersOf, scrubText } from '../../src/server/dataprotection/scrub.ts';

describe('scrubText', () => {
  const ids = identifiersOf(['Ani Rahma', 'ani.rahma@example.test', '+62 812-3456-7890', null, 'Ab']);

  it('replaces the name, email and phone in any case and common phone spellings', () => {
    expect(scrubText('Saya ANI RAHMA, email ani.rahma@example.test, hp 081234567890 / +62 812-3456-7890.', ids)).toBe(
      'Saya [dihapus], email [dihapus], hp [dihapus] / [dihapus].',
    );
  });

  it('leaves other words alone, including ones that contain the name', () => {
    expect(scrubText('Organisasi Ani Rahmawati melapor', identifiersOf(['Ani Rahma']))).toBe('Organisasi Ani Rahmawati melapor');
    expect(scrubText('organisasi mekanisme', identifiersOf(['Ani']))).toBe('organisasi mekanisme');
  });

  it('ignores identifiers too short to be safe and changes nothing without identifiers', () => {
    expect(ids).not.toContain('Ab');
    expect(scrubText('Ab cd', [])).toBe('Ab cd');
  });
});
