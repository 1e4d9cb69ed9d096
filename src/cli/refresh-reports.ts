// cli refresh-reports: bring the stored report tables up to date now, as the worker's reports.durations
// job does every 30 s: the month rollup's zone, the changed complaints' durations, a month end's backlog,
// and a full retiming after a holiday or zone change. Reports never write them; they overlay what waits.
import { config } from '../server/config.ts';
import { configuredTarget, createDb } from '../server/db/index.ts';
import { ensureMonthCounts } from '../server/metrics/month-counts.ts';
import { maintainDurations } from '../server/metrics/durations.service.ts';
import { loadCalendar } from '../server/calendar/calendar.repository.ts';
import type { Command } from './command.ts';

export const refreshReports: Command = {
  summary: 'store the report durations of changed complaints now (the worker does it every 30 s)',
  async run() {
    // A retiming recounts every complaint, which may take longer than a request may: no statement limit.
    const { db } = createDb(configuredTarget({ statements: 'unbounded' }));
    try {
      const { timeZone } = config();
      const recounted = await ensureMonthCounts(db, timeZone);
      const r = await maintainDurations(db, await loadCalendar(db, timeZone));
      if (recounted) console.log(`month rollup recounted for ${timeZone}`);
      console.log('rebuilt' in r ? `durations retimed: ${r.rebuilt} complaints` : `durations updated: ${r.updated} complaints`);
    } finally {
      await db.destroy();
    }
  },
};
