// Reference configuration: departments, topics, categories, areas, holidays, load marker, settings.
import type { Kysely } from 'kysely';
import { addFlag, checkIn, checkPositive, time, withId } from '../migration-kit.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await addFlag(
    withId(db, db.schema.createTable('departments'))
      .addColumn('code', 'varchar(32)', (c) => c.notNull().unique())
      .addColumn('name', 'varchar(200)', (c) => c.notNull())
      .addColumn('short_name', 'varchar(60)', (c) => c.notNull())
      .addColumn('created_at', time, (c) => c.notNull()),
    'active',
    1,
  ).execute();

  await db.schema
    .createTable('topics')
    .addColumn('code', 'varchar(40)', (c) => c.primaryKey())
    .addColumn('name_id', 'varchar(120)', (c) => c.notNull())
    .addColumn('name_en', 'varchar(120)', (c) => c.notNull())
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await addFlag(
    addFlag(
      withId(db, db.schema.createTable('categories'))
        .addColumn('code', 'varchar(40)', (c) => c.notNull().unique())
        .addColumn('topic_code', 'varchar(40)', (c) => c.notNull().references('topics.code'))
        .addColumn('name_id', 'varchar(160)', (c) => c.notNull())
        .addColumn('name_en', 'varchar(160)', (c) => c.notNull())
        .addColumn('description_id', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('description_en', 'text', (c) => c.notNull().defaultTo(''))
        // The department that handles it; null means a verifier decides.
        .addColumn('department_id', 'integer', (c) => c.references('departments.id'))
        .addColumn('response_days', 'integer', (c) => c.notNull().check(checkPositive('response_days')))
        .addColumn('resolution_days', 'integer', (c) => c.notNull().check(checkPositive('resolution_days')))
        .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', time, (c) => c.notNull()),
      // Routing rule: 1 = assigned to department_id at once, 0 = verified first.
      'auto_route',
      0,
    ),
    'active',
    1,
  ).execute();

  await db.schema
    .createTable('areas')
    .addColumn('code', 'varchar(20)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(120)', (c) => c.notNull())
    .addColumn('common_name', 'varchar(120)', (c) => c.notNull())
    .addColumn('level', 'varchar(12)', (c) => c.notNull().check(checkIn('level', ['kecamatan', 'kelurahan', 'desa'])))
    .addColumn('parent_code', 'varchar(20)', (c) => c.references('areas.code'))
    .addColumn('city', 'varchar(120)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('areas_parent_idx').on('areas').column('parent_code').execute();

  await db.schema
    .createTable('holidays')
    .addColumn('date', 'varchar(10)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('kind', 'varchar(20)', (c) =>
      c.notNull().check(checkIn('kind', ['libur_nasional', 'cuti_bersama', 'libur_daerah'])),
    )
    .execute();

  await db.schema
    .createTable('settings')
    .addColumn('key', 'varchar(80)', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('reference_loads')
    .addColumn('region', 'varchar(40)', (c) => c.notNull())
    .addColumn('checksum', 'varchar(64)', (c) => c.notNull())
    .addColumn('loaded_at', time, (c) => c.notNull())
    .addPrimaryKeyConstraint('reference_loads_pk', ['region', 'checksum'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['reference_loads', 'settings', 'holidays', 'areas', 'categories', 'topics', 'departments']) {
    await db.schema.dropTable(t).execute();
  }
}
