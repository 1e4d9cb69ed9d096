// The survey engine (DESIGN §9): surveys of a department (staff-built questionnaires and the SKM of
// PermenPANRB 14/2017), their sections and questions, and the responses. Responses are never linked
// to an account, an address or a time finer than the day: `survey_responses` holds the survey and the
// date only; who took part (for "once per resident") is in `survey_participants`, which has no link to
// the response; invitations keep only a hash of their one-time token and the day it was used.
// `skm_follow_ups` is the published rencana tindak lanjut per weak unsur; `skm_complaint_invites`
// remembers that a closed complaint's reporter was invited once (no link to any answer).
import type { Kysely } from 'kysely';
import { addFlag, checkIn, time, withId } from '../migration-kit.ts';

export async function up(db: Kysely<any>): Promise<void> {
  const surveys = withId(db, db.schema.createTable('surveys'))
    .addColumn('department_id', 'integer', (c) => c.references('departments.id'))
    .addColumn('kind', 'varchar(10)', (c) => c.notNull().check(checkIn('kind', ['general', 'skm'])))
    .addColumn('title', 'varchar(200)', (c) => c.notNull())
    .addColumn('intro', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('audience', 'varchar(10)', (c) => c.notNull().check(checkIn('audience', ['public', 'residents', 'invited'])))
    .addColumn('state', 'varchar(10)', (c) => c.notNull().defaultTo('draft').check(checkIn('state', ['draft', 'open', 'closed'])))
    .addColumn('opens_on', 'varchar(10)')
    .addColumn('closes_on', 'varchar(10)')
    .addColumn('period', 'varchar(20)')
    .addColumn('population', 'integer')
    .addColumn('copied_from', 'integer', (c) => c.references('surveys.id').onDelete('set null'))
    .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('updated_at', time, (c) => c.notNull());
  await surveys.execute();
  await db.schema.createIndex('surveys_department_idx').on('surveys').columns(['department_id', 'kind']).execute();

  await withId(db, db.schema.createTable('survey_sections'))
    .addColumn('survey_id', 'integer', (c) => c.notNull().references('surveys.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('title', 'varchar(200)', (c) => c.notNull())
    .addColumn('intro', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema.createIndex('survey_sections_survey_idx').on('survey_sections').column('survey_id').execute();

  await addFlag(withId(db, db.schema.createTable('survey_questions'))
    .addColumn('survey_id', 'integer', (c) => c.notNull().references('surveys.id').onDelete('cascade'))
    .addColumn('section_id', 'integer', (c) => c.notNull().references('survey_sections.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('kind', 'varchar(12)', (c) => c.notNull().check(checkIn('kind', ['single', 'multiple', 'scale', 'short_text', 'long_text', 'number', 'date'])))
    .addColumn('label', 'varchar(500)', (c) => c.notNull())
    .addColumn('help', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('options', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('scale_max', 'integer')
    .addColumn('scale_low', 'varchar(100)', (c) => c.notNull().defaultTo(''))
    .addColumn('scale_high', 'varchar(100)', (c) => c.notNull().defaultTo(''))
    .addColumn('show_if_question_id', 'integer', (c) => c.references('survey_questions.id').onDelete('set null'))
    .addColumn('show_if_value', 'varchar(200)')
    .addColumn('code', 'varchar(40)'), 'required', 0)
    .execute();
  await db.schema.createIndex('survey_questions_survey_idx').on('survey_questions').columns(['survey_id', 'section_id']).execute();

  await withId(db, db.schema.createTable('survey_responses'))
    .addColumn('survey_id', 'integer', (c) => c.notNull().references('surveys.id').onDelete('cascade'))
    .addColumn('submitted_on', 'varchar(10)', (c) => c.notNull())
    // The random id of the filled form (public surveys): a repeated POST files once.
    .addColumn('form_id', 'varchar(32)', (c) => c.unique())
    .execute();
  await db.schema.createIndex('survey_responses_survey_idx').on('survey_responses').column('survey_id').execute();

  await withId(db, db.schema.createTable('survey_answers'))
    .addColumn('response_id', 'integer', (c) => c.notNull().references('survey_responses.id').onDelete('cascade'))
    .addColumn('question_id', 'integer', (c) => c.notNull().references('survey_questions.id').onDelete('cascade'))
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('survey_answers_response_idx').on('survey_answers').column('response_id').execute();
  await db.schema.createIndex('survey_answers_question_idx').on('survey_answers').column('question_id').execute();

  await db.schema
    .createTable('survey_participants')
    .addColumn('survey_id', 'integer', (c) => c.notNull().references('surveys.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('survey_participants_pk', ['survey_id', 'user_id'])
    .execute();

  await withId(db, db.schema.createTable('survey_invitations'))
    .addColumn('survey_id', 'integer', (c) => c.notNull().references('surveys.id').onDelete('cascade'))
    .addColumn('token_hash', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('used_on', 'varchar(10)')
    .addColumn('created_on', 'varchar(10)', (c) => c.notNull())
    .execute();

  await addFlag(withId(db, db.schema.createTable('skm_follow_ups'))
    .addColumn('survey_id', 'integer', (c) => c.notNull().references('surveys.id').onDelete('cascade'))
    .addColumn('unsur', 'varchar(4)', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target_date', 'varchar(10)')
    .addColumn('status', 'varchar(12)', (c) => c.notNull().defaultTo('planned').check(checkIn('status', ['planned', 'in_progress', 'done'])))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_at', time, (c) => c.notNull()), 'published', 0)
    .execute();
  await db.schema.createIndex('skm_follow_ups_survey_idx').on('skm_follow_ups').column('survey_id').execute();

  await db.schema
    .createTable('skm_complaint_invites')
    .addColumn('complaint_id', 'integer', (c) => c.primaryKey().references('complaints.id').onDelete('cascade'))
    .addColumn('created_at', time, (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['skm_complaint_invites', 'skm_follow_ups', 'survey_invitations', 'survey_participants', 'survey_answers', 'survey_responses', 'survey_questions', 'survey_sections', 'surveys']) {
    await db.schema.dropTable(t).execute();
  }
}
