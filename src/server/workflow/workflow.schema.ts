// Input schemas of the workflow forms (staff actions, reporter follow-up, templates). Messages are i18n keys.
import { z } from 'zod';

const text = (min: number) =>
  z
    .string({ error: 'workflow.errors.noteRequired' })
    .trim()
    .min(min, 'workflow.errors.noteRequired')
    .max(4000, 'workflow.errors.noteTooLong');

export const assignSchema = z.object({
  assignee: z.coerce
    .number({ error: 'workflow.errors.assigneeRequired' })
    .int('workflow.errors.assigneeRequired')
    .positive('workflow.errors.assigneeRequired'),
});
export const respondSchema = z.object({ note: text(10) });
export const noteSchema = z.object({ note: text(3) });
export const transferSchema = z.object({
  department: z.string({ error: 'workflow.errors.departmentRequired' }).min(1, 'workflow.errors.departmentRequired').max(32),
  note: text(10),
});
export const prioritySchema = z.object({
  priority: z.enum(['low', 'normal', 'high', 'urgent'], { error: 'workflow.errors.priorityRequired' }),
});
/** An optional decimal coordinate of the resolve form (the officer's point, for the location check). */
const point = (min: number, max: number) =>
  z
    .string()
    .trim()
    .max(20)
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return undefined;
      const n = Number(v.replace(',', '.'));
      if (!/^-?\d{1,3}([.,]\d{1,8})?$/.test(v) || !(n >= min && n <= max)) {
        ctx.addIssue({ code: 'custom', message: 'credit.resolve.pointInvalid' });
        return z.NEVER;
      }
      return n;
    });
export const resolveSchema = z.object({ note: text(10), latitude: point(-90, 90), longitude: point(-180, 180) }).superRefine((v, ctx) => {
  if ((v.latitude === undefined) !== (v.longitude === undefined))
    ctx.addIssue({ code: 'custom', path: ['latitude'], message: 'credit.resolve.pointInvalid' });
});
export const duplicateSchema = z.object({
  duplicate_of: z
    .string({ error: 'workflow.errors.duplicateNotFound' })
    .trim()
    .min(5, 'workflow.errors.duplicateNotFound')
    .max(20, 'workflow.errors.duplicateNotFound'),
  note: text(10),
});

/**
 * The complaint version a staff form was rendered with (a hidden field): the command conflicts when the
 * complaint has another one. Absent (an older page, a script) means "no stale-page check"; the command
 * still compares-and-sets on what it reads.
 */
export function formVersion(raw: string | undefined): number | undefined {
  if (raw === undefined || !/^\d{1,9}$/.test(raw)) return undefined;
  return Number(raw);
}

export const disputeSchema = z.object({ note: text(10) });
export const rateSchema = z.object({
  score: z.coerce
    .number({ error: 'workflow.errors.scoreRequired' })
    .int('workflow.errors.scoreRequired')
    .min(1, 'workflow.errors.scoreRequired')
    .max(5, 'workflow.errors.scoreRequired'),
  comment: z
    .string()
    .trim()
    .max(1000, 'workflow.errors.noteTooLong')
    .optional()
    .transform((v) => v ?? ''),
});
export const infoSchema = z.object({ note: text(3) });

export const templateSchema = z.object({
  category: z.string({ error: 'workflow.errors.categoryRequired' }).min(1, 'workflow.errors.categoryRequired').max(40),
  title: z.string({ error: 'workflow.errors.nameRequired' }).trim().min(1, 'workflow.errors.nameRequired').max(120),
  body: text(10),
});
