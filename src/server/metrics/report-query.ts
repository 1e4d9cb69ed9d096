// The report's query string: period and filters, parsed with zod and written back for links, so the
// report page, the drill-down lists, the charts and the exports all read the same parameters.
import { z } from 'zod';
import type { Db } from '../db/index.ts';
import { localDate } from '../calendar/calendar.ts';
import { isIsoDate } from '../db/values.ts';
import { makePeriod, periodContaining, PERIOD_KINDS, validCustomRange, type Period } from './period.ts';
import type { ReportFilters } from './metrics.repository.ts';
import { mayViewDepartment, type ReportScope } from './reports.policy.ts';
import { areaName } from '../reference/area-names.ts';

const code = z
  .string()
  .trim()
  .max(40)
  .regex(/^[A-Za-z0-9._-]+$/);
const date = z.string().refine(isIsoDate);

export const reportQuerySchema = z.object({
  period: z.enum(PERIOD_KINDS).catch('month'),
  at: date.optional().catch(undefined),
  from: date.optional().catch(undefined),
  to: date.optional().catch(undefined),
  department: code.optional().catch(undefined),
  category: code.optional().catch(undefined),
  kecamatan: code.optional().catch(undefined),
  /** A kota/kabupaten administrasi code (NN.NN) of a region with a kota level. */
  kota: z
    .string()
    .regex(/^\d{2}\.\d{2}$/)
    .optional()
    .catch(undefined),
  /** A unit code of a department, or 'none' (complaints held by the department as a whole). */
  unit: code.optional().catch(undefined),
  officer: z.coerce.number().int().positive().optional().catch(undefined),
});

export type ReportQuery = z.infer<typeof reportQuerySchema>;

export function parseReportQuery(params: URLSearchParams): ReportQuery {
  const raw: Record<string, string> = {};
  for (const k of Object.keys(reportQuerySchema.shape)) {
    const v = params.get(k);
    if (v !== null && v !== '') raw[k] = v;
  }
  return reportQuerySchema.parse(raw);
}

export function periodOf(q: ReportQuery, now: Date, timeZone: string): Period {
  if (q.period === 'custom' && q.from && q.to && validCustomRange(q.from, q.to)) return makePeriod('custom', q.from, q.to, timeZone);
  const kind = q.period === 'custom' ? 'month' : q.period;
  return periodContaining(kind, q.at ?? localDate(now, timeZone), timeZone);
}

/** The query string of a report view with some parameters changed (undefined removes one). */
export function reportHref(base: string, q: Partial<ReportQuery>, extra: Record<string, string | number | undefined> = {}): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...q, ...extra })) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `${base}?${s}` : base;
}

/** Just the period and filter parameters of a query (what links and exports carry). */
export function canonicalQuery(q: ReportQuery, period: Period): Partial<ReportQuery> {
  const out: Partial<ReportQuery> =
    period.kind === 'custom'
      ? { period: 'custom', from: period.startDate, to: period.endDate }
      : { period: period.kind, at: period.startDate };
  if (q.department) out.department = q.department;
  if (q.category) out.category = q.category;
  if (q.kecamatan) out.kecamatan = q.kecamatan;
  if (q.kota) out.kota = q.kota;
  if (q.unit) out.unit = q.unit;
  if (q.officer) out.officer = q.officer;
  return out;
}

export interface ResolvedFilters {
  filters: ReportFilters;
  labels: { department?: string; category?: string; kota?: string; kecamatan?: string; unit?: string; officer?: string };
}

/**
 * Resolves codes to ids within the viewer's scope; null when a filter names something that does
 * not exist or lies outside the scope (the page answers 404, the same as for a missing record).
 */
export async function resolveFilters(db: Db, q: ReportQuery, scope: ReportScope, locale: string): Promise<ResolvedFilters | null> {
  const filters: ReportFilters = {};
  const labels: ResolvedFilters['labels'] = {};
  if (q.department) {
    const d = await db.selectFrom('departments').select(['id', 'name']).where('code', '=', q.department).executeTakeFirst();
    if (!d || !mayViewDepartment(scope, Number(d.id))) return null;
    filters.departmentId = Number(d.id);
    labels.department = d.name;
  }
  if (q.category) {
    const c = await db.selectFrom('categories').select(['id', 'name_id', 'name_en']).where('code', '=', q.category).executeTakeFirst();
    if (!c) return null;
    filters.categoryId = Number(c.id);
    labels.category = locale === 'en' ? c.name_en : c.name_id;
  }
  if (q.kecamatan) {
    const a = await db
      .selectFrom('areas')
      .select(['code', 'name', 'common_name'])
      .where('code', '=', q.kecamatan)
      .where('level', '=', 'kecamatan')
      .executeTakeFirst();
    if (!a) return null;
    filters.kecamatanCode = a.code;
    labels.kecamatan = areaName(a);
  }
  if (q.kota) {
    // A kota exists when one of the region's kecamatan lies in it; its name is their `city`.
    const k = await db
      .selectFrom('areas')
      .select(['city'])
      .where('level', '=', 'kecamatan')
      .where('code', 'like', `${q.kota}.%`)
      .executeTakeFirst();
    if (!k) return null;
    filters.kotaCode = q.kota;
    labels.kota = k.city.trim();
  }
  if (q.unit === 'none') {
    filters.unitId = 'none';
    labels.unit = 'none';
  } else if (q.unit) {
    // A unit of a department in the viewer's scope; its figures add up to its department's.
    const u = await db.selectFrom('units').select(['id', 'name', 'department_id']).where('code', '=', q.unit).executeTakeFirst();
    if (!u || !mayViewDepartment(scope, Number(u.department_id))) return null;
    if (filters.departmentId !== undefined && filters.departmentId !== Number(u.department_id)) return null;
    filters.unitId = Number(u.id);
    labels.unit = u.name;
  }
  if (q.officer) {
    const u = await db.selectFrom('users').select(['id', 'name', 'department_id', 'role']).where('id', '=', q.officer).executeTakeFirst();
    if (
      !u ||
      (u.role !== 'officer' && u.role !== 'manager') ||
      !mayViewDepartment(scope, u.department_id === null ? null : Number(u.department_id))
    )
      return null;
    filters.assigneeUserId = Number(u.id);
    labels.officer = u.name;
  }
  return { filters, labels };
}
