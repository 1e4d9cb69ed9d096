// Row types of the reference configuration tables (db/migrations/2026_11_22_1400_reference.ts).
import type { Generated } from 'kysely';
import type { DbBool, DbTime } from '../db/values.ts';

export interface DepartmentsTable {
  id: Generated<number>;
  code: string;
  name: string;
  short_name: string;
  active: Generated<DbBool>;
  created_at: DbTime;
}

export interface TopicsTable {
  code: string;
  name_id: string;
  name_en: string;
  sort_order: Generated<number>;
}

export interface CategoriesTable {
  id: Generated<number>;
  code: string;
  topic_code: string;
  name_id: string;
  name_en: string;
  description_id: Generated<string>;
  description_en: Generated<string>;
  department_id: number | null;
  response_days: number;
  resolution_days: number;
  sort_order: Generated<number>;
  auto_route: Generated<DbBool>;
  active: Generated<DbBool>;
  created_at: DbTime;
  /** Resolution checks (2026_12_04_0400): an "after" photo is required to resolve. */
  resolution_photo_required: Generated<DbBool>;
  /** Resolution checks: flag a resolution reported farther than this (metres) from the complaint; null = no check. */
  resolution_distance_m: number | null;
}

export type AreaLevel = 'kecamatan' | 'kelurahan' | 'desa';

export interface AreasTable {
  code: string;
  name: string;
  common_name: string;
  level: AreaLevel;
  parent_code: string | null;
  city: string;
}

export type HolidayKind = 'libur_nasional' | 'cuti_bersama' | 'libur_daerah';

export interface HolidaysTable {
  date: string;
  name: string;
  kind: HolidayKind;
}

export interface SettingsTable {
  key: string;
  value: string;
}

export interface ReferenceLoadsTable {
  region: string;
  checksum: string;
  loaded_at: DbTime;
}

export interface ReferenceTables {
  departments: DepartmentsTable;
  topics: TopicsTable;
  categories: CategoriesTable;
  areas: AreasTable;
  holidays: HolidaysTable;
  settings: SettingsTable;
  reference_loads: ReferenceLoadsTable;
}
