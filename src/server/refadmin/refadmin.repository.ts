// Queries of the reference-data admin pages (writes; the reads shared with other pages live in reference.repository.ts).
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

type Conn = Kysely<Database>;

export async function upsertHoliday(db: Conn, h: { date: string; name: string; kind: 'libur_nasional' | 'cuti_bersama' | 'libur_daerah' }) {
  await db
    .insertInto('holidays')
    .values(h)
    .onConflict((oc) => oc.column('date').doUpdateSet({ name: h.name, kind: h.kind }))
    .execute();
}

export async function deleteHoliday(db: Conn, date: string): Promise<boolean> {
  const r = await db.deleteFrom('holidays').where('date', '=', date).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function findDepartment(db: Conn, code: string) {
  return db.selectFrom('departments').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function findCategory(db: Conn, code: string) {
  return db.selectFrom('categories').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function listRoutingRules(db: Conn) {
  return db
    .selectFrom('routing_rules as r')
    .innerJoin('categories as c', 'c.id', 'r.category_id')
    .innerJoin('areas as a', 'a.code', 'r.kecamatan_code')
    .innerJoin('departments as d', 'd.id', 'r.department_id')
    .select([
      'r.id',
      'c.code as category_code',
      'c.name_id as category_name_id',
      'c.name_en as category_name_en',
      'a.code as kecamatan_code',
      'a.common_name as kecamatan_name',
      'd.code as department_code',
      'd.short_name as department_name',
    ])
    .orderBy('c.code')
    .orderBy('a.common_name')
    .execute();
}

export async function findArea(db: Conn, code: string) {
  return db.selectFrom('areas').selectAll().where('code', '=', code).executeTakeFirst();
}
