// Resolution checks (issue 21): what a category's resolutions must carry, and the check queue.
// - categories.resolution_photo_required: an "after" photo is required to resolve (0/1);
// - categories.resolution_distance_m: the location check's distance in metres (null: no check); a
//   resolution whose reported point is farther from the complaint's point is flagged for the check;
// - resolution_checks: one row per resolution that waits for a checker (flagged by the integrity signals
//   or drawn in the seeded sample). `state` pending → accepted | returned | auto_accepted (after 3 working
//   days unchecked) | superseded (the resident disputed before anyone checked); `version` is the
//   compare-and-set token of the checker's decision. The reason of a return is the note of its event
//   (complaint_events), so it is erased with the complaint's other texts. `reasons` lists why it waits (space separated:
//   fast no_response no_photo far sample). The share and seed of the sample are settings
//   (resolution_check_share, default 0.10; resolution_check_seed).
import type { Kysely } from 'kysely';
import { addFlag, checkIn, time, withId } from '../migration-kit.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('categories').addColumn('resolution_photo_required', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('categories').addColumn('resolution_distance_m', 'integer').execute();
  let t = withId(db, db.schema.createTable('resolution_checks'))
    .addColumn('complaint_id', 'integer', (c) => c.notNull().references('complaints.id').onDelete('cascade'))
    .addColumn('resolve_event_id', 'integer', (c) => c.notNull().unique())
    .addColumn('resolver_user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('department_id', 'integer', (c) => c.references('departments.id'))
    .addColumn('resolved_at', time, (c) => c.notNull())
    .addColumn('reasons', 'varchar(80)', (c) => c.notNull())
    .addColumn('state', 'varchar(14)', (c) => c.notNull().defaultTo('pending').check(checkIn('state', ['pending', 'accepted', 'returned', 'auto_accepted', 'superseded'])))
    .addColumn('decided_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('decided_at', time)
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', time, (c) => c.notNull());
  t = addFlag(t, 'sampled', 0);
  await t.execute();
  await db.schema.createIndex('resolution_checks_state_idx').on('resolution_checks').columns(['state', 'resolved_at']).execute();
  await db.schema.createIndex('resolution_checks_complaint_idx').on('resolution_checks').column('complaint_id').execute();
  await db.schema.createIndex('resolution_checks_resolver_idx').on('resolution_checks').columns(['resolver_user_id', 'resolved_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('resolution_checks').execute();
  await db.schema.alterTable('categories').dropColumn('resolution_distance_m').execute();
  await db.schema.alterTable('categories').dropColumn('resolution_photo_required').execute();
}
