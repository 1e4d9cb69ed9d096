// The counting figures of the reports (DESIGN.md §4: volume, response and resolution SLA outcomes,
// rejections) kept per local month and group (department, category, kecamatan, officer) by database
// triggers, so a month of a million-complaint year is read as a few thousand rollup rows instead of
// every complaint. Triggers, not application code, so every write path (workflow, Open311, seed-demo,
// retention, erasure) keeps it exact inside its own transaction.
//
// A complaint contributes to up to four cells: its submission month (submitted), its rejection month
// (rejected), its response-due month (response_*: on time, late, unanswered) and its resolution-due
// month (resolution_*: resolved now on time, late, not resolved now) and its last resolution's month
// (resolved_*: the resolution cohort, its ratings, and the never-disputed part of the reopen rate;
// a trigger on complaint_ratings adds a rating to its complaint's cell). An update takes the old row's
// contribution away and adds the new one's in one statement, cells in key order (so two concurrent
// transactions on PostgreSQL lock shared cells in the same order), skipping cells whose net change is
// zero. Months are local months at the UTC offset in report_rollup_settings; the portal rebuilds the
// rollup from the view report_month_counts_source when the configured time zone has another offset
// (src/server/metrics/month-counts.ts). Missing department and officer are stored as -1.
import { sql, type Kysely } from 'kysely';
import { dialectOf, type Dialect } from '../migration-kit.ts';

const KEYS = ['department_id', 'category_id', 'kecamatan_code', 'assignee_user_id'];
const COUNTS = [
  'submitted', 'rejected',
  'response_due', 'response_on_time', 'response_late', 'response_unanswered',
  'resolution_due', 'resolution_on_time', 'resolution_late', 'resolution_unresolved',
  'resolved', 'resolved_cohort', 'resolved_never_disputed', 'resolved_rated', 'resolved_rating_sum',
];
/** The Asia/Jakarta offset (WIB) of the reference region; other zones are rebuilt at start-up. */
const DEFAULT_OFFSET_MS = 7 * 3_600_000;

const UPDATE_COLUMNS = [
  'submitted_at', 'rejected_at', 'response_due_at', 'first_response_at', 'resolution_due_at', 'resolved_at', 'state',
  'assigned_at', 'reopened_count', ...KEYS,
];

function monthOf(d: Dialect, ts: string, offset: string): string {
  return d === 'postgres'
    ? `cast(to_char(to_timestamp((${ts} + ${offset}) / 1000) at time zone 'UTC', 'YYYYMM') as integer)`
    : `cast(strftime('%Y%m', (${ts} + ${offset}) / 1000, 'unixepoch') as integer)`;
}

/** The contribution rows of complaint row `r` (new, old or a table alias), each count multiplied by `sign`. */
function contributions(d: Dialect, r: string, sign: string, offset: string, from = ''): string {
  const keys = `coalesce(${r}.department_id, -1) as department_id, ${r}.category_id as category_id, ${r}.kecamatan_code as kecamatan_code, coalesce(${r}.assignee_user_id, -1) as assignee_user_id`;
  const flag = (cond: string) => `${sign} * (case when ${cond} then 1 else 0 end)`;
  const resolvedNow = `${r}.state in ('resolved', 'closed') and ${r}.resolved_at is not null`;
  // The resolution cohort of §4: last resolved in the month, still resolved, assigned (has a duration).
  const inCohort = `${resolvedNow} and ${r}.assigned_at is not null`;
  const row = (ts: string, values: Record<string, string>) =>
    `select ${monthOf(d, `${r}.${ts}`, offset)} as month, ${keys}, ${COUNTS.map((c) => `${values[c] ?? '0'} as ${c}`).join(', ')}${from} where ${r}.${ts} is not null`;
  return [
    row('submitted_at', { submitted: sign }),
    row('rejected_at', { rejected: sign }),
    row('response_due_at', {
      response_due: sign,
      response_on_time: flag(`${r}.first_response_at is not null and ${r}.first_response_at <= ${r}.response_due_at`),
      response_late: flag(`${r}.first_response_at is not null and ${r}.first_response_at > ${r}.response_due_at`),
      response_unanswered: flag(`${r}.first_response_at is null`),
    }),
    row('resolution_due_at', {
      resolution_due: sign,
      resolution_on_time: flag(`${resolvedNow} and ${r}.resolved_at <= ${r}.resolution_due_at`),
      resolution_late: flag(`${resolvedNow} and ${r}.resolved_at > ${r}.resolution_due_at`),
      resolution_unresolved: flag(`not (${resolvedNow})`),
    }),
    row('resolved_at', {
      resolved: sign,
      resolved_cohort: flag(inCohort),
      resolved_never_disputed: flag(`${r}.reopened_count = 0 and ${r}.state <> 'reopened'`),
      resolved_rated: flag(`${inCohort} and exists (select 1 from complaint_ratings q where q.complaint_id = ${r}.id)`),
      resolved_rating_sum: `${sign} * (case when ${inCohort} then coalesce((select q.score from complaint_ratings q where q.complaint_id = ${r}.id), 0) else 0 end)`,
    }),
  ].join(' union all ');
}

/** A rating row's (new or old) part of its complaint's resolution cell: rated and the score, when in the cohort. */
function ratingContribution(d: Dialect, q: string, sign: string, offset: string): string {
  const values: Record<string, string> = { resolved_rated: sign, resolved_rating_sum: `${sign} * ${q}.score` };
  return `select ${monthOf(d, 'c.resolved_at', offset)} as month, coalesce(c.department_id, -1) as department_id, c.category_id as category_id,
    c.kecamatan_code as kecamatan_code, coalesce(c.assignee_user_id, -1) as assignee_user_id, ${COUNTS.map((c) => `${values[c] ?? '0'} as ${c}`).join(', ')}
    from complaints c where c.id = ${q}.complaint_id and c.resolved_at is not null and c.state in ('resolved', 'closed') and c.assigned_at is not null`;
}

