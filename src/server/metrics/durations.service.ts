// Stored working-time durations (migration 2026_12_01_1720): each complaint's verification, first
// response and resolution time with the local month and group of the cohort's timestamp, so a whole
// month's medians are read from one index in group order. Triggers note every changed complaint; the
// worker's job (and start-up, and `npm run cli -- refresh-reports`) bring the rows up to date, and
// recompute them in full when the calendar (holidays, zone offset) is not the one they were timed with.
// A report never writes them: it overlays the waiting complaints' rows in memory (stored-durations.ts).
// The rows themselves are computed by duration-rows.ts (pure); the cells are written by
// durations.repository.ts; docs/architecture/reports.md shows how they fit together.
import { sql, type Transaction } from 'kysely';
import type { Database, Db } from '../db/index.ts';
import type { WorkingCalendar } from '../calendar/calendar.ts';
import { workingClock } from './working-time.ts';
import { rollupOffset } from './month-counts.ts';
import { OPEN_STATES } from '../complaints/complaint-states.ts';
import { DURATION_COHORTS, type Cell, type DurationCohort } from './durations.tables.ts';
import { disputeHistories } from './complaint-history.ts';
import { cellKey, cellOf } from './group-keys.ts';
import {
  backlogRows,
  calendarFingerprint,
  COLUMNS,
  everDisputed,
  isOpenClean,
  isOpenNew,
  monthOf,
  monthStart,
  nextMonthStart,
  oddRow,
  timedRows,
  type ComplaintRow,
  type DurationRow,
} from './duration-rows.ts';
import {
  lockDurations,
  onCell,
  waitingChanges,
  openInCell,
  writeDurationCell,
  writeMonthCells,
  writeOpenCell,
} from './durations.repository.ts';
import { DURATIONS_CHUNK, DURATIONS_REBUILD_ABOVE } from '../limits.ts';
export { DURATION_COHORTS, type Cell, type DurationCohort };

type Tx = Transaction<Database>;

async function rowsOf(
  trx: Tx,
  complaints: ComplaintRow[],
  cal: WorkingCalendar,
  offsetMs: number,
  horizon: number,
): Promise<DurationRow[]> {
  const histories = await disputeHistories(
    trx,
    complaints.filter(everDisputed).map((c) => Number(c.id)),
  );
  return timedRows(complaints, histories, cal, offsetMs, horizon);
}

/** Brings some changed complaints' rows and every cell they were or are in up to date. */
async function rewrite(trx: Tx, ids: number[], cal: WorkingCalendar, offsetMs: number, horizon: number): Promise<void> {
  const [dirty, old, complaints] = await Promise.all([
    trx.selectFrom('report_durations_dirty').selectAll().where('complaint_id', 'in', ids).execute(),
    trx
      .selectFrom('report_durations')
      .select(['cohort', 'month', 'department_id', 'category_id', 'kecamatan_code', 'assignee_user_id'])
      .where('complaint_id', 'in', ids)
      .execute(),
    trx
      .selectFrom('complaints')
      .select([...COLUMNS])
      .where('id', 'in', ids)
      .execute(),
  ]);
  await trx.deleteFrom('report_durations').where('complaint_id', 'in', ids).execute();
  const rows = await rowsOf(trx, complaints, cal, offsetMs, horizon);
  for (let i = 0; i < rows.length; i += 500)
    await trx
      .insertInto('report_durations')
      .values(rows.slice(i, i + 500))
      .execute();

  const touched = new Map<string, { cohort: DurationCohort; month: number; cell: Cell }>();
  for (const r of [...old, ...rows]) {
    const cell = cellOf(r);
    touched.set(`${r.cohort}|${r.month}|${cellKey(cell)}`, { cohort: r.cohort as DurationCohort, month: Number(r.month), cell });
  }
  for (const { cohort, month, cell } of touched.values()) {
    const members = await onCell(
      trx.selectFrom('report_durations').select(['duration', 'flagged']).where('cohort', '=', cohort).where('month', '=', month),
      cell,
    ).execute();
    await writeDurationCell(trx, cohort, month, cell, members);
  }

  const openCells = new Map<string, Cell>();
  for (const d of dirty) if (Number(d.had_group) === 1) openCells.set(cellKey(cellOf(d)), cellOf(d));
  for (const c of complaints) openCells.set(cellKey(cellOf(c)), cellOf(c));
  for (const cell of openCells.values()) {
    const open = await openInCell(trx, cell).execute();
    await writeOpenCell(
      trx,
      cell,
      open.map((o) => Number(o.submitted_at)),
    );
  }
  await trx.deleteFrom('report_open_odd').where('complaint_id', 'in', ids).execute();
  const odd = complaints.filter((c) => isOpenNew(c) && !isOpenClean(c)).map(oddRow);
  if (odd.length) await trx.insertInto('report_open_odd').values(odd).execute();
  await trx.deleteFrom('report_durations_dirty').where('complaint_id', 'in', ids).execute();
}

