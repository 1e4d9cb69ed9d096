// Queries over the reference configuration: departments, categories, areas, holidays, settings.
import type { Db } from '../db/index.ts';

export async function getSettings(db: Db): Promise<Map<string, string>> {
  const rows = await db.selectFrom('settings').select(['key', 'value']).execute();
  return new Map(rows.map((r) => [r.key, r.value]));
}

export async function setSetting(db: Db, key: string, value: string): Promise<void> {
  await db
    .insertInto('settings')
    .values({ key, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}

export async function listDepartments(db: Db, opts: { activeOnly?: boolean } = {}) {
  let q = db.selectFrom('departments').selectAll().orderBy('name');
  if (opts.activeOnly) q = q.where('active', '=', 1);
  return q.execute();
}

export async function findDepartmentByCode(db: Db, code: string) {
  return db.selectFrom('departments').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function findDepartmentById(db: Db, id: number) {
  return db.selectFrom('departments').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listTopics(db: Db) {
  return db.selectFrom('topics').selectAll().orderBy('sort_order').execute();
}

export async function listCategories(db: Db, opts: { activeOnly?: boolean } = {}) {
  let q = db
    .selectFrom('categories')
    .leftJoin('departments', 'departments.id', 'categories.department_id')
    .selectAll('categories')
    .select(['departments.code as department_code', 'departments.short_name as department_short_name'])
    .orderBy('categories.sort_order');
  if (opts.activeOnly) q = q.where('categories.active', '=', 1);
  return q.execute();
}

export async function listAreas(db: Db) {
  return db.selectFrom('areas').selectAll().orderBy('level').orderBy('code').execute();
}

export async function listHolidays(db: Db, fromDate?: string, toDate?: string) {
  let q = db.selectFrom('holidays').selectAll().orderBy('date');
  if (fromDate) q = q.where('date', '>=', fromDate);
  if (toDate) q = q.where('date', '<=', toDate);
  return q.execute();
}
