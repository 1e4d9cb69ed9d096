// Input of /me/training: a proposal of a training need and a comment on the department's draft plan (zod).
// Messages are keys under officerCycle.errors.*.
import { z } from 'zod';
import { JALUR } from './development.tables.ts';
import { sectionErrors } from '../http/forms.ts';
import { id as messages } from '../../i18n/id/index.ts';

export const yearParam = z.coerce.number().int().min(2000).max(2100);

export const proposalInput = z.object({
  competency: z
    .string({ message: 'competency' })
    .regex(/^\d{1,9}$/, { message: 'competency' })
    .transform(Number),
  reason: z.string({ message: 'reason' }).trim().min(10, { message: 'reason' }).max(2000, { message: 'reason' }),
  jalur: z
    .union([z.literal(''), z.enum(JALUR)], { message: 'jalur' })
    .default('')
    .transform((v) => (v === '' ? null : v)),
  year: z
    .string({ message: 'year' })
    .regex(/^\d{4}$/, { message: 'year' })
    .transform(Number)
    .pipe(z.number().min(2000, { message: 'year' }).max(2100, { message: 'year' })),
});
export type ProposalInput = z.infer<typeof proposalInput>;

export const planCommentInput = z.object({
  body: z.string({ message: 'body' }).trim().min(3, { message: 'body' }).max(2000, { message: 'body' }),
  year: z
    .string({ message: 'year' })
    .regex(/^\d{4}$/, { message: 'year' })
    .transform(Number),
});

/** zod issues as { field: key of officerCycle.errors }, the first message per field. */
export const fieldErrors = (error: z.ZodError) => sectionErrors(error, messages.officerCycle.errors);
