// One reading of a form's zod errors for every form: the first message key per field, an error of the whole
// form under FORM_ERROR, and zod's English text replaced by the form's fallback key.
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { FORM_ERROR, fieldErrors, fieldErrorsOf, sectionErrors } from '../../src/server/http/forms.ts';
import { id } from '../../src/i18n/id/index.ts';

const schema = z
  .object({ title: z.string().min(5, 'title_short').max(10, 'title_long'), count: z.coerce.number().int() })
  .refine((v) => v.title !== 'xxxxx', { message: 'duplicate' });

describe('fieldErrorsOf', () => {
  const isKey = (m: string): m is string => /^[a-z_]+$/.test(m);

  it('keeps the first key of each field and replaces zod text by the fallback', () => {
    const r = schema.safeParse({ title: 'abc', count: 'many' });
    expect(r.success).toBe(false);
    expect(fieldErrorsOf(r.error!, isKey, 'invalid')).toEqual({ title: 'title_short', count: 'invalid' });
  });

  it('puts an error of the whole form under the form key', () => {
    const r = schema.safeParse({ title: 'xxxxx', count: '3' });
    expect(FORM_ERROR).toBe('form');
    expect(fieldErrorsOf(r.error!, isKey, 'invalid')).toEqual({ form: 'duplicate' });
  });

  it('accepts catalogue keys and turns anything else into the common invalid message', () => {
    const r = z
      .object({ email: z.email('auth.errors.emailInvalid'), age: z.number(), name: z.string().min(2, 'auth.errors.noSuchKey') })
      .refine(() => false, { message: 'auth.errors.mismatch' })
      .safeParse({ email: 'x', age: 'y', name: 'a' });
    expect(fieldErrors(r.error!)).toEqual({
      email: 'auth.errors.emailInvalid',
      age: 'common.errors.invalidField',
      name: 'common.errors.invalidField',
    });
  });

  it('reads the keys of one catalogue section for the forms that name their messages by it', () => {
    const r = z.object({ title: z.string().min(5, 'titleRequired'), body: z.string() }).safeParse({ title: 'a', body: 1 });
    expect(sectionErrors(r.error!, id.consultations.errors)).toEqual({ title: 'titleRequired', body: 'invalid' });
  });
});
