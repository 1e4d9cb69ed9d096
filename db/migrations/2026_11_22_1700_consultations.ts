// Public consultations: consultations, questions, contributions with endorsements, reports and
// moderation, official responses, the competency catalogue with contribution tags, follows, and the
// outcome's commitments with their progress updates.
import { sql, type Kysely } from 'kysely';
import { addFlag, checkIn, time, withId } from '../migration-kit.ts';

const STATES = ['draft', 'open', 'closed', 'concluded'];
const AFFILIATIONS = ['akademisi', 'praktisi', 'masyarakat', 'ormas_lsm', 'dunia_usaha', 'media'];
const STANCES = ['setuju', 'netral', 'tidak_setuju'];
const REPORT_REASONS = ['spam', 'menyinggung', 'tidak_relevan'];
const HIDE_REASONS = ['spam', 'menyinggung', 'tidak_relevan', 'data_pribadi', 'lainnya'];
const COMPETENCY_KINDS = ['teknis', 'manajerial', 'sosial_kultural'];
const COMMITMENT_STATUSES = ['direncanakan', 'berjalan', 'selesai', 'dibatalkan'];

// A small starting catalogue; admins extend it on /admin/competencies.
const COMPETENCIES: [string, string, string, string][] = [
  ['pelayanan_publik', 'Pelayanan publik', 'Public service', 'manajerial'],
  ['komunikasi', 'Komunikasi', 'Communication', 'manajerial'],
  ['manajemen_waktu', 'Manajemen waktu', 'Time management', 'manajerial'],
  ['manajemen_proyek', 'Manajemen proyek', 'Project management', 'teknis'],
  ['teknologi_informasi', 'Teknologi informasi', 'Information technology', 'teknis'],
  ['kebijakan_kesehatan', 'Kebijakan kesehatan', 'Health policy', 'teknis'],
  ['perekat_bangsa', 'Perekat bangsa', 'National cohesion', 'sosial_kultural'],
];

