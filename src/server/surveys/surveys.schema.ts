// Form inputs of the survey builder, parsed with zod; messages are keys of surveys.errors.
import { z } from 'zod';
import { sectionErrors } from '../http/forms.ts';
import { id as messages } from '../../i18n/id/index.ts';
import { isIsoDate } from '../db/values.ts';
import { QUESTION_KINDS } from './questions.ts';

const text = (max: number) => z.string().trim().max(max, 'invalid');
const date = z
  .string()
  .trim()
  .refine((v) => isIsoDate(v), 'invalid');
const id = z.coerce.number().int().positive();

export const surveyMetaInput = z.object({
  title: text(200).min(1, 'invalid'),
  intro: text(4000).default(''),
  audience: z.enum(['public', 'residents', 'invited'], { message: 'invalid' }),
});

export const newSurveyInput = surveyMetaInput.extend({ department: z.string().trim().max(40).default('') });

export const newSkmInput = z.object({
  department: z.string().trim().min(1, 'invalid').max(40),
  period: z
    .string()
    .trim()
    .regex(/^\d{4}-(S[12]|T[1-4]|Y)$/, 'invalid'),
  population: z.union([z.literal(''), z.coerce.number().int().positive().max(100_000_000)]).default(''),
});

export const sectionInput = z.object({ title: text(200).min(1, 'invalid'), intro: text(2000).default('') });

export const questionInput = z
  .object({
    section: id,
    kind: z.enum(QUESTION_KINDS, { message: 'invalid' }),
    label: text(500).min(1, 'invalid'),
    help: text(1000).default(''),
    required: z
      .string()
      .optional()
      .transform((v) => v === '1' || v === 'on'),
    options: z
      .string()
      .max(4000)
      .default('')
      .transform((v) =>
        [
          ...new Set(
            v
              .split(/\r?\n/)
              .map((x) => x.trim())
              .filter(Boolean),
          ),
        ].slice(0, 30),
      ),
    scale_max: z.enum(['4', '5']).default('5').transform(Number),
    scale_low: text(100).default(''),
    scale_high: text(100).default(''),
    show_if: z.union([z.literal(''), id]).default(''),
    show_if_value: text(200).default(''),
  })
  .superRefine((v, ctx) => {
    if ((v.kind === 'single' || v.kind === 'multiple') && (v.options.length < 2 || v.options.some((o) => o.length > 200)))
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'options' });
  });

export const publishInput = z.object({ opens_on: date, closes_on: date });
export const versionInput = z.object({ version: z.coerce.number().int().nonnegative() });

export const followUpInput = z.object({
  unsur: z.enum(['U1', 'U2', 'U3', 'U4', 'U5', 'U6', 'U7', 'U8', 'U9'], { message: 'invalid' }),
  action: text(2000).min(1, 'invalid'),
  target_date: z.union([z.literal(''), date]).default(''),
  status: z.enum(['planned', 'in_progress', 'done'], { message: 'invalid' }),
  published: z
    .string()
    .optional()
    .transform((v) => v === '1' || v === 'on'),
});

export const inviteInput = z
  .object({
    emails: z
      .string()
      .max(20_000)
      .transform((v) => [
        ...new Set(
          v
            .split(/[\s,;]+/)
            .map((x) => x.trim().toLowerCase())
            .filter(Boolean),
        ),
      ]),
  })
  .refine((v) => v.emails.length > 0 && v.emails.length <= 200 && v.emails.every((e) => z.email().safeParse(e).success), {
    path: ['emails'],
    message: 'emails',
  });

/** A key of surveys.errors, the messages of these forms. */
export type SurveyErrorKey = keyof typeof messages.surveys.errors;

/** zod issues as { field: key of surveys.errors }, the first message per field. */
export const fieldErrors = (error: z.ZodError) => sectionErrors(error, messages.surveys.errors);
