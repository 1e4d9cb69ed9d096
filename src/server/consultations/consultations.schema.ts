// Input schemas of the consultation forms. Error messages are i18n keys under consultations.errors.
import { z } from 'zod';
import { sectionErrors, type FieldErrors } from '../http/forms.ts';
import { id as messages } from '../../i18n/id/index.ts';
import { isKeyOf } from '../../i18n/index.ts';
import { AFFILIATIONS } from '../auth/auth.tables.ts';
import { isIsoDate } from '../db/values.ts';
import { COMMITMENT_STATUSES, COMPETENCY_KINDS, HIDE_REASONS, REPORT_REASONS, STANCES } from './consultations.tables.ts';

const OFFSETS = { WIB: '+07:00', WITA: '+08:00', WIT: '+09:00' } as const;
export type TzRegion = keyof typeof OFFSETS;

/** A datetime-local value ('2026-12-01T08:00') in the deployment's zone (no daylight saving in Indonesia). */
export function parseLocalDateTime(value: string, tz: TzRegion): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return null;
  const d = new Date(`${value}:00${OFFSETS[tz]}`);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** The inverse, for pre-filling datetime-local inputs. */
export function toLocalDateTime(d: Date, tz: TzRegion): string {
  const hours = Number(OFFSETS[tz].slice(1, 3));
  return new Date(d.getTime() + hours * 3_600_000).toISOString().slice(0, 16);
}

const text = (min: number, max: number, key: string) =>
  z
    .string()
    .trim()
    .min(min, { message: `${key}Required` })
    .max(max, { message: `${key}TooLong` });

const list = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]));

const localDateTime = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, { message: 'dateInvalid' });

export const consultationInput = z
  .object({
    department_id: z.coerce.number().int().positive().optional(),
    title: text(5, 200, 'title'),
    summary: text(10, 1000, 'summary'),
    body: text(10, 20000, 'body'),
    // One question per line, so the form works without JavaScript.
    questions: z
      .string()
      .optional()
      .default('')
      .transform((v) =>
        v
          .split(/\r?\n/)
          .map((q) => q.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.string().max(500, { message: 'questionTooLong' })).max(20, { message: 'tooManyQuestions' })),
    target_groups: list.pipe(z.array(z.enum(AFFILIATIONS, { message: 'targetInvalid' }))),
    opens_at: localDateTime,
    closes_at: localDateTime,
  })
  .refine((v) => v.closes_at > v.opens_at, { path: ['closes_at'], message: 'closesBeforeOpens' });
export type ConsultationInput = z.infer<typeof consultationInput>;

export const contributionInput = z.object({
  body: text(5, 5000, 'contribution'),
  stance: z.enum(STANCES, { message: 'stanceRequired' }),
  question_id: z
    .string()
    .optional()
    .transform((v) => (v ? Number(v) : null))
    .pipe(z.number().int().positive().nullable()),
});
export type ContributionInput = z.infer<typeof contributionInput>;

export const replyInput = z.object({
  body: text(2, 3000, 'reply'),
  parent_id: z.coerce.number().int().positive(),
});

export const reportInput = z.object({ reason: z.enum(REPORT_REASONS, { message: 'reasonRequired' }) });

export const moderationInput = z
  .object({
    action: z.enum(['hide', 'restore']),
    reason: z.enum([...HIDE_REASONS, 'tidak_melanggar'], { message: 'reasonRequired' }),
    note: z.string().trim().max(500, { message: 'noteTooLong' }).default(''),
  })
  // Hiding names what was wrong; restoring says nothing was ("tidak melanggar").
  .refine((v) => (v.action === 'hide' ? v.reason !== 'tidak_melanggar' : v.reason === 'tidak_melanggar'), {
    path: ['reason'],
    message: 'reasonRequired',
  });

export const responseInput = z.object({ body: text(5, 5000, 'response') });

export const tagInput = z.object({
  competency: list.pipe(z.array(z.string().regex(/^\d+$/).transform(Number))),
});

