// Chooses and configures the Kysely dialect: embedded SQLite by default, PostgreSQL by URL.
import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import {
  CompiledQuery,
  PostgresDialect,
  SqliteAdapter,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type DialectAdapter,
  type PostgresPool,
  type PostgresPoolClient,
} from 'kysely';
import { logger } from '../log.ts';
import { cachedStatements } from './statement-cache.ts';
import { SQLITE_BUSY_TIMEOUT_MS } from '../limits.ts';

export type DatabaseKind = 'sqlite' | 'postgres';

export type DatabaseTarget = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string; schema?: string; limits?: PgLimits };

/** PostgreSQL time limits. A statement limit of 0 means none: migrations and one-off commands. */
export interface PgLimits {
  connectTimeoutMs: number;
  statementTimeoutMs: number;
  idleTimeoutMs: number;
}

/** A connection could not be had (or the database did not answer) and no query was tried. */
export class DatabaseUnavailableError extends Error {
  constructor(message = 'database unavailable') {
    super(message);
    this.name = 'DatabaseUnavailableError';
  }
}

// SQLSTATE classes and codes that say "the database is not there (now)", not "this query is wrong":
// connection exceptions, operator intervention (terminated, shutting down, starting up), too many
// connections, and a statement cancelled by statement_timeout.
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[1-4]|53300|57014)$/;
const UNAVAILABLE_MESSAGE =
  /^(Query read timeout|timeout exceeded when trying to connect|Connection terminated|Client has encountered a connection error|Client was closed)/;
const UNAVAILABLE_ERRNO = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** Whether an error means the database could not be reached or did not answer in time (a 503, not a 500). */
export function isDatabaseUnavailable(e: unknown): boolean {
  for (let cur: unknown = e, depth = 0; cur instanceof Error && depth < 5; cur = cur.cause, depth++) {
    if (cur instanceof DatabaseUnavailableError || cur.name === 'DatabaseUnavailableError') return true;
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string' && (UNAVAILABLE_SQLSTATE.test(code) || UNAVAILABLE_ERRNO.has(code))) return true;
    if (UNAVAILABLE_MESSAGE.test(cur.message)) return true;
  }
  return false;
}

// BIGINT (epoch ms timestamps, counts) as JS numbers: every value we store fits in 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));

/** Writers take the database lock when the transaction starts, not at the first write. */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

/** SQLite runs DDL inside transactions fine, so migrations get all-or-nothing semantics there too. */
class TransactionalSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

