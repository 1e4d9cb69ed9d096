// Input of the trainings pages (zod): the training form, enrolment, cancellation, certificate, the
// list query. Messages are keys under trainings.errors.* shown beside the field.
import { z } from 'zod';
import { sectionErrors } from '../http/forms.ts';
import { id as messages } from '../../i18n/id/index.ts';
import { COMPETENCY_KINDS } from '../consultations/consultations.tables.ts';
import { BENTUK, JALUR } from './development.tables.ts';
import { TRAINING_STATES } from './training.tables.ts';

/** The longest training the forms accept, in days (an e-learning course of a quarter). */
export const MAX_TRAINING_DAYS = 92;

const date = (msg: string) =>
  z
    .string({ message: msg })
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { message: msg })
    .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) === v, {
      message: msg,
    });
const int = (min: number, max: number, msg: string) =>
  z
    .string({ message: msg })
    .trim()
    .regex(/^\d{1,7}$/, { message: msg })
    .transform(Number)
    .pipe(z.number().int().min(min, { message: msg }).max(max, { message: msg }));
const optionalId = z
  .union([z.literal(''), z.string().regex(/^\d{1,9}$/)])
  .default('')
  .transform((v) => (v === '' ? null : Number(v)));

export const trainingInput = z
  .object({
    plan_item: optionalId,
    department: optionalId,
    title: z.string({ message: 'title' }).trim().min(3, { message: 'title' }).max(200, { message: 'title' }),
    competency: optionalId,
    kind: z.enum(COMPETENCY_KINDS, { message: 'kind' }),
    jalur: z.enum(JALUR, { message: 'jalur' }),
    bentuk: z.string({ message: 'bentuk' }).trim(),
    provider: z.string({ message: 'provider' }).trim().min(2, { message: 'provider' }).max(200, { message: 'provider' }),
    starts_on: date('startsOn'),
    ends_on: date('endsOn'),
    jp: int(1, 200, 'jp'),
    place: z.string().trim().max(300, { message: 'tooLong' }).default(''),
    capacity: z
      .union([z.literal(''), z.string().trim()])
      .default('')
      .transform((v) => v.trim())
      .refine((v) => v === '' || (/^\d{1,5}$/.test(v) && Number(v) > 0), { message: 'capacity' })
      .transform((v) => (v === '' ? null : Number(v))),
  })
  .superRefine((v, ctx) => {
    if (!BENTUK[v.jalur].includes(v.bentuk)) ctx.addIssue({ code: 'custom', path: ['bentuk'], message: 'bentuk' });
    if (v.ends_on < v.starts_on) ctx.addIssue({ code: 'custom', path: ['ends_on'], message: 'endsBeforeStart' });
    else if ((Date.parse(v.ends_on) - Date.parse(v.starts_on)) / 86_400_000 + 1 > MAX_TRAINING_DAYS)
      ctx.addIssue({ code: 'custom', path: ['ends_on'], message: 'tooLongSpan' });
  });
export type TrainingInput = z.infer<typeof trainingInput>;

export const NIP = /^\d{18}$/;

export const enrolInput = z
  .object({
    source: z.enum(['portal', 'external'], { message: 'source' }).default('portal'),
    nip: z
      .string({ message: 'nip' })
      .trim()
      .transform((v) => v.replace(/\s+/g, ''))
      .pipe(z.string().regex(NIP, { message: 'nip' })),
    name: z.string().trim().max(200, { message: 'tooLong' }).default(''),
  })
  .superRefine((v, ctx) => {
    if (v.source === 'external' && v.name.length < 2) ctx.addIssue({ code: 'custom', path: ['name'], message: 'name' });
  });
export type EnrolInput = z.infer<typeof enrolInput>;

export const cancelInput = z.object({
  reason: z.string({ message: 'reason' }).trim().min(5, { message: 'reason' }).max(500, { message: 'reason' }),
});
export const certificateInput = z.object({ certificate_no: z.string().trim().max(100, { message: 'tooLong' }).default('') });
export const versionInput = z.object({
  version: z
    .string()
    .regex(/^\d{1,9}$/)
    .transform(Number),
});

export const trainingListQuery = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional().catch(undefined),
  department: z
    .string()
    .trim()
    .max(40)
    .regex(/^[A-Za-z0-9._-]+$/)
    .optional()
    .catch(undefined),
  state: z.enum(TRAINING_STATES).optional().catch(undefined),
  item: z.coerce.number().int().positive().optional().catch(undefined),
});

/** A key of trainings.errors, the messages of these forms. */
export type TrainingErrorKey = keyof typeof messages.trainings.errors;

/** zod issues as { field: key of trainings.errors }, the first message per field. */
export const fieldErrors = (error: z.ZodError) => sectionErrors(error, messages.trainings.errors);
