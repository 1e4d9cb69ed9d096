// Stored working-time durations and open backlog for the reports, so a month of a million-complaint
// year is read as a few thousand group cells instead of every complaint:
// - report_durations: each complaint's verification, first response and resolution time (DESIGN.md §4)
//   with the local month and group of the cohort's timestamp;
//   ('backlog': each past month end a complaint never disputed was open at, with its age then);
// - report_duration_cells: per cohort, month and group (department, category, kecamatan, officer) the
//   cell's complaints, how many are flagged (transferred; for 'reopen' — complaints ever disputed, per
//   month of a resolve event — disputed after that month's first one) and its durations as one sorted
//   array (float64, little-endian);
// - report_open_cells: per group the submission times, sorted, of the complaints open now that were
//   never reopened and never resolved or rejected (the open backlog the age buckets count), and
//   report_open_odd the few open ones with a resolution or rejection time, one by one;
// Durations depend on the holiday calendar, which SQL does not have, so the portal computes all of this
// (src/server/metrics/durations.service.ts). Triggers only note which complaints changed and the group
// they were in, in every write path and in the writer's own transaction; the portal brings those cells
// up to date before it reads them, and recomputes everything when the calendar's fingerprint in
// report_durations_state changes (empty here: the first start computes the complaints already there).
import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../migration-kit.ts';

