// The shape of a region folder's files (db/reference/<region>/): one zod schema per file, shared by
// the loader and region-check.
import { z } from 'zod';
import { isIsoDate } from '../db/values.ts';

export const TIME_ZONE_REGIONS = ['WIB', 'WITA', 'WIT'] as const;

export const regionSchema = z.object({
  name: z.string().min(1),
  kemendagri_code: z.string().regex(/^\d{2}(\.\d{2})?$/, 'Kemendagri code must be NN (province) or NN.NN (kabupaten/kota)'),
  tracking_prefix: z.string().regex(/^[A-Z]{2,4}$/),
  time_zone: z.enum(TIME_ZONE_REGIONS),
  portal_name: z.string().min(1),
  /** The government that runs the portal, as residents know it: "Pemerintah Kota Palembang". */
  government_name: z
    .string()
    .regex(/^Pemerintah \S/, 'must name the government, e.g. "Pemerintah Kota Palembang"')
    .optional(),
  /** Its official website; go.id is the domain only Indonesian government bodies are given. */
  government_website: z
    .url({ protocol: /^https?$/, hostname: /(^|\.)go\.id$/, error: 'must be an http(s) address on a go.id host' })
    .optional(),
  /** The rectangle the region lies in (WGS 84 degrees), derived from cited boundary data (SOURCES.md);
   * a complaint's point outside it is refused. Optional: without it the map has no bounds check. */
  bbox: z
    .object({
      south: z.number().min(-90).max(90),
      west: z.number().min(-180).max(180),
      north: z.number().min(-90).max(90),
      east: z.number().min(-180).max(180),
    })
    .strict()
    .refine((b) => b.south < b.north && b.west < b.east, 'south must be below north and west left of east')
    .optional(),
});

export const departmentRow = z.object({ code: z.string().regex(/^[A-Z0-9_]+$/), short_name: z.string().min(1), name: z.string().min(1) });
export const topicRow = z.object({
  code: z.string().min(1),
  name_id: z.string().min(1),
  name_en: z.string().min(1),
  sort_order: z.coerce.number().int(),
});
export const categoryRow = z.object({
  code: z.string().regex(/^[a-z0-9-]+$/),
  topic_code: z.string().min(1),
  department_code: z.string(),
  auto_route: z.enum(['0', '1']),
  response_days: z.coerce.number().int().positive(),
  resolution_days: z.coerce.number().int().positive(),
  name_id: z.string().min(1),
  name_en: z.string().min(1),
  description_id: z.string(),
  description_en: z.string(),
});
export const areaRow = z.object({
  code: z.string().regex(/^\d{2}(\.\d{2}){2}(\.\d{4})?$/, 'Kemendagri code must be NN.NN.NN (kecamatan) or NN.NN.NN.NNNN (kelurahan/desa)'),
  name: z.string().min(1),
  common_name: z.string().min(1),
  level: z.enum(['kecamatan', 'kelurahan', 'desa']),
  parent_code: z.string(),
  city: z.string().min(1),
});
export const holidayRow = z.object({
  date: z.string().refine(isIsoDate, 'not a date'),
  name: z.string().min(1),
  kind: z.enum(['libur_nasional', 'cuti_bersama', 'libur_daerah']),
});
export const settingRow = z.object({ key: z.string().min(1), value: z.string() });
// Which competencies a category's failures point at (DESIGN.md §6); the competencies come from the
// catalogue the migrations fill and admins extend.
export const categoryCompetencyRow = z.object({
  category_code: z.string().regex(/^[a-z0-9-]+$/),
  competency_code: z.string().regex(/^[a-z0-9_]+$/),
});

// Optional area-points.csv: one known point (the centroid of a cited boundary) per kecamatan or
// kelurahan, so a pin on the map can pre-select the nearest area (db/reference/<region>/SOURCES.md).
export const areaPointRow = z.object({
  code: z.string().regex(/^\d{2}(\.\d{2}){2}(\.\d{4})?$/, 'Kemendagri code must be NN.NN.NN or NN.NN.NN.NNNN'),
  lat: z.coerce.number().min(-90).max(90),
  lng: z.coerce.number().min(-180).max(180),
});
export const AREA_POINTS_FILE = 'area-points.csv';

// Optional units.csv and unit-routes.csv: units inside departments (a Suku Dinas per kota
// administrasi, a UPT, a kecamatan office) and which unit gets a category in an area. A region without
// them routes to departments only.
const AREA_OR_KOTA = /^\d{2}\.\d{2}(\.\d{2}(\.\d{4})?)?$/;
export const unitRow = z.object({
  code: z.string().regex(/^[A-Z0-9_-]+$/, 'a unit code is upper-case letters, digits, _ and -'),
  department_code: z.string().regex(/^[A-Z0-9_]+$/),
  kind: z.enum(['bidang', 'upt', 'suku_dinas', 'kecamatan_office', 'kelurahan_office']),
  name: z.string().min(1),
  area_code: z
    .string()
    .refine((v) => v === '' || AREA_OR_KOTA.test(v), 'Kemendagri code must be NN.NN (kota), NN.NN.NN or NN.NN.NN.NNNN, or empty'),
});
export const unitRouteRow = z.object({
  category_code: z.string().regex(/^[a-z0-9-]+$/),
  area_code: z.string().regex(AREA_OR_KOTA, 'Kemendagri code must be NN.NN (kota), NN.NN.NN or NN.NN.NN.NNNN'),
  unit_code: z.string().regex(/^[A-Z0-9_-]+$/),
});
/** The optional files, with their schemas: checked when present. */
export const OPTIONAL_REGION_TABLES = { 'units.csv': unitRow, 'unit-routes.csv': unitRouteRow } as const;

/** Every file a region folder must hold, with its schema (region.json is checked on its own). */
export const REGION_TABLES = {
  'departments.csv': departmentRow,
  'topics.csv': topicRow,
  'categories.csv': categoryRow,
  'category-competencies.csv': categoryCompetencyRow,
  'areas.csv': areaRow,
  'holidays.csv': holidayRow,
  'settings.csv': settingRow,
} as const;
export type RegionTableFile = keyof typeof REGION_TABLES;