/**
 * One upsert applying the net change of some contribution rows, cells in key order. SQLite takes the
 * existing row's columns unqualified (and older sqlite3 shells cannot read a table alias there);
 * PostgreSQL needs them qualified.
 */
function applyStatement(d: Dialect, parts: string): string {
  const cell = ['month', ...KEYS];
  const target = (c: string) => (d === 'postgres' ? `report_month_counts.${c}` : c);
  return `insert into report_month_counts (${[...cell, ...COUNTS].join(', ')})
    select ${cell.join(', ')}, ${COUNTS.map((c) => `sum(${c})`).join(', ')} from (${parts}) x
    group by ${cell.join(', ')}
    having ${COUNTS.map((c) => `sum(${c}) <> 0`).join(' or ')}
    order by ${cell.join(', ')}
    on conflict (${cell.join(', ')}) do update set ${COUNTS.map((c) => `${c} = ${target(c)} + excluded.${c}`).join(', ')}`;
}

interface TriggerSpec {
  table: string;
  /** PostgreSQL: the trigger function and trigger name. */
  fn: string;
  /** SQLite: the trigger names are `${prefix}_insert`, `_delete` and `_update`. */
  prefix: string;
  updateOf: string[];
  contribution: (d: Dialect, row: string, sign: string, offset: string) => string;
}

/**
 * Row triggers applying a table's net change to the rollup: an insert adds the new row's contribution,
 * a delete takes the old row's away, an update does both in one statement.
 */
async function applyTriggers(db: Kysely<any>, d: Dialect, t: TriggerSpec): Promise<void> {
  const offset = d === 'postgres' ? 'off' : '(select utc_offset_ms from report_rollup_settings where id = 1)';
  const body = {
    insert: applyStatement(d, t.contribution(d, 'new', '1', offset)),
    delete: applyStatement(d, t.contribution(d, 'old', '-1', offset)),
    update: applyStatement(d, `${t.contribution(d, 'old', '-1', offset)} union all ${t.contribution(d, 'new', '1', offset)}`),
  };
  if (d === 'postgres') {
    await sql.raw(`create function ${t.fn}() returns trigger language plpgsql as $$
      declare off bigint;
      begin
        select utc_offset_ms into off from report_rollup_settings where id = 1;
        if tg_op = 'INSERT' then ${body.insert};
        elsif tg_op = 'DELETE' then ${body.delete};
        else ${body.update};
        end if;
        return null;
      end $$`).execute(db);
    await sql.raw(`create trigger ${t.fn} after insert or delete or update of ${t.updateOf.join(', ')} on ${t.table}
      for each row execute function ${t.fn}()`).execute(db);
    return;
  }
  await sql.raw(`create trigger ${t.prefix}_insert after insert on ${t.table} begin ${body.insert}; end`).execute(db);
  await sql.raw(`create trigger ${t.prefix}_delete after delete on ${t.table} begin ${body.delete}; end`).execute(db);
  await sql.raw(`create trigger ${t.prefix}_update after update of ${t.updateOf.join(', ')} on ${t.table} begin ${body.update}; end`).execute(db);
}

export async function up(db: Kysely<any>): Promise<void> {
  const d = dialectOf(db);
  await db.schema
    .createTable('report_rollup_settings')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('utc_offset_ms', 'integer', (c) => c.notNull())
    .execute();
  await db.insertInto('report_rollup_settings').values({ id: 1, utc_offset_ms: DEFAULT_OFFSET_MS }).execute();
  let table = db.schema
    .createTable('report_month_counts')
    .addColumn('month', 'integer', (c) => c.notNull())
    .addColumn('department_id', 'integer', (c) => c.notNull())
    .addColumn('category_id', 'integer', (c) => c.notNull())
    .addColumn('kecamatan_code', 'text', (c) => c.notNull())
    .addColumn('assignee_user_id', 'integer', (c) => c.notNull());
  for (const c of COUNTS) table = table.addColumn(c, 'integer', (col) => col.notNull().defaultTo(0));
  await table.addPrimaryKeyConstraint('report_month_counts_pk', ['month', ...KEYS] as never[]).execute();

  const setting = '(select utc_offset_ms from report_rollup_settings where id = 1)';
  await sql.raw(`create view report_month_counts_source as ${contributions(d, 'c', '1', setting, ' from complaints c')}`).execute(db);

  await applyTriggers(db, d, { table: 'complaints', fn: 'report_month_counts_apply', prefix: 'report_month_counts', updateOf: UPDATE_COLUMNS, contribution: contributions });
  await applyTriggers(db, d, { table: 'complaint_ratings', fn: 'report_month_counts_rating', prefix: 'report_month_counts_rating', updateOf: ['score', 'complaint_id'], contribution: ratingContribution });
  // The complaints already there.
  await sql.raw(applyStatement(d, 'select * from report_month_counts_source')).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) === 'postgres') {
    await sql`drop trigger report_month_counts_rating on complaint_ratings`.execute(db);
    await sql`drop function report_month_counts_rating()`.execute(db);
    await sql`drop trigger report_month_counts_apply on complaints`.execute(db);
    await sql`drop function report_month_counts_apply()`.execute(db);
  } else {
    for (const t of ['insert', 'delete', 'update', 'rating_insert', 'rating_delete', 'rating_update']) await sql.raw(`drop trigger report_month_counts_${t}`).execute(db);
  }
  await sql`drop view report_month_counts_source`.execute(db);
  await db.schema.dropTable('report_month_counts').execute();
  await db.schema.dropTable('report_rollup_settings').execute();
}
