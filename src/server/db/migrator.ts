// Applies db/migrations (one set for both dialects), all-or-nothing; reverts one step on request.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FileMigrationProvider, Migrator, type MigrationResultSet } from 'kysely/migration';
import { sql } from 'kysely';
import { dbKind, type Db } from './index.ts';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../../db/migrations', import.meta.url));

export class MigrationError extends Error {
  readonly results: MigrationResultSet['results'];
  constructor(message: string, results: MigrationResultSet['results']) {
    super(message);
    this.name = 'MigrationError';
    this.results = results;
  }
}

async function migrator(db: Db, folder = MIGRATIONS_DIR): Promise<Migrator> {
  // On PostgreSQL, name the schema of Kysely's bookkeeping tables: otherwise Kysely takes a
  // kysely_migration table in *any* schema of the database for ours (e.g. a parallel test file's schema)
  // and then fails with "relation kysely_migration_lock does not exist".
  const schema = dbKind(db) === 'postgres' ? (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]?.s : undefined;
  return new Migrator({
    db,
    provider: new FileMigrationProvider({ fs, path, migrationFolder: folder }),
    // Branches merge: a database made at a commit that had a later-named migration but not an
    // earlier one (landed from another branch) must still upgrade, so pending migrations are applied
    // whatever sorts before them. What keeps this safe is that a migration on main never gets a
    // name before one already landed there: test/unit/migrations-landed.test.ts checks it against
    // db/migrations/LANDED.txt.
    allowUnorderedMigrations: true,
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
}

/** Runs every pending migration in one transaction; throws (database unchanged) on failure. */
export async function migrateToLatest(db: Db, folder?: string): Promise<string[]> {
  const { error, results } = await (await migrator(db, folder)).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    const cause = error instanceof Error ? error.message : String(error);
    throw new MigrationError(failed ? `migration ${failed} failed: ${cause}` : `migrations failed: ${cause}`, results);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

export async function pendingMigrations(db: Db, folder?: string): Promise<string[]> {
  const all = await (await migrator(db, folder)).getMigrations();
  return all.filter((m) => !m.executedAt).map((m) => m.name);
}

/**
 * Reverts the most recently applied migration (one step) with its down(); returns its name, or
 * undefined when none is applied. Throws (database unchanged) when down() fails.
 */
export async function migrateDownOne(db: Db, folder?: string): Promise<string | undefined> {
  const { error, results } = await (await migrator(db, folder)).migrateDown();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    const cause = error instanceof Error ? error.message : String(error);
    throw new MigrationError(failed ? `reverting migration ${failed} failed: ${cause}` : `reverting failed: ${cause}`, results);
  }
  return results?.find((r) => r.status === 'Success')?.migrationName;
}
