// Input schemas of the collaboration forms. Messages are i18n keys.
import { z } from 'zod';

const text = (min: number, key: string) => z.string({ error: key }).trim().min(min, key).max(2000, 'collaboration.errors.textTooLong');

export const requestSupportSchema = z.object({
  department: z.string({ error: 'collaboration.errors.departmentRequired' }).min(1, 'collaboration.errors.departmentRequired').max(32),
  task: text(10, 'collaboration.errors.taskRequired'),
  days: z.coerce
    .number({ error: 'collaboration.errors.daysRequired' })
    .int('collaboration.errors.daysRequired')
    .min(1, 'collaboration.errors.daysRequired')
    .max(60, 'collaboration.errors.daysRequired'),
  share_contact: z.literal('1').optional(),
});
export const acceptSupportSchema = z.object({
  assignee: z.coerce
    .number({ error: 'collaboration.errors.assigneeRequired' })
    .int('collaboration.errors.assigneeRequired')
    .positive('collaboration.errors.assigneeRequired'),
});
export const reasonSchema = z.object({ reason: text(10, 'collaboration.errors.reasonRequired') });
export const completeSupportSchema = z.object({
  note: text(10, 'collaboration.errors.noteRequired'),
  visibility: z.enum(['public', 'internal']).default('internal'),
});

/** A task id from the URL: a positive integer, else null (the page answers 404). */
export function supportId(raw: string | undefined): number | null {
  return raw !== undefined && /^[1-9]\d{0,9}$/.test(raw) && Number(raw) <= 2_147_483_647 ? Number(raw) : null;
}
