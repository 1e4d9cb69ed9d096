// Role × route matrix over HTTP: every route that exists is opened by a visitor and by each role, and each
// gets exactly what DESIGN.md §1 allows. A new route fails here until its expected access is written down.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../src/server/auth/auth.tables.ts';
import { createTestDb, dialectName, type TestDb } from '../support/db.ts';
import { getPage } from '../support/forms.ts';
import { listRoutes } from '../support/routes.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { createTestUser, sessionCookie } from '../support/users.ts';

type Who = 'visitor' | Role;
type Expect = 'everyone' | 'signed-in' | readonly Role[];

const STAFF_ADMIN: readonly Role[] = ['admin'];

/** Expected access per route pattern (DESIGN.md §1). `path` fills in route parameters. */
const MATRIX: Record<string, { access: Expect; path?: (ids: Record<string, number>) => string; note?: string }> = {
  '/': { access: 'everyone' },
  '/404': { access: 'everyone' },
  '/500': { access: 'everyone' },
  '/healthz': { access: 'everyone' },
  '/privacy': { access: 'everyone' },
  '/statistics': { access: 'everyone' },
  '/track': { access: 'everyone' },
  '/complaints': { access: 'everyone' },
  '/complaints/new': { access: 'everyone' },
  '/consultations': { access: 'everyone' },
  // Guest pages: open to everyone; a logged-in user is sent on to their page instead of seeing the form.
  '/login': { access: 'everyone' },
  '/register': { access: 'everyone' },
  '/logout': { access: 'everyone' },
  '/password/forgot': { access: 'everyone' },
  '/password/reset': { access: 'everyone', path: () => '/password/reset?token=tidak-ada-token-seperti-ini' },
  '/me': { access: 'signed-in' },
  '/me/profile': { access: 'signed-in' },
  '/admin': { access: STAFF_ADMIN },
  '/admin/users': { access: STAFF_ADMIN },
  '/admin/users/new': { access: STAFF_ADMIN },
  '/admin/users/[id]': { access: STAFF_ADMIN, path: (ids) => `/admin/users/${ids.resident}` },
  '/admin/audit': { access: STAFF_ADMIN },
};

let db: TestDb;
let server: RunningServer;
const cookies: Partial<Record<Who, string>> = {};
const ids: Record<string, number> = {};

beforeAll(async () => {
  db = await createTestDb();
  server = await startServer({ DATABASE_URL: db.url });
  for (const role of ROLES) {
    const u = await createTestUser(db.db, { role });
    ids[role] = u.id;
    cookies[role] = await sessionCookie(db.db, u.id);
  }
});
afterAll(async () => {
  await server?.stop();
  await db?.cleanup();
});

function allowed(access: Expect, who: Who): boolean {
  if (access === 'everyone') return true;
  if (who === 'visitor') return false;
  return access === 'signed-in' || access.includes(who);
}

describe(`role × route matrix (${dialectName})`, () => {
  it('has an expectation for every route under src/pages', () => {
    const unknown = listRoutes().map((r) => r.pattern).filter((p) => !(p in MATRIX));
    expect(unknown, 'add these routes to MATRIX in test/integration/role-matrix.test.ts').toEqual([]);
  });

  const routes = listRoutes().filter((r) => r.pattern in MATRIX);
  const whos: Who[] = ['visitor', ...ROLES];
  it.each(routes.map((r) => [r.pattern] as const))('%s', async (pattern) => {
    const spec = MATRIX[pattern]!;
    const path = spec.path ? spec.path(ids) : pattern;
    for (const who of whos) {
      const r = await getPage(server.url, path, { cookie: cookies[who as Role] });
      const label = `${who} GET ${path} → ${r.status} ${r.location ?? ''}`;
      if (allowed(spec.access, who)) {
        // Allowed: the page itself answers (200, its own status, or its own redirect — never to the login).
        expect(r.location?.startsWith('/login?next=') ?? false, label).toBe(false);
        if (spec.access !== 'everyone') expect(r.status, label).toBe(200);
      } else if (who === 'visitor') {
        expect(r.status, label).toBe(303);
        expect(r.location, label).toBe(`/login?next=${encodeURIComponent(path)}`);
      } else {
        // Logged in without the role: the same 404 as a page that does not exist.
        expect(r.status, label).toBe(404);
        expect(r.html, label).toContain('Halaman tidak ditemukan');
      }
    }
  });
});
