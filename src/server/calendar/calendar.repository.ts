// Loads the working calendar of the deployment: its time zone and the holidays the admin keeps.
import type { Db } from '../db/index.ts';
import { config } from '../config.ts';
import type { WorkingCalendar } from './calendar.ts';

export async function loadCalendar(db: Db, timeZone: string = config().timeZone): Promise<WorkingCalendar> {
  const rows = await db.selectFrom('holidays').select('date').execute();
  return { timeZone, holidays: new Set(rows.map((r) => r.date)) };
}
