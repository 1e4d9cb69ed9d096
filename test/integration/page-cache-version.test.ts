// How the page byte cache (src/server/http/page-cache.ts) learns that the page version changed: read at
// most every freshnessMs, at once after this process answered a request that may have written, and on
// the next request after another process's write once freshnessMs has passed. Against a small
// node:http server whose "page" counts its renderings.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dialectName, type TestDb } from '../support/db.ts';
import { pageCache } from '../../src/server/http/page-cache.ts';

let db: TestDb;
let server: http.Server;
let url: string;
let renders = 0;
let now = 1_000_000;

const write = (value: string) =>
  db.db
    .insertInto('settings')
    .values({ key: 'page_cache_probe', value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();

beforeAll(async () => {
  db = await createTestDb();
  const cache = pageCache({ db: () => db.db, freshnessMs: () => 10_000, clock: () => now });
  server = http.createServer((req, res) => {
    void cache(req, res, async () => {
      if (req.method === 'POST') await write(`post ${renders}`);
      renders++;
      res.writeHead(200, { 'content-type': 'text/html', etag: `W/"r${renders}"`, 'cache-control': 'public, max-age=0, must-revalidate' });
      res.end(`render ${renders}`);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  await db?.cleanup();
});

const page = async () => (await fetch(`${url}/`)).text();

describe(`page cache version checks (${dialectName})`, () => {
  it('re-reads the version after a write through this process, and after freshnessMs for other writers', async () => {
    const first = await page();
    expect(await page()).toBe(first); // the copy
    await fetch(`${url}/complaints/new`, { method: 'POST' }); // a write answered by this process
    const afterPost = await page();
    expect(afterPost).not.toBe(first);
    expect(await page()).toBe(afterPost);
    await write('another process'); // not seen within freshnessMs …
    expect(await page()).toBe(afterPost);
    now += 10_001; // … and seen after it (the copy itself is younger than its 60 s limit)
    const afterOther = await page();
    expect(afterOther).not.toBe(afterPost);
    expect(await page()).toBe(afterOther);
    now += 10_001; // the version read again, unchanged: still the copy
    expect(await page()).toBe(afterOther);
  });
});
