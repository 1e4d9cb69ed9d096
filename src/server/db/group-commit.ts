// Group commit on SQLite. With synchronous=FULL every commit waits for the disk (fsync), and
// better-sqlite3 waits on the only thread, so one commit per complaint caps filing at the disk's
// commits per second. Here the writes of concurrent filings are queued for a few milliseconds (or
// until MAX_UNITS are waiting) and run one after another in ONE transaction, each inside its own
// SAVEPOINT: a unit that throws is rolled back to its savepoint alone, the others are kept. Every
// unit's promise settles only after the group's COMMIT returned, so no request answers "filed" for
// work that is not on disk, and a unit's error (e.g. "this form was already filed") is seen when the
// rows it lost to are committed too. If the transaction itself is lost (COMMIT fails, or SQLite
// rolled it back on a disk error) every unit of the group fails: nothing of a group is half-written.
//
// The group holds the single connection from BEGIN to COMMIT (Kysely's connection mutex for a
// single-connection dialect), so other requests' queries wait for the group to end and never read
// its rows before they are committed. Consequently a unit must use only the handle it is given:
// a query on the outer Db from inside a unit would wait for the group it belongs to.
//
// PostgreSQL (several app servers, one transaction per request) and code already inside a
// transaction go straight through: this is the one place that chooses.
import { sql, type Kysely, type Transaction } from 'kysely';
import type SqliteDatabase from 'better-sqlite3';
import { dbKind, sqliteHandle, type Database, type Db } from './index.ts';

/** How long the first queued unit waits for others before its group runs. */
export const WINDOW_MS = 2;
/** A group this large runs at once, without waiting for the window. */
export const MAX_UNITS = 200;

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

interface Unit {
  work: (trx: Transaction<Database>) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

export interface GroupStats {
  groups: number;
  units: number;
  largest: number;
}

export class GroupCommitter {
  readonly #db: Db;
  readonly #native: SqliteDatabase.Database | undefined;
  readonly #windowMs: number;
  readonly #maxUnits: number;
  #queue: Unit[] = [];
  #timer: NodeJS.Timeout | undefined;
  #running = false;
  /** Counts for tests and the benchmark: groups committed (or lost), units run, largest group. */
  readonly stats: GroupStats = { groups: 0, units: 0, largest: 0 };

  constructor(db: Db, opts: { windowMs?: number; maxUnits?: number } = {}) {
    this.#db = db;
    this.#native = sqliteHandle(db);
    this.#windowMs = opts.windowMs ?? WINDOW_MS;
    this.#maxUnits = opts.maxUnits ?? MAX_UNITS;
  }

  /** Runs work in the next group; settles after that group's commit (or its loss). */
  run<T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ work, resolve: resolve as (v: unknown) => void, reject });
      this.#schedule();
    });
  }

  #schedule(): void {
    // A running group schedules the next one when it ends.
    if (this.#running || this.#queue.length === 0) return;
    if (this.#queue.length >= this.#maxUnits) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
      void this.#flush();
      return;
    }
    this.#timer ??= setTimeout(() => {
      this.#timer = undefined;
      void this.#flush();
    }, this.#windowMs);
  }

  async #flush(): Promise<void> {
    if (this.#running) return;
    const batch = this.#queue.splice(0, this.#maxUnits);
    if (batch.length === 0) return;
    this.#running = true;
    let outcomes: Outcome[] | undefined;
    try {
      outcomes = await this.#db.transaction().execute(async (trx) => {
        const done: Outcome[] = [];
        for (const unit of batch) done.push(await this.#runUnit(trx, unit));
        return done;
      });
    } catch (error) {
      // Nothing of the group was committed: every unit fails with the error that lost it (the same
      // error a request saw when its own transaction failed), so the callers' handling is unchanged.
      for (const unit of batch) unit.reject(error);
    } finally {
      this.#running = false;
      this.stats.groups++;
      this.stats.units += batch.length;
      this.stats.largest = Math.max(this.stats.largest, batch.length);
    }
    if (outcomes)
      batch.forEach((unit, i) => {
        const o = outcomes[i]!;
        if (o.ok) unit.resolve(o.value);
        else unit.reject(o.error);
      });
    this.#schedule();
  }

  async #runUnit(trx: Transaction<Database>, unit: Unit): Promise<Outcome> {
    await sql`savepoint grouped_unit`.execute(trx);
    try {
      const value = await unit.work(trx);
      await sql`release grouped_unit`.execute(trx);
      return { ok: true, value };
    } catch (error) {
      // Some errors (a full disk, I/O) make SQLite roll back the whole transaction: then the units
      // before this one are gone too, and the group must fail as a whole.
      if (this.#native && !this.#native.inTransaction) throw error;
      await sql`rollback to grouped_unit`.execute(trx);
      await sql`release grouped_unit`.execute(trx);
      return { ok: false, error };
    }
  }
}

const committers = new WeakMap<Db, GroupCommitter>();

function committerFor(db: Kysely<Database>): GroupCommitter | undefined {
  if (db.isTransaction || dbKind(db) !== 'sqlite' || !sqliteHandle(db)) return undefined;
  let c = committers.get(db);
  if (!c) committers.set(db, (c = new GroupCommitter(db)));
  return c;
}

/** The committer grouping this database's filings, if it has one (SQLite): for tests and the benchmark. */
export function groupCommitter(db: Kysely<Database>): GroupCommitter | undefined {
  return committerFor(db);
}

/** Sets this database's grouping window and size (tests widen the window to put known work in one group). */
export function configureGroupCommit(db: Db, opts: { windowMs?: number; maxUnits?: number }): GroupCommitter | undefined {
  if (!committerFor(db)) return undefined;
  const c = new GroupCommitter(db, opts);
  committers.set(db, c);
  return c;
}

/**
 * A transaction of its own, or (SQLite) a savepoint in the next group transaction. Either way the
 * promise settles after the commit.
 */
export function groupedTransaction<T>(db: Kysely<Database>, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  const c = committerFor(db);
  return c ? c.run(work) : db.transaction().execute(work);
}

/**
 * Statements that commit on their own today (e.g. rate-limit upserts): as they are on PostgreSQL and
 * inside a caller's transaction, in the next group (a savepoint of its own) on SQLite.
 */
export function groupedWrites<T>(db: Kysely<Database>, work: (q: Kysely<Database>) => Promise<T>): Promise<T> {
  const c = committerFor(db);
  return c ? c.run(work) : work(db);
}
