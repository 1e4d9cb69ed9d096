// The per-month rollup of the reports' counting figures (migration 2026_12_01_1700: kept by database
// triggers on complaints and complaint_ratings): reading it for a period made of whole local months,
// and rebuilding it when the deployment's time zone has another UTC offset than the rollup's months.
import { sql } from 'kysely';
import type { Db } from '../db/index.ts';
import { zoneOffsetMs } from '../calendar/calendar.ts';
import { applyFilters, type ReportFilters } from './metrics.repository.ts';
import type { Period } from './period.ts';
import { readRows } from '../db/read-rows.ts';
import { MONTH_CELL, MONTH_COUNTS, type MonthCount, type MonthCountsTable } from './month-counts.tables.ts';
export { MONTH_COUNTS, type MonthCount };

/** The months (yyyymm) a period covers when it is made of whole months at the rollup's offset; otherwise null. */
export function wholeMonths(period: Pick<Period, 'from' | 'to'>, offsetMs: number): number[] | null {
  const start = new Date(period.from.getTime() + offsetMs);
  const end = new Date(period.to.getTime() + offsetMs);
  const isMonthStart = (d: Date) => d.getUTCDate() === 1 && d.getTime() % 86_400_000 === 0;
  if (!isMonthStart(start) || !isMonthStart(end) || end <= start) return null;
  const months: number[] = [];
  for (let y = start.getUTCFullYear(), m = start.getUTCMonth(); Date.UTC(y, m, 1) < end.getTime(); m === 11 ? (y++, (m = 0)) : m++) {
    months.push(y * 100 + m + 1);
  }
  return months;
}

export async function rollupOffset(db: Db): Promise<number | null> {
  const row = await db.selectFrom('report_rollup_settings').select('utc_offset_ms').where('id', '=', 1).executeTakeFirst();
  return row ? Number(row.utc_offset_ms) : null;
}

/** The rollup rows of some months within the report filters (department and officer -1 when missing). */
export async function monthCountRows(db: Db, months: readonly number[], filters: ReportFilters): Promise<MonthCountsTable[]> {
  // Every column is an integer (INTEGER on SQLite, int4 on PostgreSQL): both drivers give numbers.
  return readRows(
    db,
    applyFilters(
      db
        .selectFrom('report_month_counts as c')
        .selectAll()
        .where('c.month', 'in', months as number[]),
      filters,
    ),
  );
}

/** Recounts the rollup from the complaints (the migration's view) with months at `offsetMs`, in one transaction. */
export async function rebuildMonthCounts(db: Db, offsetMs: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('report_rollup_settings').set({ utc_offset_ms: offsetMs }).where('id', '=', 1).execute();
    await trx.deleteFrom('report_month_counts').execute();
    const cell = sql.raw(MONTH_CELL.join(', '));
    await sql`insert into report_month_counts (${cell}, ${sql.raw(MONTH_COUNTS.join(', '))})
      select ${cell}, ${sql.raw(MONTH_COUNTS.map((c) => `sum(${c})`).join(', '))} from report_month_counts_source
      group by ${cell} having ${sql.raw(MONTH_COUNTS.map((c) => `sum(${c}) <> 0`).join(' or '))}`.execute(trx);
  });
}

/** Rebuilds the rollup when the deployment's zone is not at the offset its months were counted in. */
export async function ensureMonthCounts(db: Db, timeZone: string, at = new Date()): Promise<boolean> {
  const offset = zoneOffsetMs(at, timeZone);
  if ((await rollupOffset(db)) === offset) return false;
  await rebuildMonthCounts(db, offset);
  return true;
}
