// A version number on each complaint, bumped by every workflow command that changes the row, so a command
// (and a staff form, which carries the version it was rendered with) compares-and-sets on exactly what it
// read: `update … where id = ? and version = ?`. A transfer, take or priority change keeps the state, so
// the older `state = expected` guard could not see two of them racing.
//
// The report rollup triggers (2026_12_01_1700 month counts, 2026_12_01_1720 durations) are
// `after update of <their columns>`; `version` is in neither list, so bumping it alongside a change
// fires exactly the triggers that change fired before, and a version-only change fires none. Their
// source view names its columns, so a new column changes nothing there either. Adding a NOT NULL column
// with a constant default is a metadata change on PostgreSQL (no table rewrite) and a plain
// ALTER TABLE on SQLite.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('complaints').addColumn('version', 'integer', (c) => c.notNull().defaultTo(0)).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('complaints').dropColumn('version').execute();
}
