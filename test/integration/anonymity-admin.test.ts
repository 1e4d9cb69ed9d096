// Anonymous means hidden from everyone, staff and admins included (DESIGN.md §2). A resident files an
// anonymous complaint while logged in, rates it, and another of their complaints is raised to anonymous;
// then an admin browses every admin page (links followed from /admin, each outbox state, the audit log
// filtered by the resident and by the code) and never sees the resident's email, name or user id beside
// either code.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '../../src/server/auth/session.ts';
import { raisePrivacy } from '../../src/server/complaints/complaints.service.ts';
import { loadCalendar } from '../../src/server/calendar/calendar.repository.ts';
import { maskEmail } from '../../src/server/workflow/outbox-view.ts';
import { rateComplaint } from '../../src/server/workflow/resident.service.ts';
import { resolveComplaint, respondToComplaint } from '../../src/server/workflow/workflow.service.ts';
import { complaintFields, postComplaint, readReceipt } from '../support/complaints.ts';
import { createTestDb, dialectName, type TestDb } from '../support/db.ts';
import { getPage } from '../support/forms.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { createTestUser, sessionCookie } from '../support/users.ts';

let db: TestDb;
let server: RunningServer;
const NAME = 'Ratna Sembunyiwati';
const EMAIL = 'ratna.sembunyi@example.test';
let reporter: { id: number; email: string };
let anonymousCode: string;
let raisedCode: string;

const asSessionUser = (u: { id: number; email: string; role: SessionUser['role']; departmentId: number | null }) =>
  ({
    id: u.id,
    email: u.email,
    name: 'Staf',
    role: u.role,
    departmentId: u.departmentId,
    nip: null,
    affiliation: null,
    affiliationVerified: false,
    locale: 'id',
  }) as SessionUser;

beforeAll(async () => {
  db = await createTestDb();
  // Posted at once after the form loads: no minimum fill time, or the filings are held for the verifier unrouted.
  server = await startServer({ DATABASE_URL: db.url, COMPLAINT_MIN_FILL_SECONDS: '0' });
  const r = await createTestUser(db.db, { name: NAME, email: EMAIL, phone: '081298765432' });
  reporter = r;
  const cookie = await sessionCookie(db.db, r.id);
  // 'sampah' is routed straight to DLHK, so the department can answer and resolve it.
  const fields = { category: 'sampah', kelurahan: '16.71.01.1001', kecamatan: '16.71.01', name: NAME, email: EMAIL, phone: '081298765432' };
  anonymousCode = (
    await readReceipt(
      server.url,
      await postComplaint(
        server.url,
        complaintFields({ ...fields, privacy: 'anonymous', title: 'Sampah liar di bantaran sungai' }),
        [],
        cookie,
      ),
    )
  ).code;
  raisedCode = (
    await readReceipt(
      server.url,
      await postComplaint(server.url, complaintFields({ ...fields, privacy: 'public', title: 'Tumpukan sampah di pasar' }), [], cookie),
    )
  ).code;
  expect(anonymousCode).toMatch(/-/);
  expect(raisedCode).toMatch(/-/);

  const calendar = await loadCalendar(db.db, 'Asia/Jakarta');
  const officer = asSessionUser(await createTestUser(db.db, { role: 'officer', departmentCode: 'DLHK' }));
  const staff = { user: officer, now: new Date(), siteUrl: server.url, calendar, uploadDir: '/tmp' };
  expect(await respondToComplaint(db.db, anonymousCode, { note: 'Petugas akan datang besok.' }, staff)).toEqual({ ok: true });
  expect(await resolveComplaint(db.db, anonymousCode, { note: 'Sampah sudah diangkut seluruhnya.' }, [], staff)).toEqual({ ok: true });
  const me = asSessionUser({ ...r, role: 'resident', departmentId: null });
  expect(
    await rateComplaint(db.db, anonymousCode, { score: 4, comment: 'Cepat ditangani' }, { user: me, hasKey: () => false, now: new Date() }),
  ).toEqual({ ok: true });
  const verifier = asSessionUser(await createTestUser(db.db, { role: 'verifier' }));
  expect(await raisePrivacy(db.db, raisedCode, { privacy: 'anonymous' }, { user: verifier, now: new Date() })).toEqual({ ok: true });
});
afterAll(async () => {
  await server?.stop();
  await db?.cleanup();
});

