// seed-demo's units (a region whose reference data has them, e.g. Jakarta's Suku Dinas): the demo officers
// of a department with units are spread over its units, and each demo complaint of such a department gets
// the unit its route chooses (the most specific area wins, as unit-routing.ts does for a filed complaint).
// Regions without units are left as they are.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

export interface UnitSeedResult {
  officersInUnits: number;
  complaintsInUnits: number;
}

export async function seedUnits(db: Kysely<Database>): Promise<UnitSeedResult> {
  const units = await db.selectFrom('units').select(['id', 'department_id']).where('active', '=', 1).orderBy('id').execute();
  if (units.length === 0) return { officersInUnits: 0, complaintsInUnits: 0 };
  let officersInUnits = 0;
  for (const departmentId of new Set(units.map((u) => Number(u.department_id)))) {
    const mine = units.filter((u) => Number(u.department_id) === departmentId);
    const officers = await db
      .selectFrom('users')
      .select('id')
      .where('department_id', '=', departmentId)
      .where('role', '=', 'officer')
      .where('unit_id', 'is', null)
      .orderBy('id')
      .execute();
    // Round robin: every unit gets officers while there are some; the rest of the department keeps none.
    for (const [i, o] of officers.entries()) {
      if (i >= mine.length) break;
      await db
        .updateTable('users')
        .set({ unit_id: Number(mine[i]!.id) })
        .where('id', '=', o.id)
        .execute();
      officersInUnits++;
    }
  }
  // Routes from the widest area to the narrowest, so a narrower route's update overrides a wider one's.
  const routes = await db
    .selectFrom('unit_routes as r')
    .innerJoin('units as u', 'u.id', 'r.unit_id')
    .select(['r.category_id', 'r.area_code', 'r.unit_id', 'u.department_id'])
    .execute();
  const depth = (code: string) => code.split('.').length;
  routes.sort((a, b) => depth(a.area_code) - depth(b.area_code));
  let complaintsInUnits = 0;
  for (const r of routes) {
    let q = db
      .updateTable('complaints')
      .set({ unit_id: Number(r.unit_id) })
      .where('department_id', '=', Number(r.department_id))
      .where('category_id', '=', Number(r.category_id));
    const d = depth(r.area_code);
    q =
      d === 2
        ? q.where(sql<boolean>`kecamatan_code like ${`${r.area_code}.%`}`)
        : d === 3
          ? q.where('kecamatan_code', '=', r.area_code)
          : q.where('kelurahan_code', '=', r.area_code);
    complaintsInUnits += Number((await q.executeTakeFirst()).numUpdatedRows);
  }
  return { officersInUnits, complaintsInUnits };
}
