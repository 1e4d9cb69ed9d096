// Column helpers shared by migrations so one migration file serves SQLite and PostgreSQL.
// Frozen: a change here would rewrite history; add new helpers instead of altering these.
import { sql, type Kysely, type ColumnDefinitionBuilder, type CreateTableBuilder } from 'kysely';

export type Dialect = 'sqlite' | 'postgres';

export function dialectOf(db: Kysely<any>): Dialect {
  const name = db.getExecutor().adapter.constructor.name.toLowerCase();
  return name.includes('postgres') ? 'postgres' : 'sqlite';
}

/** Integer surrogate key: SQLite rowid alias or PostgreSQL identity. */
export function withId<T extends string>(db: Kysely<any>, table: CreateTableBuilder<T, any>): CreateTableBuilder<T, any> {
  return dialectOf(db) === 'postgres'
    ? table.addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}

/** Epoch-millisecond timestamp column type (see src/server/db/values.ts). */
export const time = 'bigint' as const;

/** A NOT NULL 0/1 flag column with a CHECK, the same on both dialects. */
export function addFlag<T extends string>(
  table: CreateTableBuilder<T, any>,
  name: string,
  defaultValue: 0 | 1,
): CreateTableBuilder<T, any> {
  return table.addColumn(name, 'integer', (c: ColumnDefinitionBuilder) =>
    c.notNull().defaultTo(defaultValue).check(sql`${sql.ref(name)} in (0, 1)`),
  );
}

/** CHECK (column IN (...literals)). */
export function checkIn(column: string, values: readonly string[]) {
  return sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;
}

/** CHECK (column > 0). */
export function checkPositive(column: string) {
  return sql`${sql.ref(column)} > 0`;
}
