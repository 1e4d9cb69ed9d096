// Portable value helpers: how timestamps and booleans are stored on SQLite and PostgreSQL alike.
//
// Timestamps are epoch milliseconds in an integer column (SQLite INTEGER, PostgreSQL BIGINT):
// exact, time-zone free, comparable and indexable the same way on both dialects.
// Booleans are 0/1 integers, because SQLite has no boolean type and returns numbers.
// Calendar dates (holidays, periods) are 'YYYY-MM-DD' text.

export type DbTime = number;
export type DbBool = 0 | 1;

export function toDbTime(value: Date | number | string): DbTime {
  const ms = value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Date.parse(value);
  if (!Number.isFinite(ms)) throw new RangeError(`not a valid time: ${String(value)}`);
  return Math.trunc(ms);
}

export function fromDbTime(value: DbTime | string | bigint): Date;
export function fromDbTime(value: DbTime | string | bigint | null | undefined): Date | null;
export function fromDbTime(value: DbTime | string | bigint | null | undefined): Date | null {
  if (value === null || value === undefined) return null;
  const ms = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(ms)) throw new RangeError(`not a stored time: ${String(value)}`);
  return new Date(ms);
}

export function toDbBool(value: boolean): DbBool {
  return value ? 1 : 0;
}

export function fromDbBool(value: unknown): boolean {
  // PostgreSQL may hand back true/false for expressions; SQLite 0/1; both are accepted.
  return value === true || value === 1 || value === '1' || value === 't' || value === 'true' || value === 1n;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Validates a calendar date string 'YYYY-MM-DD' (real date, not 2026-02-30). */
export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}
