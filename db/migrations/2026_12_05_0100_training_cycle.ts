// The development cycle after the plan (DESIGN.md §6b, issue 20): trainings (kegiatan pengembangan
// kompetensi) delivered from a plan item or ad hoc, their participants with attendance and completion
// (JP credited only on completion), the participants' action plans (rencana tindak lanjut) reviewed by
// their manager, officers' proposals of training needs (usulan kebutuhan pengembangan), and officers'
// comments on their department's draft plan.
//
//   trainings.state: planned → running → completed → evaluated, or cancelled (with cancel_reason)
//   training_participants.status: enrolled → completed, or withdrawn
//   training_action_plans.review: null until the manager records applied | partly | not_yet
//
// Every state change is a compare-and-set on `version`. Participants are portal officers (user_id set) or
// external PNS entered by NIP and name (user_id null); NIP is unique within a training. A training's
// evaluation form is a survey of the survey engine (evaluation_survey_id), answered anonymously.
import { sql, type Kysely } from 'kysely';
import { addFlag, checkIn, checkPositive, time, withId } from '../migration-kit.ts';

const TRAINING_STATES = ['planned', 'running', 'completed', 'evaluated', 'cancelled'];
const PARTICIPANT_STATUSES = ['enrolled', 'completed', 'withdrawn'];
const REVIEWS = ['applied', 'partly', 'not_yet'];
const JALUR = ['klasikal', 'nonklasikal'];
const KINDS = ['teknis', 'manajerial', 'sosial_kultural'];

export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('trainings'))
    // null: a training for several departments (run by BKPSDM).
    .addColumn('department_id', 'integer', (c) => c.references('departments.id'))
    .addColumn('plan_item_id', 'integer', (c) => c.references('training_plan_items.id').onDelete('set null'))
    .addColumn('year', 'integer', (c) => c.notNull().check(sql`year between 2000 and 2100`))
    .addColumn('title', 'varchar(200)', (c) => c.notNull())
    .addColumn('competency_id', 'integer', (c) => c.references('competencies.id').onDelete('set null'))
    .addColumn('kind', 'varchar(16)', (c) => c.notNull().check(checkIn('kind', KINDS)))
    .addColumn('jalur', 'varchar(12)', (c) => c.notNull().check(checkIn('jalur', JALUR)))
    .addColumn('bentuk', 'varchar(30)', (c) => c.notNull())
    .addColumn('provider', 'varchar(200)', (c) => c.notNull())
    .addColumn('starts_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('ends_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('jp', 'integer', (c) => c.notNull().check(checkPositive('jp')))
    // A place or a link (e-learning, video meeting).
    .addColumn('place', 'varchar(300)', (c) => c.notNull().defaultTo(''))
    .addColumn('capacity', 'integer', (c) => c.check(sql`capacity is null or capacity > 0`))
    .addColumn('state', 'varchar(10)', (c) => c.notNull().defaultTo('planned').check(checkIn('state', TRAINING_STATES)))
    .addColumn('cancel_reason', 'varchar(500)', (c) => c.notNull().defaultTo(''))
    .addColumn('evaluation_survey_id', 'integer', (c) => c.references('surveys.id'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('updated_at', time, (c) => c.notNull())
    .addCheckConstraint('trainings_dates', sql`ends_on >= starts_on`)
    .execute();
  await db.schema.createIndex('trainings_year_idx').on('trainings').columns(['year', 'department_id']).execute();
  await db.schema.createIndex('trainings_plan_item_idx').on('trainings').column('plan_item_id').execute();
  await db.schema.createIndex('trainings_competency_idx').on('trainings').column('competency_id').execute();

  await withId(db, db.schema.createTable('training_participants'))
    .addColumn('training_id', 'integer', (c) => c.notNull().references('trainings.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('nip', 'varchar(18)', (c) => c.notNull())
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('department_id', 'integer', (c) => c.references('departments.id'))
    .addColumn('status', 'varchar(10)', (c) => c.notNull().defaultTo('enrolled').check(checkIn('status', PARTICIPANT_STATUSES)))
    .addColumn('completed_at', time)
    // The training's JP, credited to the participant's ledger for the training's year on completion.
    .addColumn('jp_credited', 'integer', (c) => c.notNull().defaultTo(0).check(sql`jp_credited >= 0`))
    // Nomor sertifikat / STTPP.
    .addColumn('certificate_no', 'varchar(100)', (c) => c.notNull().defaultTo(''))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('updated_at', time, (c) => c.notNull())
    .addUniqueConstraint('training_participants_training_nip', ['training_id', 'nip'])
    .execute();
  await db.schema.createIndex('training_participants_user_idx').on('training_participants').column('user_id').execute();
  await db.schema.createIndex('training_participants_nip_idx').on('training_participants').column('nip').execute();

  await addFlag(db.schema.createTable('training_attendance'), 'present', 1)
    .addColumn('participant_id', 'integer', (c) => c.notNull().references('training_participants.id').onDelete('cascade'))
    .addColumn('day', 'varchar(10)', (c) => c.notNull())
    .addColumn('recorded_by', 'integer', (c) => c.references('users.id'))
    .addColumn('recorded_at', time, (c) => c.notNull())
    .addPrimaryKeyConstraint('training_attendance_pk', ['participant_id', 'day'])
    .execute();

  await withId(db, db.schema.createTable('training_action_plans'))
    .addColumn('participant_id', 'integer', (c) => c.notNull().unique().references('training_participants.id').onDelete('cascade'))
    .addColumn('plan', 'text', (c) => c.notNull())
    .addColumn('written_at', time, (c) => c.notNull())
    // When the manager is asked to record whether it was applied: three months after completion.
    .addColumn('review_due_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('review', 'varchar(8)', (c) => c.check(checkIn('review', REVIEWS)))
    .addColumn('review_note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('reviewed_by', 'integer', (c) => c.references('users.id'))
    .addColumn('reviewed_at', time)
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await withId(db, db.schema.createTable('training_proposals'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('department_id', 'integer', (c) => c.notNull().references('departments.id'))
    // The plan year the proposal is for.
    .addColumn('year', 'integer', (c) => c.notNull().check(sql`year between 2000 and 2100`))
    .addColumn('competency_id', 'integer', (c) => c.notNull().references('competencies.id'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('jalur', 'varchar(12)', (c) => c.check(checkIn('jalur', JALUR)))
    .addColumn('created_at', time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('training_proposals_department_idx').on('training_proposals').columns(['department_id', 'year', 'competency_id']).execute();
  await db.schema.createIndex('training_proposals_user_idx').on('training_proposals').column('user_id').execute();

  await withId(db, db.schema.createTable('training_plan_comments'))
    .addColumn('plan_id', 'integer', (c) => c.notNull().references('training_plans.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('training_plan_comments_plan_idx').on('training_plan_comments').columns(['plan_id', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['training_plan_comments', 'training_proposals', 'training_action_plans', 'training_attendance', 'training_participants', 'trainings']) {
    await db.schema.dropTable(t).execute();
  }
}
