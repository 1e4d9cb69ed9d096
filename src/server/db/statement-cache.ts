// Kysely's SQLite driver calls `database.prepare(sql)` for every query and throws the statement away;
// preparing is a good part of a small query's cost. The driver is handed this wrapper instead, whose
// prepare() returns the statement already prepared for the same SQL text (least recently used
// dropped past `max`). A statement's bindings are given on each run, so re-using it for other values
// (or, for `in (…)` lists, other SQL text and so another statement) is what better-sqlite3 expects.
// A statement still being iterated (a streamed select) cannot run again until it is done: that case
// gets a fresh statement, as without the cache.
import type SqliteDatabase from 'better-sqlite3';

/** What Kysely's SqliteDriver uses of the database: prepare and close. */
export interface StatementSource {
  prepare(sql: string): SqliteDatabase.Statement;
  close(): void;
}

export interface CachedStatements extends StatementSource {
  /** Statements held now (for tests). */
  size(): number;
}

export const DEFAULT_STATEMENT_CACHE_SIZE = 500;

export function cachedStatements(database: SqliteDatabase.Database, max = DEFAULT_STATEMENT_CACHE_SIZE): CachedStatements {
  // A Map iterates in insertion order: re-inserting on use keeps the least recently used first.
  const cache = new Map<string, SqliteDatabase.Statement>();
  return {
    prepare(sql: string): SqliteDatabase.Statement {
      const hit = cache.get(sql);
      if (hit) {
        if (hit.busy) return database.prepare(sql);
        cache.delete(sql);
        cache.set(sql, hit);
        return hit;
      }
      const stmt = database.prepare(sql);
      cache.set(sql, stmt);
      if (cache.size > max) cache.delete(cache.keys().next().value!);
      return stmt;
    },
    close(): void {
      cache.clear();
      database.close();
    },
    size: () => cache.size,
  };
}