/** Recomputes every stored duration and cell with this calendar, in one transaction. */
export async function rebuildDurations(db: Db, cal: WorkingCalendar, now = new Date()): Promise<number> {
  const offset = (await rollupOffset(db)) ?? 0;
  const horizon = monthStart(now.getTime(), offset);
  return db.transaction().execute(async (trx) => {
    await lockDurations(db, trx);
    for (const t of [
      'report_durations',
      'report_duration_cells',
      'report_open_cells',
      'report_open_odd',
      'report_durations_dirty',
    ] as const)
      await trx.deleteFrom(t).execute();
    const open = new Map<string, { cell: Cell; submitted: number[] }>();
    const months = new Set<number>();
    let last = 0;
    let n = 0;
    for (;;) {
      const complaints = await trx
        .selectFrom('complaints')
        .select([...COLUMNS])
        .where('id', '>', last)
        .orderBy('id')
        .limit(DURATIONS_CHUNK)
        .execute();
      if (!complaints.length) break;
      const rows = await rowsOf(trx, complaints, cal, offset, horizon);
      for (let i = 0; i < rows.length; i += 500)
        await trx
          .insertInto('report_durations')
          .values(rows.slice(i, i + 500))
          .execute();
      for (const r of rows) months.add(r.month);
      const odd = complaints.filter((c) => isOpenNew(c) && !isOpenClean(c)).map(oddRow);
      if (odd.length) await trx.insertInto('report_open_odd').values(odd).execute();
      for (const c of complaints) {
        if (!isOpenClean(c)) continue;
        const cell = cellOf(c);
        const key = cellKey(cell);
        let o = open.get(key);
        if (!o) open.set(key, (o = { cell, submitted: [] }));
        o.submitted.push(Number(c.submitted_at));
      }
      last = Number(complaints[complaints.length - 1]!.id);
      n += complaints.length;
    }
    await writeMonthCells(trx, [...DURATION_COHORTS, 'reopen', 'backlog'], months);
    for (const { cell, submitted } of open.values()) await writeOpenCell(trx, cell, submitted);
    await trx
      .updateTable('report_durations_state')
      .set({ calendar: calendarFingerprint(cal, offset), backlog_through: horizon })
      .where('id', '=', 1)
      .execute();
    return n;
  });
}

/**
 * Adds the backlog rows and cells of the month ends after `from` up to `to` (month starts): every
 * complaint never disputed that was open at each of them, with its age then.
 */
