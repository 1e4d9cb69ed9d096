// Development priorities (DESIGN.md §6): which competencies each complaint category's failures point
// at, more catalogue entries for that mapping, and the draft training plans (Rencana Pengembangan
// Kompetensi) per department and year with their items.
import { sql, type Kysely } from 'kysely';
import { checkIn, checkPositive, time, withId } from '../migration-kit.ts';

const KINDS = ['teknis', 'manajerial', 'sosial_kultural'];
const PLAN_STATUSES = ['draft', 'final'];
const JALUR = ['klasikal', 'nonklasikal'];

// Technical competencies the Palembang categories point at, and three more managerial ones of the
// national dictionary; inserted only where an admin has not already used the code.
const MORE_COMPETENCIES: [string, string, string, string][] = [
  ['infrastruktur_jalan_drainase', 'Pengelolaan jalan dan drainase', 'Road and drainage management', 'teknis'],
  ['pengelolaan_lingkungan', 'Pengelolaan sampah dan lingkungan hidup', 'Waste and environmental management', 'teknis'],
  ['manajemen_lalu_lintas', 'Manajemen lalu lintas dan angkutan', 'Traffic and transport management', 'teknis'],
  ['administrasi_kependudukan', 'Administrasi kependudukan', 'Civil registration', 'teknis'],
  ['perlindungan_sosial', 'Perlindungan dan rehabilitasi sosial', 'Social protection and rehabilitation', 'teknis'],
  ['penegakan_perda', 'Penegakan peraturan daerah', 'Enforcement of local regulations', 'teknis'],
  ['manajemen_pendidikan', 'Manajemen layanan pendidikan', 'Education service management', 'teknis'],
  ['orientasi_hasil', 'Orientasi pada hasil', 'Results orientation', 'manajerial'],
  ['pengambilan_keputusan', 'Pengambilan keputusan', 'Decision making', 'manajerial'],
  ['kerja_sama', 'Kerja sama', 'Collaboration', 'manajerial'],
];

export async function up(db: Kysely<any>): Promise<void> {
  const now = Date.now();
  await db
    .insertInto('competencies')
    .values(MORE_COMPETENCIES.map(([code, name_id, name_en, kind]) => ({ code, name_id, name_en, kind, created_at: now })))
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();

  await db.schema
    .createTable('category_competencies')
    .addColumn('category_id', 'integer', (c) => c.notNull().references('categories.id').onDelete('cascade'))
    .addColumn('competency_id', 'integer', (c) => c.notNull().references('competencies.id').onDelete('cascade'))
    .addColumn('created_at', time, (c) => c.notNull())
    .addPrimaryKeyConstraint('category_competencies_pk', ['category_id', 'competency_id'])
    .execute();
  await db.schema.createIndex('category_competencies_competency_idx').on('category_competencies').column('competency_id').execute();

  await withId(db, db.schema.createTable('training_plans'))
    .addColumn('department_id', 'integer', (c) => c.notNull().references('departments.id'))
    .addColumn('year', 'integer', (c) => c.notNull().check(sql`year between 2000 and 2100`))
    .addColumn('status', 'varchar(8)', (c) => c.notNull().defaultTo('draft').check(checkIn('status', PLAN_STATUSES)))
    // Officers (PNS) of the department the plan is made for: the denominator of JP per officer.
    .addColumn('officer_count', 'integer', (c) => c.notNull().check(sql`officer_count >= 0`))
    // The priorities it was drafted from: period and the formula's weights, as text for the record.
    .addColumn('basis', 'varchar(500)', (c) => c.notNull().defaultTo(''))
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('updated_at', time, (c) => c.notNull())
    .addUniqueConstraint('training_plans_department_year', ['department_id', 'year'])
    .execute();

  await withId(db, db.schema.createTable('training_plan_items'))
    .addColumn('plan_id', 'integer', (c) => c.notNull().references('training_plans.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('competency_id', 'integer', (c) => c.references('competencies.id').onDelete('set null'))
    // Pasal 207 ayat (3) PP 11/2017 jo. PP 17/2020, letters a–g: kind, target, jalur + form,
    // provider, schedule, curriculum conformity, budget.
    .addColumn('kind', 'varchar(16)', (c) => c.notNull().check(checkIn('kind', KINDS)))
    .addColumn('target', 'varchar(200)', (c) => c.notNull())
    .addColumn('target_count', 'integer', (c) => c.notNull().check(checkPositive('target_count')))
    .addColumn('jalur', 'varchar(12)', (c) => c.notNull().check(checkIn('jalur', JALUR)))
    .addColumn('bentuk', 'varchar(30)', (c) => c.notNull())
    .addColumn('jp', 'integer', (c) => c.notNull().check(checkPositive('jp')))
    .addColumn('provider', 'varchar(200)', (c) => c.notNull().defaultTo(''))
    .addColumn('schedule', 'varchar(100)', (c) => c.notNull().defaultTo(''))
    .addColumn('curriculum', 'varchar(200)', (c) => c.notNull().defaultTo(''))
    .addColumn('budget', 'bigint', (c) => c.check(sql`budget is null or budget >= 0`))
    .addColumn('gap_score', 'varchar(20)', (c) => c.notNull().defaultTo(''))
    .addColumn('notes', 'varchar(500)', (c) => c.notNull().defaultTo(''))
    .addColumn('updated_at', time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('training_plan_items_plan_idx').on('training_plan_items').columns(['plan_id', 'position']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['training_plan_items', 'training_plans', 'category_competencies']) await db.schema.dropTable(table).execute();
  // The added catalogue entries stay: contributions may carry them as tags by now.
}
