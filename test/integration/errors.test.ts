// A failing request shows the 500 page in the visitor's language with a reference code, and
// reveals nothing internal; the log has the reference, the route and the cause.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dialectName, type TestDb } from '../support/db.ts';
import { startServer, type RunningServer } from '../support/server.ts';

let db: TestDb;
let server: RunningServer;

beforeAll(async () => {
  // A database without tables: every query for categories fails.
  db = await createTestDb({ migrate: false });
  server = await startServer({ DATABASE_URL: db.url, LOG_LEVEL: 'error' });
});
afterAll(async () => {
  await server?.stop();
  await db?.cleanup();
});

describe(`server errors (${dialectName})`, () => {
  it('answers 500 without internals and logs the cause with the reference code', async () => {
    const r = await fetch(`${server.url}/open311/v2/services.json`, { headers: { cookie: 'lang=en' } });
    expect(r.status).toBe(500);
    const body = await r.text();
    expect(body).not.toMatch(/categories|sqlite|postgres|relation|no such table|at .*\.(ts|js|mjs):\d+/i);
    const id = r.headers.get('x-request-id')!;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(body).toContain('Something went wrong');
    expect(body).toContain(id);
    await new Promise((res) => setTimeout(res, 200));
    const log = server.output();
    expect(log).toContain(id);
    expect(log).toContain('/open311/v2/[...path]');
  });

  it('a page failure shows the 500 page with the reference code in the visitor’s language', async () => {
    const r = await fetch(`${server.url}/open311/v2/services.json`, { headers: { accept: 'text/html' } });
    expect(r.status).toBe(500);
    expect(r.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });
});