export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('consultations'))
    .addColumn('department_id', 'integer', (c) => c.notNull().references('departments.id'))
    .addColumn('title', 'varchar(200)', (c) => c.notNull())
    .addColumn('summary', 'varchar(1000)', (c) => c.notNull())
    // Markdown source; rendered and sanitised on every read, never stored as HTML.
    .addColumn('body', 'text', (c) => c.notNull())
    // Comma-separated affiliations the department especially wants to hear from ('' = everyone).
    .addColumn('target_groups', 'varchar(200)', (c) => c.notNull().defaultTo(''))
    .addColumn('opens_at', time, (c) => c.notNull())
    .addColumn('closes_at', time, (c) => c.notNull())
    .addColumn('state', 'varchar(10)', (c) => c.notNull().defaultTo('draft').check(checkIn('state', STATES)))
    .addColumn('outcome_summary', 'text')
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('published_at', time)
    .addColumn('closed_at', time)
    .addColumn('concluded_at', time)
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('updated_at', time, (c) => c.notNull())
    .addCheckConstraint('consultations_dates_order', sql`closes_at > opens_at`)
    .execute();
  await db.schema.createIndex('consultations_department_idx').on('consultations').column('department_id').execute();
  await db.schema.createIndex('consultations_state_idx').on('consultations').columns(['state', 'closes_at']).execute();

  await withId(db, db.schema.createTable('consultation_questions'))
    .addColumn('consultation_id', 'integer', (c) => c.notNull().references('consultations.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('prompt', 'varchar(500)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('consultation_questions_idx').on('consultation_questions').columns(['consultation_id', 'position']).execute();

  await addFlag(
    withId(db, db.schema.createTable('contributions'))
      .addColumn('consultation_id', 'integer', (c) => c.notNull().references('consultations.id').onDelete('cascade'))
      .addColumn('question_id', 'integer', (c) => c.references('consultation_questions.id').onDelete('set null'))
      // One level of replies: a reply's parent is a top-level contribution (enforced by the service).
      .addColumn('parent_id', 'integer', (c) => c.references('contributions.id').onDelete('cascade'))
      .addColumn('author_user_id', 'integer', (c) => c.notNull().references('users.id'))
      // The author's affiliation when they wrote it, so later profile changes do not rewrite history.
      .addColumn('affiliation', 'varchar(20)', (c) => c.check(sql`affiliation is null or ${checkIn('affiliation', AFFILIATIONS)}`))
      .addColumn('affiliation_verified', 'integer', (c) => c.notNull().defaultTo(0).check(sql`affiliation_verified in (0, 1)`))
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('stance', 'varchar(12)', (c) => c.check(sql`stance is null or ${checkIn('stance', STANCES)}`))
      .addColumn('endorsement_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('report_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('hidden_reason', 'varchar(20)', (c) => c.check(sql`hidden_reason is null or ${checkIn('hidden_reason', HIDE_REASONS)}`))
      // 'reports' (three reports, awaiting a moderator) or 'moderator'.
      .addColumn('hidden_by', 'varchar(10)', (c) => c.check(sql`hidden_by is null or ${checkIn('hidden_by', ['reports', 'moderator'])}`))
      .addColumn('hidden_at', time)
      // Set once a moderator has decided; reports after that no longer hide it automatically.
      .addColumn('moderated_at', time)
      .addColumn('created_at', time, (c) => c.notNull()),
    'hidden',
    0,
  ).execute();
  await db.schema.createIndex('contributions_consultation_idx').on('contributions').columns(['consultation_id', 'created_at']).execute();
  await db.schema.createIndex('contributions_parent_idx').on('contributions').column('parent_id').execute();

  await db.schema
    .createTable('contribution_endorsements')
    .addColumn('contribution_id', 'integer', (c) => c.notNull().references('contributions.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', time, (c) => c.notNull())
    .addPrimaryKeyConstraint('contribution_endorsements_pk', ['contribution_id', 'user_id'])
    .execute();

  await withId(db, db.schema.createTable('contribution_reports'))
    .addColumn('contribution_id', 'integer', (c) => c.notNull().references('contributions.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('reason', 'varchar(20)', (c) => c.notNull().check(checkIn('reason', REPORT_REASONS)))
    .addColumn('created_at', time, (c) => c.notNull())
    .addUniqueConstraint('contribution_reports_once', ['contribution_id', 'user_id'])
    .execute();

  await withId(db, db.schema.createTable('moderation_decisions'))
    .addColumn('contribution_id', 'integer', (c) => c.notNull().references('contributions.id').onDelete('cascade'))
    .addColumn('moderator_user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('action', 'varchar(10)', (c) => c.notNull().check(checkIn('action', ['hide', 'restore'])))
    .addColumn('reason', 'varchar(20)', (c) => c.notNull().check(checkIn('reason', [...HIDE_REASONS, 'tidak_melanggar'])))
    .addColumn('note', 'varchar(500)', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('moderation_decisions_idx').on('moderation_decisions').column('contribution_id').execute();

  await withId(db, db.schema.createTable('official_responses'))
    .addColumn('contribution_id', 'integer', (c) => c.notNull().references('contributions.id').onDelete('cascade'))
    .addColumn('department_id', 'integer', (c) => c.notNull().references('departments.id'))
    .addColumn('author_user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('official_responses_idx').on('official_responses').column('contribution_id').execute();

  await addFlag(
    withId(db, db.schema.createTable('competencies'))
      .addColumn('code', 'varchar(40)', (c) => c.notNull().unique())
      .addColumn('name_id', 'varchar(120)', (c) => c.notNull())
      .addColumn('name_en', 'varchar(120)', (c) => c.notNull())
      .addColumn('kind', 'varchar(16)', (c) => c.notNull().check(checkIn('kind', COMPETENCY_KINDS)))
      .addColumn('created_at', time, (c) => c.notNull()),
    'active',
    1,
  ).execute();
  const now = Date.now();
  await db
    .insertInto('competencies')
    .values(COMPETENCIES.map(([code, name_id, name_en, kind]) => ({ code, name_id, name_en, kind, created_at: now })))
    .execute();

  await db.schema
    .createTable('contribution_competencies')
    .addColumn('contribution_id', 'integer', (c) => c.notNull().references('contributions.id').onDelete('cascade'))
    .addColumn('competency_id', 'integer', (c) => c.notNull().references('competencies.id'))
    .addColumn('tagged_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', time, (c) => c.notNull())
    .addPrimaryKeyConstraint('contribution_competencies_pk', ['contribution_id', 'competency_id'])
    .execute();

  await db.schema
    .createTable('consultation_follows')
    .addColumn('consultation_id', 'integer', (c) => c.notNull().references('consultations.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', time, (c) => c.notNull())
    .addPrimaryKeyConstraint('consultation_follows_pk', ['consultation_id', 'user_id'])
    .execute();

  await withId(db, db.schema.createTable('consultation_commitments'))
    .addColumn('consultation_id', 'integer', (c) => c.notNull().references('consultations.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('text', 'varchar(1000)', (c) => c.notNull())
    .addColumn('owner', 'varchar(200)', (c) => c.notNull())
    .addColumn('due_date', 'varchar(10)', (c) => c.notNull())
    .addColumn('status', 'varchar(12)', (c) => c.notNull().defaultTo('direncanakan').check(checkIn('status', COMMITMENT_STATUSES)))
    .addColumn('progress', 'integer', (c) => c.notNull().defaultTo(0).check(sql`progress between 0 and 100`))
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('updated_at', time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('consultation_commitments_idx').on('consultation_commitments').column('consultation_id').execute();

  await withId(db, db.schema.createTable('commitment_updates'))
    .addColumn('commitment_id', 'integer', (c) => c.notNull().references('consultation_commitments.id').onDelete('cascade'))
    .addColumn('status', 'varchar(12)', (c) => c.notNull().check(checkIn('status', COMMITMENT_STATUSES)))
    .addColumn('progress', 'integer', (c) => c.notNull().check(sql`progress between 0 and 100`))
    .addColumn('note', 'varchar(1000)', (c) => c.notNull().defaultTo(''))
    .addColumn('author_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('commitment_updates_idx').on('commitment_updates').column('commitment_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'commitment_updates',
    'consultation_commitments',
    'consultation_follows',
    'contribution_competencies',
    'competencies',
    'official_responses',
    'moderation_decisions',
    'contribution_reports',
    'contribution_endorsements',
    'contributions',
    'consultation_questions',
    'consultations',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
