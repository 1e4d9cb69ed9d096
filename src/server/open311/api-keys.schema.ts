// Input of the admin's API key form: a label and the key's own per-minute limit.
import { z } from 'zod';

export const apiKeyCreateSchema = z.object({
  label: z.string({ error: 'open311.keys.errors.label' }).trim().min(1, 'open311.keys.errors.label').max(120, 'open311.keys.errors.label'),
  per_minute: z.coerce
    .number({ error: 'open311.keys.errors.perMinute' })
    .int('open311.keys.errors.perMinute')
    .min(1, 'open311.keys.errors.perMinute')
    .max(10_000, 'open311.keys.errors.perMinute'),
});

export const apiKeyRevokeSchema = z.object({ id: z.coerce.number().int().positive() });