const isoDate = z.string().trim().refine(isIsoDate, { message: 'dateInvalid' });

export const commitmentInput = z.object({
  text: text(5, 1000, 'commitment'),
  owner: text(2, 200, 'owner'),
  due_date: isoDate,
});

export const COMMITMENT_ROWS = 5;

const isConsultationErrorKey = isKeyOf(messages.consultations.errors);
const keyOf = (message: string): ConsultationErrorKey => (isConsultationErrorKey(message) ? message : 'invalid');

/** The conclude form: an outcome summary and up to five commitment rows (blank rows are skipped). */
export function parseConclusion(fields: Record<string, string | string[]>) {
  const one = (k: string) => (typeof fields[k] === 'string' ? (fields[k] as string) : '');
  const errors: FieldErrors<ConsultationErrorKey> = {};
  const outcome = text(20, 20000, 'outcome').safeParse(one('outcome_summary'));
  if (!outcome.success) errors.outcome_summary = keyOf(outcome.error.issues[0]!.message);
  const commitments: z.infer<typeof commitmentInput>[] = [];
  for (let i = 1; i <= COMMITMENT_ROWS; i++) {
    const row = { text: one(`commitment_${i}_text`), owner: one(`commitment_${i}_owner`), due_date: one(`commitment_${i}_due`) };
    if (!row.text.trim() && !row.owner.trim() && !row.due_date.trim()) continue;
    const r = commitmentInput.safeParse(row);
    if (r.success) commitments.push(r.data);
    else
      for (const issue of r.error.issues)
        errors[`commitment_${i}_${issue.path[0] === 'due_date' ? 'due' : String(issue.path[0])}`] ??= keyOf(issue.message);
  }
  if (commitments.length === 0 && !Object.keys(errors).some((k) => k.startsWith('commitment_')))
    errors.commitment_1_text = 'commitmentRequired';
  return Object.keys(errors).length > 0
    ? { ok: false as const, errors }
    : { ok: true as const, value: { outcomeSummary: outcome.data!, commitments } };
}

export const commitmentUpdateInput = z.object({
  status: z.enum(COMMITMENT_STATUSES, { message: 'statusInvalid' }),
  progress: z.coerce
    .number({ message: 'progressInvalid' })
    .int({ message: 'progressInvalid' })
    .min(0, { message: 'progressInvalid' })
    .max(100, { message: 'progressInvalid' }),
  note: z.string().trim().max(1000, { message: 'noteTooLong' }).default(''),
});

export const competencyInput = z.object({
  code: z
    .string()
    .trim()
    .regex(/^[a-z0-9_]{2,40}$/, { message: 'codeInvalid' }),
  name_id: text(2, 120, 'name'),
  name_en: text(2, 120, 'name'),
  kind: z.enum(COMPETENCY_KINDS, { message: 'kindInvalid' }),
});

export const competencyEditInput = competencyInput.omit({ code: true });

export const listQuery = z.object({
  sort: z.enum(['newest', 'endorsed']).catch('newest'),
  affiliation: z
    .enum([...AFFILIATIONS, 'none'])
    .optional()
    .catch(undefined),
  question: z.coerce.number().int().positive().optional().catch(undefined),
  show: z.coerce.number().int().min(1).max(1000).catch(20),
});
export type ListQuery = z.infer<typeof listQuery>;

/** A key of consultations.errors, the messages of these forms. */
export type ConsultationErrorKey = keyof typeof messages.consultations.errors;

/** zod issues as { field: key of consultations.errors }, the first message per field. */
export const fieldErrors = (error: z.ZodError) => sectionErrors(error, messages.consultations.errors);

/** The same errors as catalogue keys, for the shared error summary. */
export function consultationMessageKeys(errors: FieldErrors<ConsultationErrorKey>): FieldErrors {
  return Object.fromEntries(Object.entries(errors).map(([field, key]) => [field, `consultations.errors.${key}` as const]));
}
