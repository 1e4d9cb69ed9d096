// One reading of a form's zod errors for every form: the first message key per field, a form-level
// error under the form's own key, and zod's English text replaced by the form's fallback key.
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { fieldErrorsOf } from '../../src/server/http/forms.ts';
import { fieldErrors as authErrors } from '../../src/server/auth/auth.schema.ts';

const schema = z
  .object({ title: z.string().min(5, 'title_short').max(10, 'title_long'), count: z.coerce.number().int() })
  .refine((v) => v.title !== 'xxxxx', { message: 'duplicate' });

describe('fieldErrorsOf', () => {
  const opts = { formKey: 'form', isKey: (m: string) => /^[a-z_]+$/.test(m), fallback: 'invalid' };

  it('keeps the first key of each field and replaces zod text by the fallback', () => {
    const r = schema.safeParse({ title: 'abc', count: 'many' });
    expect(r.success).toBe(false);
    expect(fieldErrorsOf(r.error!, opts)).toEqual({ title: 'title_short', count: 'invalid' });
  });

  it('puts an error of the whole form under the form key', () => {
    const r = schema.safeParse({ title: 'xxxxx', count: '3' });
    expect(fieldErrorsOf(r.error!, opts)).toEqual({ form: 'duplicate' });
  });

  it('serves the account forms as before (auth.* keys, otherwise auth.errors.invalid)', () => {
    const r = z
      .object({ email: z.email('auth.errors.email'), age: z.number() })
      .refine(() => false, { message: 'auth.errors.mismatch' })
      .safeParse({ email: 'x', age: 'y' });
    expect(authErrors(r.error!)).toEqual({ email: 'auth.errors.email', age: 'auth.errors.invalid' });
  });
});
