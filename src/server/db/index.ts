// The one Kysely instance of the process, plus a factory for tests and the CLI.
import { Kysely, sql } from 'kysely';
import type SqliteDatabase from 'better-sqlite3';
import { config } from '../config.ts';
import { createDialect, type DatabaseKind, type DatabaseTarget } from './dialect.ts';
import type { Database } from './schema.ts';

export type { Database } from './schema.ts';
export type { DatabaseKind, DatabaseTarget, PgLimits } from './dialect.ts';
export { DatabaseUnavailableError, isDatabaseUnavailable } from './dialect.ts';

export type Db = Kysely<Database>;

export interface DbHandle {
  db: Db;
  kind: DatabaseKind;
  /** The better-sqlite3 handle, for backup and integrity checks; undefined on PostgreSQL. */
  sqlite?: SqliteDatabase.Database;
}

const handles = new WeakMap<Db, DbHandle>();

export function createDb(target: DatabaseTarget): DbHandle {
  const { dialect, kind, native } = createDialect(target);
  const db = new Kysely<Database>({ dialect });
  const handle: DbHandle = { db, kind, sqlite: native };
  handles.set(db, handle);
  return handle;
}

/** The better-sqlite3 handle behind a Kysely instance, or undefined on PostgreSQL. */
export function sqliteHandle(db: Db): SqliteDatabase.Database | undefined {
  return handles.get(db)?.sqlite;
}

export function dbKind(db: Db): DatabaseKind {
  return handles.get(db)?.kind ?? 'sqlite';
}

let shared: DbHandle | undefined;

/**
 * The configured database. The server and the worker bound every statement (DB_STATEMENT_TIMEOUT_MS);
 * migrations and one-off commands pass `statements: 'unbounded'`, since recounting a large table
 * may rightly take longer than any request should.
 */
export function configuredTarget(opts: { statements?: 'bounded' | 'unbounded' } = {}): DatabaseTarget {
  const { database, dbLimits } = config();
  if (database.kind !== 'postgres') return database;
  const statementTimeoutMs = opts.statements === 'unbounded' ? 0 : dbLimits.statementTimeoutMs;
  return {
    ...database,
    limits: { connectTimeoutMs: dbLimits.connectTimeoutMs, idleTimeoutMs: dbLimits.idleTimeoutMs, statementTimeoutMs },
  };
}

/** The process-wide database, opened on first use from the configuration. */
export function getDbHandle(): DbHandle {
  shared ??= createDb(configuredTarget());
  return shared;
}

export function getDb(): Db {
  return getDbHandle().db;
}

export async function closeDb(): Promise<void> {
  const h = shared;
  shared = undefined;
  if (h) await h.db.destroy();
}

/**
 * Whether the database answers `select 1` within `timeoutMs`. A query still waiting when the time is
 * up is left to its own timeout (the pool then discards its connection).
 */
export async function databaseAnswers(db: Db, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const answer = sql`select 1`.execute(db).then(
    () => true,
    () => false,
  );
  const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
  try {
    return await Promise.race([answer, late]);
  } finally {
    clearTimeout(timer);
  }
}
