// Units inside departments (issue 24): a department may have units — bidang, UPT, a Suku Dinas per
// kota administrasi (Jakarta), kecamatan and kelurahan offices — that do its work in part of the region.
// - units: one row per unit, unique code; area_code names the area it serves (a kota code NN.NN, a
//   kecamatan or a kelurahan code), or null for a unit that serves the whole region. Not a foreign key:
//   a kota code has no row in areas.
// - unit_routes: a category in an area goes to a unit (of the category's department). The filing
//   service picks the most specific route (kelurahan, then its kecamatan, then its kota).
// - users.unit_id: the unit a staff member belongs to (set by an admin); null = the department as a whole.
// - complaints.unit_id: the unit handling it; null = the department as a whole. Cleared or re-derived
//   when the complaint changes department.
import type { Kysely } from 'kysely';
import { addFlag, checkIn, time, withId } from '../migration-kit.ts';

const KINDS = ['bidang', 'upt', 'suku_dinas', 'kecamatan_office', 'kelurahan_office'];

export async function up(db: Kysely<any>): Promise<void> {
  await addFlag(
    withId(db, db.schema.createTable('units'))
      .addColumn('department_id', 'integer', (c) => c.notNull().references('departments.id'))
      .addColumn('code', 'varchar(40)', (c) => c.notNull().unique())
      .addColumn('name', 'varchar(200)', (c) => c.notNull())
      .addColumn('kind', 'varchar(20)', (c) => c.notNull().check(checkIn('kind', KINDS)))
      .addColumn('area_code', 'varchar(20)')
      .addColumn('created_at', time, (c) => c.notNull()),
    'active',
    1,
  ).execute();
  await db.schema.createIndex('units_department_idx').on('units').column('department_id').execute();

  await withId(db, db.schema.createTable('unit_routes'))
    .addColumn('category_id', 'integer', (c) => c.notNull().references('categories.id'))
    .addColumn('area_code', 'varchar(20)', (c) => c.notNull())
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id').onDelete('cascade'))
    .addColumn('created_at', time, (c) => c.notNull())
    .addUniqueConstraint('unit_routes_category_area_uq', ['category_id', 'area_code'])
    .execute();

  await db.schema.alterTable('users').addColumn('unit_id', 'integer', (c) => c.references('units.id').onDelete('set null')).execute();
  await db.schema.alterTable('complaints').addColumn('unit_id', 'integer', (c) => c.references('units.id').onDelete('set null')).execute();
  await db.schema.createIndex('complaints_unit_idx').on('complaints').columns(['unit_id', 'state']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('complaints_unit_idx').execute();
  await db.schema.alterTable('complaints').dropColumn('unit_id').execute();
  await db.schema.alterTable('users').dropColumn('unit_id').execute();
  await db.schema.dropTable('unit_routes').execute();
  await db.schema.dropTable('units').execute();
}