const KEYS = ['department_id', 'category_id', 'kecamatan_code', 'assignee_user_id'];
const WATCHED = [
  'submitted_at', 'assigned_at', 'first_response_at', 'resolved_at', 'state', 'transfer_count',
  'department_id', 'category_id', 'kecamatan_code', 'assignee_user_id', 'reopened_count', 'rejected_at',
];

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('report_durations')
    .addColumn('complaint_id', 'integer', (c) => c.notNull())
    .addColumn('cohort', 'text', (c) => c.notNull().check(sql`cohort in ('verification', 'first_response', 'resolution', 'reopen', 'backlog')`))
    .addColumn('month', 'integer', (c) => c.notNull())
    .addColumn('department_id', 'integer', (c) => c.notNull())
    .addColumn('category_id', 'integer', (c) => c.notNull())
    .addColumn('kecamatan_code', 'text', (c) => c.notNull())
    .addColumn('assignee_user_id', 'integer', (c) => c.notNull())
    // Working days (fractional); null when the cohort's start time is missing (odd data), and for 'reopen';
    // for 'backlog', the age at the month's end of a complaint never disputed that was open then.
    .addColumn('duration', 'double precision')
    // verification: transferred; reopen: disputed after its first resolution in the month.
    .addColumn('flagged', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('report_durations_pk', ['complaint_id', 'cohort', 'month'] as never[])
    .execute();
  await db.schema
    .createIndex('report_durations_cells_idx')
    .on('report_durations')
    .columns(['cohort', 'month', 'department_id', 'category_id', 'kecamatan_code', 'assignee_user_id', 'duration', 'flagged'])
    .execute();
  const blob = dialectOf(db) === 'postgres' ? 'bytea' : 'blob';
  let cells = db.schema
    .createTable('report_duration_cells')
    .addColumn('cohort', 'text', (c) => c.notNull())
    .addColumn('month', 'integer', (c) => c.notNull());
  for (const k of KEYS) cells = cells.addColumn(k, k === 'kecamatan_code' ? 'text' : 'integer', (c) => c.notNull());
  await cells
    .addColumn('complaints', 'integer', (c) => c.notNull())
    .addColumn('flagged', 'integer', (c) => c.notNull())
    .addColumn('durations', blob, (c) => c.notNull())
    .addPrimaryKeyConstraint('report_duration_cells_pk', ['cohort', 'month', ...KEYS] as never[])
    .execute();
  let open = db.schema.createTable('report_open_cells');
  for (const k of KEYS) open = open.addColumn(k, k === 'kecamatan_code' ? 'text' : 'integer', (c) => c.notNull());
  await open.addColumn('submitted', blob, (c) => c.notNull()).addPrimaryKeyConstraint('report_open_cells_pk', KEYS as never[]).execute();
  // Open now and never reopened, yet with a resolution or rejection time (odd data): whether they were
  // open at an instant depends on those times, so they are kept one by one.
  let odd = db.schema.createTable('report_open_odd').addColumn('complaint_id', 'integer', (c) => c.primaryKey());
  for (const k of KEYS) odd = odd.addColumn(k, k === 'kecamatan_code' ? 'text' : 'integer', (c) => c.notNull());
  await odd
    .addColumn('submitted_at', 'bigint', (c) => c.notNull())
    .addColumn('resolved_at', 'bigint')
    .addColumn('rejected_at', 'bigint')
    .execute();
  // The group a complaint was in when it was last brought up to date (none for a new complaint).
  await db.schema
    .createTable('report_durations_dirty')
    .addColumn('complaint_id', 'integer', (c) => c.primaryKey())
    .addColumn('had_group', 'integer', (c) => c.notNull())
    .addColumn('department_id', 'integer')
    .addColumn('category_id', 'integer')
    .addColumn('kecamatan_code', 'text')
    .addColumn('assignee_user_id', 'integer')
    .execute();
  await db.schema
    .createTable('report_durations_state')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('calendar', 'text', (c) => c.notNull())
    // The last month end whose backlog rows exist ('backlog' rows are written for month ends up to it).
    .addColumn('backlog_through', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.insertInto('report_durations_state').values({ id: 1, calendar: '', backlog_through: 0 }).execute();

  if (dialectOf(db) === 'postgres') {
    await sql.raw(`create function report_durations_mark() returns trigger language plpgsql as $$
      begin
        if tg_op = 'INSERT' then
          insert into report_durations_dirty (complaint_id, had_group) values (new.id, 0) on conflict do nothing;
        else
          insert into report_durations_dirty (complaint_id, had_group, ${KEYS.join(', ')})
            values (old.id, 1, ${KEYS.map((k) => `old.${k}`).join(', ')}) on conflict do nothing;
        end if;
        return null;
      end $$`).execute(db);
    await sql.raw(`create trigger report_durations_mark after insert or delete or update of ${WATCHED.join(', ')} on complaints
      for each row execute function report_durations_mark()`).execute(db);
    await sql.raw(`create function report_durations_mark_event() returns trigger language plpgsql as $$
      declare e complaint_events;
      begin
        e := case when tg_op = 'DELETE' then old else new end;
        if e.action not in ('resolve', 'dispute') and (tg_op <> 'UPDATE' or old.action not in ('resolve', 'dispute')) then return null; end if;
        insert into report_durations_dirty (complaint_id, had_group, ${KEYS.join(', ')})
          select c.id, 1, ${KEYS.map((k) => `c.${k}`).join(', ')} from complaints c where c.id = e.complaint_id
        on conflict do nothing;
        return null;
      end $$`).execute(db);
    await sql.raw(`create trigger report_durations_mark_event after insert or delete or update of action, at on complaint_events
      for each row execute function report_durations_mark_event()`).execute(db);
  } else {
    const insert = `insert into report_durations_dirty (complaint_id, had_group) values (new.id, 0) on conflict do nothing`;
    const change = `insert into report_durations_dirty (complaint_id, had_group, ${KEYS.join(', ')})
      values (old.id, 1, ${KEYS.map((k) => `old.${k}`).join(', ')}) on conflict do nothing`;
    await sql.raw(`create trigger report_durations_mark_insert after insert on complaints begin ${insert}; end`).execute(db);
    await sql.raw(`create trigger report_durations_mark_delete after delete on complaints begin ${change}; end`).execute(db);
    await sql.raw(`create trigger report_durations_mark_update after update of ${WATCHED.join(', ')} on complaints begin ${change}; end`).execute(db);
    // Resolve and dispute events decide the reopen cohort.
    const event = (row: string) => `insert into report_durations_dirty (complaint_id, had_group, ${KEYS.join(', ')})
      select c.id, 1, ${KEYS.map((k) => `c.${k}`).join(', ')} from complaints c where c.id = ${row}.complaint_id on conflict do nothing`;
    const counted = (row: string) => `${row}.action in ('resolve', 'dispute')`;
    await sql.raw(`create trigger report_durations_mark_event_insert after insert on complaint_events when ${counted('new')} begin ${event('new')}; end`).execute(db);
    await sql.raw(`create trigger report_durations_mark_event_delete after delete on complaint_events when ${counted('old')} begin ${event('old')}; end`).execute(db);
    await sql.raw(`create trigger report_durations_mark_event_update after update of action, at on complaint_events
      when ${counted('new')} or ${counted('old')} begin ${event('new')}; end`).execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) === 'postgres') {
    await sql`drop trigger report_durations_mark_event on complaint_events`.execute(db);
    await sql`drop function report_durations_mark_event()`.execute(db);
    await sql`drop trigger report_durations_mark on complaints`.execute(db);
    await sql`drop function report_durations_mark()`.execute(db);
  } else {
    for (const t of ['insert', 'delete', 'update', 'event_insert', 'event_delete', 'event_update']) await sql.raw(`drop trigger report_durations_mark_${t}`).execute(db);
  }
  await db.schema.dropTable('report_durations_state').execute();
  await db.schema.dropTable('report_durations_dirty').execute();
  await db.schema.dropTable('report_open_odd').execute();
  await db.schema.dropTable('report_open_cells').execute();
  await db.schema.dropTable('report_duration_cells').execute();
  await db.schema.dropTable('report_durations').execute();
}
