// Which unit of a department gets a complaint: the unit routes (db/reference/<region>/unit-routes.csv,
// table unit_routes) send a category in an area to a unit. The most specific area wins: the kelurahan,
// then its kecamatan, then its kota (NN.NN, the first two parts of a kecamatan code). A route to a unit
// of another department than the one the complaint goes to is ignored: the unit is part of the routing
// to a department, never a way around it.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

export interface UnitRoute {
  area_code: string;
  unit_id: number;
  department_id: number;
}

/** The kota (kabupaten/kota administrasi) code of a kecamatan or kelurahan code: 31.71.01 → 31.71. */
export function kotaOf(areaCode: string): string {
  return areaCode.split('.').slice(0, 2).join('.');
}

/** The unit for a complaint in this kelurahan and kecamatan going to this department, or null. Pure. */
export function chooseUnit(
  routes: readonly UnitRoute[],
  area: { kelurahan: string | null; kecamatan: string },
  departmentId: number,
): number | null {
  const order = [area.kelurahan, area.kecamatan, kotaOf(area.kecamatan)].filter((c): c is string => !!c);
  for (const code of order) {
    const r = routes.find((x) => x.area_code === code && x.department_id === departmentId);
    if (r) return r.unit_id;
  }
  return null;
}

/** Looks the unit routes up for one category and the complaint's area, and chooses among them. */
export async function unitFor(
  db: Kysely<Database>,
  categoryId: number,
  area: { kelurahan: string | null; kecamatan: string },
  departmentId: number | null,
): Promise<number | null> {
  if (departmentId === null) return null;
  const codes = [area.kelurahan, area.kecamatan, kotaOf(area.kecamatan)].filter((c): c is string => !!c);
  const rows = await db
    .selectFrom('unit_routes as r')
    .innerJoin('units as u', 'u.id', 'r.unit_id')
    .select(['r.area_code', 'r.unit_id', 'u.department_id'])
    .where('r.category_id', '=', categoryId)
    .where('r.area_code', 'in', codes)
    .where('u.active', '=', 1)
    .execute();
  return chooseUnit(
    rows.map((r) => ({ area_code: r.area_code, unit_id: Number(r.unit_id), department_id: Number(r.department_id) })),
    area,
    departmentId,
  );
}
