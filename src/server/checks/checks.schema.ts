// Input schemas of the resolution check forms (the checker's decision, the admin's rules). Messages are i18n keys.
import { z } from 'zod';

const id = z.coerce
  .number({ error: 'credit.checks.errors.missing' })
  .int('credit.checks.errors.missing')
  .positive('credit.checks.errors.missing')
  .max(2_000_000_000);
const version = z.coerce.number().int().min(0).max(2_000_000_000).optional();

export const acceptSchema = z.object({ check: id, version });
export const returnSchema = z.object({
  check: id,
  version,
  reason: z
    .string({ error: 'credit.checks.errors.reasonRequired' })
    .trim()
    .min(10, 'credit.checks.errors.reasonRequired')
    .max(2000, 'credit.checks.errors.reasonTooLong'),
});

export const categoryRulesSchema = z.object({
  photo_required: z
    .literal('1')
    .optional()
    .transform((v) => v === '1'),
  distance_m: z
    .string()
    .trim()
    .max(6)
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return null;
      const n = Number(v);
      if (!/^\d{1,6}$/.test(v) || n < 10 || n > 100_000) {
        ctx.addIssue({ code: 'custom', message: 'credit.rules.distanceInvalid' });
        return z.NEVER;
      }
      return n;
    }),
});

export const checkShareSchema = z.object({
  share: z.coerce
    .number({ error: 'credit.rules.shareInvalid' })
    .int('credit.rules.shareInvalid')
    .min(0, 'credit.rules.shareInvalid')
    .max(100, 'credit.rules.shareInvalid'),
});
