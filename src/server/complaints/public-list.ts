// The public complaint list: filters parsed from the query string, one page of rows without personal data.
import { z } from 'zod';
import type { Db } from '../db/index.ts';
import { fromDbTime } from '../db/values.ts';
import { localized, type Locale } from '../../i18n/index.ts';
import { COMPLAINT_STATES, type ComplaintState } from './complaint-states.ts';
import { countPublicComplaints, listPublicComplaints } from './complaints.repository.ts';
import { countSupportersByCode } from '../supporters/supporters.repository.ts';

export const PAGE_SIZE = 20;

const filterSchema = z.object({
  category: z
    .string()
    .max(40)
    .regex(/^[a-z0-9-]+$/)
    .optional()
    .catch(undefined),
  department: z
    .string()
    .max(32)
    .regex(/^[A-Z0-9_-]+$/)
    .optional()
    .catch(undefined),
  /** A kota/kabupaten administrasi code (NN.NN) in a region with a kota level. */
  kota: z
    .string()
    .regex(/^\d{2}\.\d{2}$/)
    .optional()
    .catch(undefined),
  kecamatan: z
    .string()
    .max(20)
    .regex(/^[0-9.]+$/)
    .optional()
    .catch(undefined),
  state: z.enum(COMPLAINT_STATES).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10000).catch(1),
});

export type PublicListQuery = z.output<typeof filterSchema>;

export function parsePublicListQuery(params: URLSearchParams): PublicListQuery {
  const raw = Object.fromEntries([...params.entries()].filter(([, v]) => v !== ''));
  return filterSchema.parse(raw);
}

export interface PublicListItem {
  code: string;
  title: string;
  state: ComplaintState;
  categoryName: string;
  kecamatanName: string;
  departmentName: string | null;
  submittedAt: Date;
  /** "Dukung" count (src/server/supporters). */
  supporters: number;
}

export async function publicComplaintPage(db: Db, q: PublicListQuery, locale: Locale) {
  const filter = { category: q.category, department: q.department, kota: q.kota, kecamatan: q.kecamatan, state: q.state };
  const [rows, total] = await Promise.all([
    listPublicComplaints(db, filter, { limit: PAGE_SIZE, offset: (q.page - 1) * PAGE_SIZE }),
    countPublicComplaints(db, filter),
  ]);
  const supporters = await countSupportersByCode(
    db,
    rows.map((r) => r.code),
  );
  const items: PublicListItem[] = rows.map((r) => ({
    code: r.code,
    title: r.title,
    state: r.state,
    categoryName: localized({ name_id: r.category_name_id, name_en: r.category_name_en }, 'name', locale),
    kecamatanName: r.kecamatan_name,
    departmentName: r.department_name,
    submittedAt: fromDbTime(r.submitted_at),
    supporters: supporters.get(r.code) ?? 0,
  }));
  return { items, total, page: q.page, pages: Math.max(1, Math.ceil(total / PAGE_SIZE)) };
}
