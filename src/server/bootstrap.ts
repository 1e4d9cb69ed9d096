// Brings a database up to date before the server takes requests: migrations, then reference data.
import type { Db } from './db/index.ts';
import { migrateToLatest } from './db/migrator.ts';
import { loadReference, type LoadResult } from './reference/reference.loader.ts';

export async function prepareDatabase(db: Db, region: string): Promise<{ migrated: string[]; reference: LoadResult }> {
  const migrated = await migrateToLatest(db);
  const reference = await loadReference(db, region);
  return { migrated, reference };
}
