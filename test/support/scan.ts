// Reads every text value of every table (both dialects), to prove that erased data is gone everywhere.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../src/server/db/schema.ts';
import { dialectName } from './db.ts';

export async function allTables(db: Kysely<Database>): Promise<string[]> {
  if (dialectName === 'postgres') {
    const r = await sql<{
      table_name: string;
    }>`select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(db);
    return r.rows.map((x) => x.table_name);
  }
  const r = await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(db);
  return r.rows.map((x) => x.name);
}

/** Every (table, column, value) whose text contains one of the needles (case-insensitive). */
export async function findText(db: Kysely<Database>, needles: string[]): Promise<string[]> {
  const hits: string[] = [];
  const lower = needles.map((n) => n.toLowerCase());
  for (const t of await allTables(db)) {
    const rows = await sql<Record<string, unknown>>`select * from ${sql.table(t)}`.execute(db);
    for (const row of rows.rows) {
      for (const [col, v] of Object.entries(row)) {
        if (typeof v !== 'string') continue;
        const s = v.toLowerCase();
        for (const n of lower) if (s.includes(n)) hits.push(`${t}.${col}: ${n}`);
      }
    }
  }
  return hits;
}
