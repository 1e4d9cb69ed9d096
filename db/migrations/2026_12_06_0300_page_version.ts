// The version of what the public pages show (home, a public complaint, a consultation): one row,
// page_version.version, raised by triggers on every table those pages read, in the same transaction as
// the change. The page byte cache (src/server/http/page-cache.ts) keeps a rendered page under the
// version it read before rendering and serves it while the version is unchanged, so any process (both
// app servers, the worker, the CLI) changing the data makes every copy stale when it commits.
//
// SQLite: a row trigger per table and operation; writers are serialised anyway. PostgreSQL: a deferred
// constraint trigger, so the row lock on page_version is taken at commit, as the transaction's last
// lock (it cannot be part of a deadlock, and concurrent writers wait for each other only while
// committing), and only once per transaction (the row remembers the transaction that last raised it).
//
// Tables the pages do not read (sessions, rate limits, the audit log, the job queue, report rollups,
// surveys, training…) have no trigger: writing them does not empty the cache. A table added later
// that the pages read needs its trigger in a new migration (test/integration/page-version.test.ts
// lists every table as one or the other).
import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../migration-kit.ts';

const TABLES = [
  'areas',
  'categories',
  'commitment_updates',
  'competencies',
  'complaint_events',
  'complaint_follows',
  'complaint_photos',
  'complaint_ratings',
  'complaint_supporters',
  'complaints',
  'consultation_commitments',
  'consultation_follows',
  'consultation_questions',
  'consultations',
  'contribution_competencies',
  'contribution_endorsements',
  'contribution_reports',
  'contributions',
  'departments',
  'holidays',
  'moderation_decisions',
  'official_responses',
  'resolution_checks',
  'settings',
  'topics',
  'units',
  'users',
] as const;

const OPS = ['insert', 'update', 'delete'] as const;

export async function up(db: Kysely<any>): Promise<void> {
  const pg = dialectOf(db) === 'postgres';
  await db.schema
    .createTable('page_version')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('version', 'bigint', (c) => c.notNull())
    // PostgreSQL: the transaction that last raised the version (raised once per transaction).
    .addColumn('xact', 'varchar(40)')
    .execute();
  await db.insertInto('page_version').values({ id: 1, version: 1, xact: null }).execute();
  if (pg) {
    await sql`
      create function page_version_bump() returns trigger language plpgsql as $$
      begin
        update page_version set version = version + 1, xact = pg_current_xact_id()::text
          where id = 1 and xact is distinct from pg_current_xact_id()::text;
        return null;
      end $$`.execute(db);
    for (const t of TABLES) {
      await sql`create constraint trigger ${sql.raw(`page_version_${t}`)} after insert or update or delete on ${sql.table(t)}
        deferrable initially deferred for each row execute function page_version_bump()`.execute(db);
    }
    return;
  }
  for (const t of TABLES) {
    for (const op of OPS) {
      await sql`create trigger ${sql.raw(`page_version_${t}_${op}`)} after ${sql.raw(op)} on ${sql.table(t)}
        begin update page_version set version = version + 1 where id = 1; end`.execute(db);
    }
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  const pg = dialectOf(db) === 'postgres';
  for (const t of TABLES) {
    if (pg) await sql`drop trigger if exists ${sql.raw(`page_version_${t}`)} on ${sql.table(t)}`.execute(db);
    else for (const op of OPS) await sql`drop trigger if exists ${sql.raw(`page_version_${t}_${op}`)}`.execute(db);
  }
  if (pg) await sql`drop function if exists page_version_bump()`.execute(db);
  await db.schema.dropTable('page_version').execute();
}
