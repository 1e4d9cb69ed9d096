// The four groups a complaint counts in on the reports (department, category, kecamatan, officer) and
// the one mapping between them and the columns of the complaints and of the stored report tables.
import type { Cell } from './durations.tables.ts';

/**
 * A missing department or officer in the stored report tables (the month rollup, the duration and open
 * cells): their group columns are part of a primary key, which cannot hold null. Only the SQL boundary
 * sees it (the migrations' triggers write the same value); in TypeScript a missing group is null.
 */
export const NO_GROUP_ID = -1;

/** The groups of a complaint; a complaint not yet routed has no department, one not yet assigned no officer. */
export interface GroupKeys {
  department: number | null;
  category: number;
  kecamatan: string;
  officer: number | null;
}

/** The group columns, as they come from complaints (null when missing) or a stored table (NO_GROUP_ID). */
export interface GroupColumns {
  department_id: unknown;
  category_id: unknown;
  kecamatan_code: unknown;
  assignee_user_id: unknown;
}

const idOrNull = (v: unknown): number | null => (v === null || v === undefined || Number(v) === NO_GROUP_ID ? null : Number(v));

/** The groups of a row of complaints or of any stored report table. */
export function groupKeysOf(row: GroupColumns): GroupKeys {
  return {
    department: idOrNull(row.department_id),
    category: Number(row.category_id),
    kecamatan: String(row.kecamatan_code),
    officer: idOrNull(row.assignee_user_id),
  };
}

/** The stored form of a row's groups (a missing department or officer is NO_GROUP_ID). */
export function cellOf(row: GroupColumns): Cell {
  const keys = groupKeysOf(row);
  return {
    department_id: keys.department ?? NO_GROUP_ID,
    category_id: keys.category,
    kecamatan_code: keys.kecamatan,
    assignee_user_id: keys.officer ?? NO_GROUP_ID,
  };
}

/** A cell as a map key. */
export const cellKey = (c: Cell): string => `${c.department_id}|${c.category_id}|${c.kecamatan_code}|${c.assignee_user_id}`;
