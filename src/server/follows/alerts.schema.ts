// The area alert form: an address and at least one of kecamatan, kelurahan, category (codes checked
// against the form's options by the page, which has them loaded).
import { z } from 'zod';

const code = (re: RegExp, max: number) => z.preprocess((v) => (v === '' ? undefined : v), z.string().max(max).regex(re).optional());

export const alertSchema = z
  .object({
    email: z
      .string()
      .trim()
      .max(254)
      .pipe(z.email({ message: 'follows.alerts.badEmail' })),
    kecamatan: code(/^[0-9.]+$/, 20),
    kelurahan: code(/^[0-9.]+$/, 20),
    category: code(/^[a-z0-9-]+$/, 40),
  })
  .refine((v) => v.kecamatan || v.kelurahan || v.category, { message: 'follows.alerts.needFilter', path: ['kecamatan'] });