class PortalSqliteDialect extends SqliteDialect {
  readonly #database: SqliteDatabase.Database;
  constructor(database: SqliteDatabase.Database) {
    super({ database });
    this.#database = database;
  }
  override createDriver(): Driver {
    // The driver only prepares statements and closes the database: give it the caching wrapper.
    return new ImmediateSqliteDriver({ database: cachedStatements(this.#database) as unknown as SqliteDatabase.Database });
  }
  override createAdapter(): DialectAdapter {
    return new TransactionalSqliteAdapter();
  }
}

export function openSqlite(file: string): SqliteDatabase.Database {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const database = new SqliteDatabase(file);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = FULL');
  database.pragma('foreign_keys = ON');
  database.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
  return database;
}

/**
 * Whether the database answers, from what the pool's queries saw. After a connection could not be
 * made or a query got no answer in time, requests fail at once (DatabaseUnavailableError) instead of
 * each waiting out the timeout, except one at a time that goes through to find out whether the
 * database is back; the first query answered opens the way again.
 */
class Availability {
  #down = false;
  #probe: { client?: object; since: number } | undefined;
  /** A probe that neither answered nor failed by then (a lost release) stops blocking others. */
  readonly #probeMaxMs: number;
  constructor(probeMaxMs: number) {
    this.#probeMaxMs = probeMaxMs;
  }

  /** Before taking a connection: throws while down and another request is already finding out. */
  admit(): boolean {
    if (!this.#down) return false;
    const now = Date.now();
    if (this.#probe && now - this.#probe.since < this.#probeMaxMs) throw new DatabaseUnavailableError();
    this.#probe = { since: now };
    return true;
  }
  probing(client: object): void {
    if (this.#probe) this.#probe.client = client;
  }
  released(client: object): void {
    if (this.#probe?.client === client) this.#probe = undefined;
  }
  answered(): void {
    if (this.#down) logger().info('database reachable again');
    this.#down = false;
    this.#probe = undefined;
  }
  lost(err: unknown): void {
    if (!this.#down)
      logger().error(
        { err: err instanceof Error ? err.message : String(err) },
        'database unreachable: failing requests fast until it answers',
      );
    this.#down = true;
    this.#probe = undefined;
  }
}

function postgresPool(target: Extract<DatabaseTarget, { kind: 'postgres' }>): PostgresPool {
  const limits = target.limits;
  const statementMs = limits?.statementTimeoutMs ?? 0;
  const pool = new pg.Pool({
    connectionString: target.url,
    max: 10,
    // How the portal's connections show in pg_stat_activity, unless the URL names them.
    fallback_application_name: 'suara-warga',
    // Test runs isolate each suite in its own schema.
    ...(target.schema ? { options: `-c search_path=${target.schema}` } : {}),
    // A dead peer is noticed by the kernel, not only at the next query.
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    ...(limits ? { connectionTimeoutMillis: limits.connectTimeoutMs, idleTimeoutMillis: limits.idleTimeoutMs } : {}),
    ...(statementMs > 0
      ? {
          // The server cancels a slow statement itself, and ends a transaction left open (its locks
          // held) by a client that went away; the client gives up a little later, for the case where
          // no answer comes back at all (a stalled network).
          statement_timeout: statementMs,
          idle_in_transaction_session_timeout: statementMs,
          query_timeout: statementMs + 1_000,
        }
      : {}),
  });
  const availability = new Availability((limits?.connectTimeoutMs ?? 0) + statementMs + 1_000);
  const log = logger().child({ component: 'db' });

  // An idle client whose connection drops is reported here; without a listener the process dies.
  pool.on('error', (err) => log.warn({ err: err.message }, 'idle database connection lost'));
  pool.on('connect', (client) => {
    // A client in use has no pool listener: its connection dropping (a terminated backend) would be
    // an unhandled 'error' event. The query in flight fails on its own; the pool discards the client
    // on release since it is no longer queryable.
    client.on('error', (err) => log.warn({ err: err.message }, 'database connection lost'));
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    client.query = ((...args: unknown[]) => {
      const result = query(...args);
      if (result instanceof Promise) {
        result.then(
          () => availability.answered(),
          (err: unknown) => {
            if (err instanceof Error && err.message === 'Query read timeout') {
              // The query may still be on the wire: this connection cannot be reused. Closing it
              // makes the client unqueryable, so the pool drops it when Kysely releases it.
              client.connection.stream.destroy();
              availability.lost(err);
            } else if (
              err instanceof Error &&
              typeof (err as { severity?: unknown }).severity === 'string' &&
              !isDatabaseUnavailable(err)
            ) {
              availability.answered(); // an error from the server (a constraint, a bad query) is an answer too
            }
          },
        );
      }
      return result;
    }) as typeof client.query;
  });

  return {
    options: pool.options,
    async connect(): Promise<PostgresPoolClient> {
      const probe = availability.admit();
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (err) {
        availability.lost(err);
        throw err;
      }
      if (probe) availability.probing(client);
      const release = client.release;
      client.release = (destroy?: boolean | Error) => {
        availability.released(client);
        release(destroy);
      };
      return client as unknown as PostgresPoolClient;
    },
    end: () => pool.end(),
  };
}

export function createDialect(target: DatabaseTarget): { dialect: Dialect; kind: DatabaseKind; native?: SqliteDatabase.Database } {
  if (target.kind === 'postgres') return { dialect: new PostgresDialect({ pool: postgresPool(target) }), kind: 'postgres' };
  const native = openSqlite(target.file);
  return { dialect: new PortalSqliteDialect(native), kind: 'sqlite', native };
}
