// Input schemas of complaint forms. Messages are i18n keys, translated by the page.
import { z } from 'zod';
import { PRIVACY_LEVELS, REJECTION_REASONS } from './complaint-states.ts';
import { normaliseIndonesianPhone } from './phone.ts';

const optionalText = (max: number, msg: string) =>
  z
    .string()
    .trim()
    .max(max, msg)
    .optional()
    .transform((v) => (v ? v : undefined));

const coordinate = (min: number, max: number) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (!v) return undefined;
      const n = Number(v.replace(',', '.'));
      if (!Number.isFinite(n) || n < min || n > max) {
        ctx.addIssue({ code: 'custom', message: 'complaints.errors.coordinate' });
        return z.NEVER;
      }
      return Math.round(n * 1e6) / 1e6;
    });

export const newComplaintSchema = z
  .object({
    category: z.string({ error: 'complaints.errors.categoryRequired' }).min(1, 'complaints.errors.categoryRequired').max(40),
    title: z
      .string({ error: 'complaints.errors.titleRequired' })
      .trim()
      .min(5, 'complaints.errors.titleLength')
      .max(160, 'complaints.errors.titleLength'),
    description: z
      .string({ error: 'complaints.errors.descriptionRequired' })
      .trim()
      .min(20, 'complaints.errors.descriptionLength')
      .max(5000, 'complaints.errors.descriptionLength'),
    /** The kota of a region with a kota level (Jakarta); checked against the kelurahan when given. */
    kota: optionalText(20, 'complaints.errors.areaRequired').optional(),
    kecamatan: optionalText(20, 'complaints.errors.areaRequired'),
    kelurahan: z.string({ error: 'complaints.errors.areaRequired' }).min(1, 'complaints.errors.areaRequired').max(20),
    address: optionalText(300, 'complaints.errors.addressLength'),
    latitude: coordinate(-90, 90),
    longitude: coordinate(-180, 180),
    privacy: z.enum(PRIVACY_LEVELS, { error: 'complaints.errors.privacyRequired' }),
    show_name: z
      .string()
      .optional()
      .transform((v) => v === '1' || v === 'on'),
    name: optionalText(120, 'complaints.errors.nameLength'),
    email: z
      .string()
      .trim()
      .max(254)
      .optional()
      .transform((v) => (v ? v.toLowerCase() : undefined))
      .pipe(z.email({ error: 'complaints.errors.email' }).optional()),
    phone: z
      .string()
      .trim()
      .max(30)
      .optional()
      .transform((v, ctx) => {
        if (!v) return undefined;
        const p = normaliseIndonesianPhone(v);
        if (!p) {
          ctx.addIssue({ code: 'custom', message: 'complaints.errors.phone' });
          return z.NEVER;
        }
        return p;
      }),
  })
  .superRefine((v, ctx) => {
    if ((v.latitude === undefined) !== (v.longitude === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['latitude'], message: 'complaints.errors.coordinatePair' });
    }
  });

export type NewComplaintInput = z.output<typeof newComplaintSchema>;

export const routeSchema = z.object({
  department: z.string({ error: 'complaints.errors.departmentRequired' }).min(1, 'complaints.errors.departmentRequired').max(32),
  category: z.string().max(40).optional(),
  note: z.string().trim().max(1000).optional(),
});

export const rejectSchema = z
  .object({
    reason: z.enum(REJECTION_REASONS, { error: 'complaints.errors.reasonRequired' }),
    duplicate_of: z.string().trim().max(20).optional(),
    note: z.string({ error: 'complaints.errors.rejectNoteRequired' }).trim().min(10, 'complaints.errors.rejectNoteRequired').max(1000),
  })
  .superRefine((v, ctx) => {
    if (v.reason === 'duplicate' && !v.duplicate_of) {
      ctx.addIssue({ code: 'custom', path: ['duplicate_of'], message: 'complaints.errors.duplicateRequired' });
    }
  });

export const privacySchema = z.object({
  privacy: z.enum(PRIVACY_LEVELS, { error: 'complaints.errors.privacyRequired' }),
  note: z.string().trim().max(1000).optional(),
});

export const trackSchema = z.object({
  code: z
    .string({ error: 'complaints.errors.codeRequired' })
    .trim()
    .min(1, 'complaints.errors.codeRequired')
    .max(30, 'complaints.errors.codeFormat'),
  key: z.string().trim().max(40).optional(),
});
