// Row types of units inside departments and their routes (db/migrations/2026_12_05_0500_units.ts).
import type { Generated } from 'kysely';
import type { DbBool, DbTime } from '../db/values.ts';

export const UNIT_KINDS = ['bidang', 'upt', 'suku_dinas', 'kecamatan_office', 'kelurahan_office'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export interface UnitsTable {
  id: Generated<number>;
  department_id: number;
  code: string;
  name: string;
  kind: UnitKind;
  /** The area it serves: a kota (NN.NN), kecamatan or kelurahan code; null = the whole region. */
  area_code: string | null;
  active: Generated<DbBool>;
  created_at: DbTime;
}

export interface UnitRoutesTable {
  id: Generated<number>;
  category_id: number;
  /** A kota (NN.NN), kecamatan (NN.NN.NN) or kelurahan (NN.NN.NN.NNNN) code. */
  area_code: string;
  unit_id: number;
  created_at: DbTime;
}

export interface UnitTables {
  units: UnitsTable;
  unit_routes: UnitRoutesTable;
}
