// Large read-only report queries straight from the driver: on SQLite the statement's own rows from
// better-sqlite3 (prepared once and kept), skipping Kysely's per-query work, which is most of the cost
// of a read that returns a month of a million-complaint year; on PostgreSQL Kysely's rows. SQLite
// reads take Kysely's connection, so they never run inside a transaction another request has open.
// withReader(…, { snapshot: true }) runs several reads on one snapshot (a read transaction).
import type { Compilable, InferResult } from 'kysely';
import type SqliteDatabase from 'better-sqlite3';
import { sqliteHandle, type Db } from './index.ts';

export interface Reader {
  rows<Q extends Compilable<any>>(query: Q): Promise<InferResult<Q>>;
  /** The first selected column of every row. */
  column(query: Compilable<any>): Promise<unknown[]>;
}

const statements = new WeakMap<SqliteDatabase.Database, Map<string, SqliteDatabase.Statement>>();

function prepared(native: SqliteDatabase.Database, sql: string, pluck: boolean): SqliteDatabase.Statement {
  let cache = statements.get(native);
  if (!cache) statements.set(native, (cache = new Map()));
  const key = `${pluck ? 'p' : 'r'}:${sql}`;
  let stmt = cache.get(key);
  if (!stmt) {
    if (cache.size >= 200) cache.clear();
    stmt = native.prepare(sql).pluck(pluck);
    cache.set(key, stmt);
  }
  return stmt;
}

function sqliteReader(native: SqliteDatabase.Database): Reader {
  const run = (query: Compilable<any>, pluck: boolean) => {
    const { sql, parameters } = query.compile();
    return prepared(native, sql, pluck).all(...(parameters as unknown[]));
  };
  return {
    rows: async (query) => run(query, false) as any,
    column: async (query) => run(query, true),
  };
}

function kyselyReader(db: Pick<Db, 'executeQuery'>): Reader {
  return {
    rows: async (query) => (await db.executeQuery(query.compile())).rows as any,
    column: async (query) => (await db.executeQuery(query.compile())).rows.map((r) => Object.values(r as object)[0]),
  };
}

export async function withReader<T>(db: Db, fn: (reader: Reader) => Promise<T>, opts: { snapshot?: boolean } = {}): Promise<T> {
  const native = sqliteHandle(db);
  if (!native) {
    if (!opts.snapshot) return fn(kyselyReader(db));
    return db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute((trx) => fn(kyselyReader(trx)));
  }
  return db.connection().execute(async () => {
    if (!opts.snapshot) return fn(sqliteReader(native));
    native.exec('begin');
    try {
      return await fn(sqliteReader(native));
    } finally {
      native.exec('commit');
    }
  });
}

export async function readRows<Q extends Compilable<any>>(db: Db, query: Q): Promise<InferResult<Q>> {
  return withReader(db, (r) => r.rows(query));
}
