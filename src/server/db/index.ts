// The one Kysely instance of the process, plus a factory for tests and the CLI.
import { Kysely } from 'kysely';
import type SqliteDatabase from 'better-sqlite3';
import { config } from '../config.ts';
import { createDialect, type DatabaseKind, type DatabaseTarget } from './dialect.ts';
import type { Database } from './schema.ts';

export type { Database } from './schema.ts';
export type { DatabaseKind, DatabaseTarget } from './dialect.ts';

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

/** The process-wide database, opened on first use from the configuration. */
export function getDbHandle(): DbHandle {
  shared ??= createDb(config().database);
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
