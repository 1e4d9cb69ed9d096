// Input of the development pages: the department/period query, plan items and plan settings (zod).
// Messages are keys under development.errors.* shown beside the field.
import { z } from 'zod';
import { sectionErrors } from '../http/forms.ts';
import { id as messages } from '../../i18n/id/index.ts';
import { COMPETENCY_KINDS } from '../consultations/consultations.tables.ts';
import { BENTUK, JALUR, PLAN_STATUSES } from './development.tables.ts';
import { parseNips } from './jp-entitlement.ts';

const code = z
  .string()
  .trim()
  .max(40)
  .regex(/^[A-Za-z0-9._-]+$/);

export const planQuerySchema = z.object({
  department: code.optional().catch(undefined),
  year: z.coerce.number().int().min(2000).max(2100).optional().catch(undefined),
});

const text = (max: number, msg: string) => z.string().trim().max(max, { message: msg }).default('');
const int = (min: number, max: number, msg: string) =>
  z
    .string({ message: msg })
    .trim()
    .regex(/^\d{1,7}$/, { message: msg })
    .transform(Number)
    .pipe(z.number().int().min(min, { message: msg }).max(max, { message: msg }));

export const planItemInput = z
  .object({
    competency: z
      .union([z.literal(''), z.string().regex(/^\d{1,9}$/)])
      .default('')
      .transform((v) => (v === '' ? null : Number(v))),
    kind: z.enum(COMPETENCY_KINDS, { message: 'kind' }),
    target: z.string({ message: 'target' }).trim().min(2, { message: 'target' }).max(200, { message: 'target' }),
    // Who the item reaches: '' or 'all' = every PNS of the department, a group id, and optionally named
    // NIPs within that group (or, without a group, within the PNS in no named group). The head count
    // (target_count) follows from it; a posted target_count is ignored.
    target_group: z
      .string()
      .trim()
      .default('')
      .refine((v) => v === '' || v === 'all' || /^\d{1,9}$/.test(v), { message: 'targetGroup' })
      .transform((v) => (v === '' || v === 'all' ? null : Number(v))),
    target_nips: z
      .string()
      .max(2000, { message: 'nips' })
      .default('')
      .transform((v, ctx) => {
        const nips = parseNips(v);
        if (nips === null) {
          ctx.addIssue({ code: 'custom', message: 'nips' });
          return z.NEVER;
        }
        return nips;
      }),
    jalur: z.enum(JALUR, { message: 'jalur' }),
    bentuk: z.string({ message: 'bentuk' }).trim(),
    // JP: whole hours of learning, positive; one activity of more than 200 JP is a typing error.
    jp: int(1, 200, 'jp'),
    provider: text(200, 'tooLong'),
    schedule: text(100, 'tooLong'),
    curriculum: text(200, 'tooLong'),
    // Rupiah; dots and spaces as thousands separators are accepted ("1.500.000").
    budget: z
      .string()
      .trim()
      .default('')
      .transform((v) => v.replace(/[.\s]/g, ''))
      .refine((v) => v === '' || /^\d{1,13}$/.test(v), { message: 'budget' })
      .transform((v) => (v === '' ? null : Number(v))),
    notes: text(500, 'tooLong'),
  })
  .superRefine((v, ctx) => {
    if (!BENTUK[v.jalur].includes(v.bentuk)) ctx.addIssue({ code: 'custom', path: ['bentuk'], message: 'bentuk' });
  });

export type PlanItemInput = z.infer<typeof planItemInput>;

export const planSettingsInput = z.object({
  officer_count: int(0, 100_000, 'officerCount'),
});

export const planGroupInput = z.object({
  group_name: z.string({ message: 'groupName' }).trim().min(2, { message: 'groupName' }).max(200, { message: 'groupName' }),
  head_count: int(1, 100_000, 'headCount'),
});

/** The plan's version a form was rendered with; absent = no check (older forms, scripts). */
export const formPlanVersion = (v: string | undefined): number | undefined =>
  v !== undefined && /^\d{1,9}$/.test(v) ? Number(v) : undefined;

export const planStatusInput = z.object({ status: z.enum(PLAN_STATUSES, { message: 'status' }) });

/** A key of development.errors, the messages of these forms. */
export type DevelopmentErrorKey = keyof typeof messages.development.errors;

/** zod issues as { field: key of development.errors }, the first message per field. */
export const fieldErrors = (error: z.ZodError) => sectionErrors(error, messages.development.errors);