/** The table rows and list items of a page: what an admin reads as "one entry". */
function entries(html: string): string[] {
  return html.split(/<(?:tr|li)[\s>]/).slice(1);
}

describe(`anonymous complaints seen by an admin (${dialectName})`, () => {
  it('no audit row written about an anonymous complaint names its reporter', async () => {
    const rows = await db.db
      .selectFrom('audit_log')
      .select(['action', 'actor_user_id', 'actor_role'])
      .where('object_type', '=', 'complaint')
      .where('object_id', '=', anonymousCode)
      .execute();
    expect(rows.map((r) => r.action)).toEqual(expect.arrayContaining(['complaint.submitted', 'complaint.rated']));
    for (const row of rows) expect(row.actor_user_id, row.action).not.toBe(reporter.id);
    for (const action of ['complaint.submitted', 'complaint.rated']) {
      expect(rows.find((r) => r.action === action)).toMatchObject({ actor_user_id: null, actor_role: 'anonymous' });
    }
  });

  it('browsing every admin page, the reporter is never beside the code', async () => {
    const admin = await createTestUser(db.db, { role: 'admin' });
    const cookie = await sessionCookie(db.db, admin.id);
    const identity = [EMAIL, maskEmail(EMAIL), NAME, `${reporter.id} (resident)`, `/admin/users/${reporter.id}"`];
    const start = [
      '/admin',
      '/admin/outbox?state=pending',
      '/admin/outbox?state=sent',
      '/admin/outbox?state=failed',
      '/admin/audit',
      `/admin/audit?actor=${reporter.id}`,
      `/admin/audit?objectId=${anonymousCode}`,
      `/admin/audit?objectId=${raisedCode}`,
      `/admin/users/${reporter.id}`,
      '/admin/users',
      '/admin/data-requests',
    ];
    const queue = [...start];
    const seen = new Set<string>();
    let codePages = 0;
    while (queue.length > 0 && seen.size < 300) {
      const path = queue.shift()!;
      if (seen.has(path)) continue;
      seen.add(path);
      const page = await getPage(server.url, path, { cookie });
      if (page.status !== 200) continue;
      for (const m of page.html.matchAll(/href="(\/admin[^"#]*)"/g)) {
        const link = m[1]!.replace(/&amp;/g, '&');
        if (!/\.(csv|xlsx)(\?|$)/.test(link) && !seen.has(link)) queue.push(link);
      }
      for (const code of [anonymousCode, raisedCode]) {
        if (!page.html.includes(code)) continue;
        codePages += 1;
        for (const entry of entries(page.html).filter((e) => e.includes(code))) {
          for (const id of identity) expect(entry, `${path}: ${id} beside ${code}`).not.toContain(id);
        }
      }
    }
    // The admin did come across the codes (outbox and audit log), so the check above was not empty.
    expect(codePages).toBeGreaterThanOrEqual(4);
    expect(seen.size).toBeGreaterThan(15);
    // Filtering the log by the resident does not list their anonymous complaints.
    const byActor = await getPage(server.url, `/admin/audit?actor=${reporter.id}`, { cookie });
    expect(byActor.html).not.toContain(anonymousCode);
    expect(byActor.html).not.toContain(raisedCode);
    // The outbox still shows the messages (for checking delivery), without a recipient.
    const pending = await getPage(server.url, '/admin/outbox?state=pending', { cookie });
    expect(pending.html).toContain(anonymousCode);
    expect(pending.html).toContain('penerima disembunyikan (pengaduan anonim)');
  });
});
