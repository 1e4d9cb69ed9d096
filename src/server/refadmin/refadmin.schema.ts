// Input schemas of the admin forms for reference data. Messages are i18n keys.
import { z } from 'zod';
import { isIsoDate } from '../db/values.ts';

const text = (max: number, msg: string) => z.string({ error: msg }).trim().min(1, msg).max(max, msg);
const flag = z
  .string()
  .optional()
  .transform((v) => v === '1' || v === 'on');
const days = (msg: string) => z.coerce.number({ error: msg }).int(msg).min(1, msg).max(365, msg);

export const holidaySchema = z.object({
  date: z.string({ error: 'refadmin.errors.date' }).refine(isIsoDate, 'refadmin.errors.date'),
  name: text(200, 'refadmin.errors.name'),
  kind: z.enum(['libur_nasional', 'cuti_bersama', 'libur_daerah'], { error: 'refadmin.errors.kind' }),
});

export const departmentSchema = z.object({
  code: z
    .string({ error: 'refadmin.errors.code' })
    .trim()
    .toUpperCase()
    .regex(/^[A-Z0-9_]{2,32}$/, 'refadmin.errors.code'),
  name: text(200, 'refadmin.errors.name'),
  short_name: text(60, 'refadmin.errors.shortName'),
  active: flag,
});

export const categorySchema = z.object({
  code: z
    .string({ error: 'refadmin.errors.categoryCode' })
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9-]{2,40}$/, 'refadmin.errors.categoryCode'),
  topic_code: text(40, 'refadmin.errors.topic'),
  name_id: text(160, 'refadmin.errors.name'),
  name_en: text(160, 'refadmin.errors.name'),
  description_id: z.string().trim().max(1000).default(''),
  description_en: z.string().trim().max(1000).default(''),
  department: z.string().trim().max(32).optional(),
  auto_route: flag,
  response_days: days('refadmin.errors.days'),
  resolution_days: days('refadmin.errors.days'),
  active: flag,
});

export const routingRuleSchema = z.object({
  category: text(40, 'refadmin.errors.category'),
  kecamatan: text(20, 'refadmin.errors.kecamatan'),
  department: text(32, 'refadmin.errors.department'),
});

export const areaSchema = z.object({
  code: z
    .string({ error: 'refadmin.errors.areaCode' })
    .trim()
    .regex(/^\d{2}\.\d{2}\.\d{2}(\.\d{4})?$/, 'refadmin.errors.areaCode'),
  name: text(120, 'refadmin.errors.name'),
  common_name: text(120, 'refadmin.errors.name'),
  parent_code: z.string().trim().max(20).optional(),
});

export type HolidayInput = z.output<typeof holidaySchema>;
export type DepartmentInput = z.output<typeof departmentSchema>;
export type CategoryInput = z.output<typeof categorySchema>;
export type RoutingRuleInput = z.output<typeof routingRuleSchema>;
export type AreaInput = z.output<typeof areaSchema>;
