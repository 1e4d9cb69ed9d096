// Brings a database up to date before the server takes requests: migrations, then reference data.
import type { Db } from './db/index.ts';
import { migrateToLatest } from './db/migrator.ts';
import { loadReference, type LoadResult } from './reference/reference.loader.ts';
import { ensureMonthCounts } from './metrics/month-counts.ts';
import { config } from './config.ts';
import { maintainDurations } from './metrics/durations.service.ts';
import { loadCalendar } from './calendar/calendar.repository.ts';

export async function prepareDatabase(
  db: Db,
  region: string,
  timeZone = config().timeZone,
): Promise<{ migrated: string[]; reference: LoadResult }> {
  const migrated = await migrateToLatest(db);
  const reference = await loadReference(db, region);
  // The report rollup counts local months: recount it if the zone's offset is not the one it used.
  await ensureMonthCounts(db, timeZone);
  // Stored report durations: timed with this calendar and up to date before the first report.
  await maintainDurations(db, await loadCalendar(db, timeZone));
  return { migrated, reference };
}
