// The prepared-statement cache handed to Kysely's SQLite driver (src/server/db/statement-cache.ts).
import SqliteDatabase from 'better-sqlite3';
import { Kysely, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { cachedStatements } from '../../src/server/db/statement-cache.ts';
import { createDialect } from '../../src/server/db/dialect.ts';

let open: SqliteDatabase.Database[] = [];
afterEach(() => {
  for (const d of open) if (d.open) d.close();
  open = [];
});
function memory(): SqliteDatabase.Database {
  const d = new SqliteDatabase(':memory:');
  open.push(d);
  return d;
}

describe('statement cache', () => {
  it('returns the same statement for the same SQL text, and runs it with new bindings', () => {
    const db = memory();
    const cache = cachedStatements(db, 10);
    const a = cache.prepare('select ? + 1 as v');
    const b = cache.prepare('select ? + 1 as v');
    expect(b).toBe(a);
    expect(b.get(1)).toEqual({ v: 2 });
    expect(a.get(41)).toEqual({ v: 42 });
    expect(cache.prepare('select ? + 2 as v')).not.toBe(a);
    expect(cache.size()).toBe(2);
  });

  it('is bounded, dropping the least recently used statement', () => {
    const db = memory();
    const cache = cachedStatements(db, 3);
    const first = cache.prepare('select 1');
    cache.prepare('select 2');
    cache.prepare('select 3');
    expect(cache.prepare('select 1')).toBe(first); // used again: now the most recent
    cache.prepare('select 4'); // drops 'select 2'
    expect(cache.size()).toBe(3);
    expect(cache.prepare('select 1')).toBe(first);
    const second = cache.prepare('select 2');
    expect(cache.size()).toBe(3);
    expect(cache.prepare('select 2')).toBe(second);
    for (let i = 0; i < 50; i++) cache.prepare(`select ${i + 10}`);
    expect(cache.size()).toBe(3);
  });

  it('gives a fresh statement while the cached one is still being iterated', () => {
    const db = memory();
    const cache = cachedStatements(db);
    const text = 'select value from json_each(?)';
    const outer = cache.prepare(text);
    const seen: number[] = [];
    for (const row of outer.iterate('[1,2]') as Iterable<{ value: number }>) {
      const inner = cache.prepare(text);
      expect(inner).not.toBe(outer);
      seen.push(row.value, ...(inner.all('[7]') as { value: number }[]).map((r) => r.value));
    }
    expect(seen).toEqual([1, 7, 2, 7]);
    expect(cache.prepare(text)).toBe(outer);
  });

  it('is what the portal dialect prepares with: Kysely queries re-use statements', async () => {
    const { dialect, native } = createDialect({ kind: 'sqlite', file: ':memory:' });
    const prepared: string[] = [];
    const prepare = native!.prepare.bind(native!);
    native!.prepare = ((text: string) => {
      prepared.push(text);
      return prepare(text);
    }) as SqliteDatabase.Database['prepare'];
    const db = new Kysely<any>({ dialect });
    try {
      await sql`create table t (id integer primary key, name text)`.execute(db);
      for (let i = 0; i < 20; i++)
        await db
          .insertInto('t')
          .values({ id: i, name: `n${i}` })
          .execute();
      for (let i = 0; i < 20; i++)
        expect(await db.selectFrom('t').select('name').where('id', '=', i).executeTakeFirst()).toEqual({ name: `n${i}` });
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('t').set({ name: 'x' }).where('id', '=', 1).execute();
      });
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('t').set({ name: 'y' }).where('id', '=', 2).execute();
      });
      expect(prepared.filter((s) => s.startsWith('insert')).length).toBe(1);
      expect(prepared.filter((s) => s.startsWith('select')).length).toBe(1);
      expect(prepared.filter((s) => s === 'begin immediate').length).toBe(1);
      expect(prepared.filter((s) => s.startsWith('update')).length).toBe(1);
    } finally {
      await db.destroy();
    }
    expect(native!.open).toBe(false);
  });
});