async function rollBacklog(trx: Tx, cal: WorkingCalendar, offset: number, from: number, to: number): Promise<void> {
  for (let end = nextMonthStart(from, offset); end <= to; end = nextMonthStart(end, offset)) {
    const neverDisputed = () =>
      trx
        .selectFrom('complaints as c')
        .select(['c.id', 'c.submitted_at', 'c.department_id', 'c.category_id', 'c.kecamatan_code', 'c.assignee_user_id'])
        .where('c.reopened_count', '=', 0)
        .where('c.state', '<>', 'reopened')
        .where(sql<boolean>`c.submitted_at + 0 < ${end}`)
        .where((eb) => eb.or([eb('c.resolved_at', 'is', null), eb('c.resolved_at', '>=', end)]))
        .where((eb) => eb.or([eb('c.rejected_at', 'is', null), eb('c.rejected_at', '>=', end)]));
    // Open then: still open now, or resolved or rejected since.
    const parts = await Promise.all([
      neverDisputed()
        .where('c.state', 'in', OPEN_STATES as any)
        .execute(),
      neverDisputed().where('c.resolved_at', '>=', end).execute(),
      neverDisputed().where('c.rejected_at', '>=', end).execute(),
    ]);
    const byId = new Map(parts.flat().map((c) => [Number(c.id), c]));
    // Complaints ever disputed: open then or not by their history.
    const disputed = await trx
      .selectFrom('complaints as c')
      .select([...COLUMNS].map((k) => `c.${k}` as const))
      .where((eb) => eb.or([eb('c.reopened_count', '>', 0), eb('c.state', '=', 'reopened')]))
      .where(sql<boolean>`c.submitted_at + 0 < ${end}`)
      .where((eb) => eb.or([eb('c.rejected_at', 'is', null), eb('c.rejected_at', '>=', end)]))
      .execute();
    const histories = await disputeHistories(
      trx,
      disputed.map((c) => Number(c.id)),
    );
    let earliest = end;
    for (const c of [...byId.values(), ...disputed]) earliest = Math.min(earliest, Number(c.submitted_at));
    const clock = workingClock(cal, earliest, end);
    const month = monthOf(end - 1, offset);
    const rows: DurationRow[] = [...byId.values()].map((c) => ({
      ...cellOf(c),
      complaint_id: Number(c.id),
      cohort: 'backlog',
      month,
      duration: clock.between(Number(c.submitted_at), end),
      flagged: 0,
    }));
    for (const c of disputed) rows.push(...backlogRows(c, clock, offset, end - 1, end, histories.get(Number(c.id))));
    if (rows.length) {
      for (let i = 0; i < rows.length; i += 500)
        await trx
          .insertInto('report_durations')
          .values(rows.slice(i, i + 500))
          .execute();
      await writeMonthCells(trx, ['backlog'], [month]);
    }
    await trx.updateTable('report_durations_state').set({ backlog_through: end }).where('id', '=', 1).execute();
  }
}

/** Inside a serialized transaction: rewrites up to `limit` changed complaints; returns the stored backlog's horizon and how many. */
async function catchUp(trx: Tx, cal: WorkingCalendar, offset: number, limit: number): Promise<{ horizon: number; n: number }> {
  const state = await trx.selectFrom('report_durations_state').select('backlog_through').where('id', '=', 1).executeTakeFirstOrThrow();
  const horizon = Number(state.backlog_through);
  const ids = (await trx.selectFrom('report_durations_dirty').select('complaint_id').orderBy('complaint_id').limit(limit).execute()).map(
    (r) => Number(r.complaint_id),
  );
  for (let i = 0; i < ids.length; i += DURATIONS_CHUNK) await rewrite(trx, ids.slice(i, i + DURATIONS_CHUNK), cal, offset, horizon);
  return { horizon, n: ids.length };
}

async function processChanged(db: Db, cal: WorkingCalendar, offset: number, limit: number): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await lockDurations(db, trx);
    return (await catchUp(trx, cal, offset, limit)).n;
  });
}

/**
 * The worker's job (and start-up): recompute everything for a new calendar (or after a bulk load);
 * else catch up on changes, and add the backlog of a month that has ended since.
 */
export async function maintainDurations(
  db: Db,
  cal: WorkingCalendar,
  now = new Date(),
): Promise<{ rebuilt: number } | { updated: number }> {
  const offset = (await rollupOffset(db)) ?? 0;
  const state = await db
    .selectFrom('report_durations_state')
    .select(['calendar', 'backlog_through'])
    .where('id', '=', 1)
    .executeTakeFirst();
  if (state?.calendar !== calendarFingerprint(cal, offset)) return { rebuilt: await rebuildDurations(db, cal, now) };
  // After a bulk load (seed-demo, an import) recounting everything is quicker than cell by cell.
  if ((await waitingChanges(db)) > DURATIONS_REBUILD_ABOVE) return { rebuilt: await rebuildDurations(db, cal, now) };
  let updated = 0;
  for (let n = -1; n !== 0; updated += n) n = await processChanged(db, cal, offset, 50_000);
  const horizon = monthStart(now.getTime(), offset);
  if (Number(state.backlog_through) < horizon) {
    await db.transaction().execute(async (trx) => {
      await lockDurations(db, trx);
      // Changes are caught up first, in the same transaction, so the roll sees them all.
      const caught = await catchUp(trx, cal, offset, Number.MAX_SAFE_INTEGER);
      if (caught.horizon < horizon) await rollBacklog(trx, cal, offset, caught.horizon, horizon);
    });
  }
  return { updated };
}
