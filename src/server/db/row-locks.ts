// Row locks inside a write transaction: on PostgreSQL a command reads the row it will compare-and-set
// with SELECT … FOR UPDATE; SQLite's write transactions (BEGIN IMMEDIATE) are already serialised.
import type { Kysely } from 'kysely';

/** Whether a transaction (or database) runs on PostgreSQL, read from its own adapter. */
export function onPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter.constructor.name.toLowerCase().includes('postgres');
}
