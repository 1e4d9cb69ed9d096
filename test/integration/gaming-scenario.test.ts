// The demo's gaming scenario with stage attribution and checked resolutions (issue 21), on SQLite and
// PostgreSQL: the scripted fast closer's returned resolutions are visible in their evidence, the careful
// officer keeps the responses they gave before a reassignment, and no figure of the evidence page, the
// department list or the HR export ranks the fast closer above the careful officer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dialectName, type TestDb } from '../support/db.ts';
import { seedDemo } from '../../src/server/demo/seed-demo.ts';
import { exportEvidence, lockPeriod, viewDepartmentEvidence, viewOfficerEvidence } from '../../src/server/appraisal/appraisal.service.ts';
import { exportRow } from '../../src/server/appraisal/appraisal.export.ts';
import type { OfficerEvidence } from '../../src/server/appraisal/evidence.ts';
import type { SessionUser } from '../../src/server/auth/session.ts';
import { translator } from '../../src/i18n/index.ts';

const NOW = new Date('2026-12-20T09:00:00Z');
const PERIOD = '2026';
let db: TestDb;
const people: Record<string, { id: number; nip: string | null; user: SessionUser }> = {};

async function person(email: string) {
  const u = await db.db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirstOrThrow();
  const user = {
    id: Number(u.id),
    email: u.email,
    name: u.name,
    role: u.role,
    departmentId: u.department_id === null ? null : Number(u.department_id),
    nip: u.nip,
  } as unknown as SessionUser;
  return { id: Number(u.id), nip: u.nip, user };
}

beforeAll(async () => {
  db = await createTestDb();
  await seedDemo(db.db, { complaints: 1500, seed: 5, now: NOW, timeZone: 'Asia/Jakarta' });
  for (const [k, email] of Object.entries({
    fast: 'petugas3.pupr',
    careful: 'petugas1.pupr',
    colleague: 'petugas2.pupr',
    manager: 'kepala.pupr',
    hr: 'bkpsdm',
  })) {
    people[k] = await person(`${email}@demo.suarawarga.invalid`);
  }
}, 600_000);
afterAll(async () => db?.cleanup());

/** Each figure as (value, higher is better), only when shown as a number (not "data belum cukup"). */
function figures(e: OfficerEvidence): Record<string, { v: number; up: boolean } | null> {
  const share = (s: { value: number | null; sufficient: boolean }, up: boolean) =>
    s.sufficient && s.value !== null ? { v: s.value, up } : null;
  const dur = (d: { median: number | null; p90: number | null; sufficient: boolean }, which: 'median' | 'p90') =>
    d.sufficient && d[which] !== null ? { v: d[which]!, up: false } : null;
  return {
    responseSla: share(e.responseSla.officer, true),
    resolutionSla: share(e.resolutionSla.officer, true),
    reopen: share(e.reopen.officer, false),
    firstResponseMedian: dur(e.firstResponse.officer, 'median'),
    firstResponseP90: dur(e.firstResponse.officer, 'p90'),
    resolutionMedian: dur(e.resolution.officer, 'median'),
    resolutionP90: dur(e.resolution.officer, 'p90'),
    csat: e.csat.officer.sufficient && e.csat.officer.mean !== null ? { v: e.csat.officer.mean, up: true } : null,
    cases: { v: e.cases, up: true },
  };
}

function expectNotAbove(fast: OfficerEvidence, careful: OfficerEvidence, where: string) {
  const f = figures(fast);
  const c = figures(careful);
  for (const k of Object.keys(f)) {
    const a = f[k];
    const b = c[k];
    if (a === null) continue; // "data belum cukup": not a number, ranks nobody
    expect(b, `${where}: ${k} shown for the fast closer but not for the careful officer`).not.toBeNull();
    if (a.up) expect(a.v, `${where}: ${k}`).toBeLessThanOrEqual(b!.v);
    else expect(a.v, `${where}: ${k}`).toBeGreaterThanOrEqual(b!.v);
  }
}

describe(`the gaming scenario (${dialectName})`, () => {
  it("shows the fast closer's returned resolutions and how many were checked", async () => {
    const r = await viewOfficerEvidence(db.db, { nip: people.fast!.nip!, periodKey: PERIOD }, { user: people.manager!.user, now: NOW });
    if (!r.ok) throw new Error('manager should see the fast closer');
    const e = r.view.evidence;
    expect(e.checks.returned).toBeGreaterThan(0);
    expect(e.checks.checked).toBeGreaterThan(e.checks.returned);
    expect(e.signals.returned.count).toBe(e.checks.returned);
    expect(e.signals.returned.flagged).toBe(true);
    // A returned resolution counts like a disputed one.
    expect(e.disputes).toBeGreaterThanOrEqual(e.checks.returned);
  });

  it("keeps the careful officer's responses given before the reassignment with them", async () => {
    const reassigned = await db.db
      .selectFrom('complaint_events as e')
      .innerJoin('complaints as c', 'c.id', 'e.complaint_id')
      .select(['c.id', 'c.first_response_at'])
      .where('e.action', '=', 'assign')
      .where('e.actor_user_id', '=', people.manager!.id)
      .where('c.assignee_user_id', '=', people.colleague!.id)
      .execute();
    expect(reassigned.length).toBeGreaterThan(0);
    const first = await db.db
      .selectFrom('complaint_events')
      .select(['complaint_id', 'actor_user_id'])
      .where(
        'complaint_id',
        'in',
        reassigned.map((x) => x.id),
      )
      .where('action', '=', 'respond')
      .execute();
    expect(new Set(first.map((x) => Number(x.actor_user_id)))).toEqual(new Set([people.careful!.id]));
    const r = await viewOfficerEvidence(db.db, { nip: people.careful!.nip!, periodKey: PERIOD }, { user: people.manager!.user, now: NOW });
    if (!r.ok) throw new Error('manager should see the careful officer');
    // First-response time counts every complaint the careful officer answered first in the year, the
    // reassigned ones included (before attribution by stage they went to the colleague).
    const from = Date.parse('2025-12-31T17:00:00Z');
    const to = Date.parse('2026-12-31T17:00:00Z');
    const responds = await db.db
      .selectFrom('complaint_events')
      .select(['complaint_id', 'actor_user_id', 'at'])
      .where('action', '=', 'respond')
      .orderBy('at')
      .orderBy('id')
      .execute();
    const firstBy = new Map<number, { actor: number; at: number }>();
    for (const x of responds)
      if (!firstBy.has(Number(x.complaint_id))) firstBy.set(Number(x.complaint_id), { actor: Number(x.actor_user_id), at: Number(x.at) });
    const answeredFirst = [...firstBy.values()].filter((x) => x.actor === people.careful!.id && x.at >= from && x.at < to).length;
    const reassignedInYear = reassigned.filter((x) => Number(x.first_response_at) >= from && Number(x.first_response_at) < to).length;
    expect(reassignedInYear).toBeGreaterThan(0);
    expect(r.view.evidence.firstResponse.officer.n).toBe(answeredFirst);
    const colleague = await viewOfficerEvidence(
      db.db,
      { nip: people.colleague!.nip!, periodKey: PERIOD },
      { user: people.manager!.user, now: NOW },
    );
    if (!colleague.ok) throw new Error('manager should see the colleague');
    const answeredByColleague = await db.db
      .selectFrom('complaint_events')
      .select('complaint_id')
      .where('action', '=', 'respond')
      .where('actor_user_id', '=', people.colleague!.id)
      .execute();
    expect(colleague.view.evidence.firstResponse.officer.n).toBeLessThanOrEqual(
      new Set(answeredByColleague.map((x) => x.complaint_id)).size,
    );
  });

  it('ranks the fast closer above the careful officer on no figure: evidence page, department list, HR export', async () => {
    const fast = await viewOfficerEvidence(db.db, { nip: people.fast!.nip!, periodKey: PERIOD }, { user: people.hr!.user, now: NOW });
    const careful = await viewOfficerEvidence(db.db, { nip: people.careful!.nip!, periodKey: PERIOD }, { user: people.hr!.user, now: NOW });
    if (!fast.ok || !careful.ok) throw new Error('HR should see both');
    expectNotAbove(fast.view.evidence, careful.view.evidence, 'evidence page');
    const list = await viewDepartmentEvidence(db.db, { departmentCode: 'PUPR', periodKey: PERIOD }, { user: people.hr!.user, now: NOW });
    if (!list.ok) throw new Error('HR should see the list');
    const row = (id: number) => list.rows.find((x) => x.officer.id === id)!.evidence;
    expectNotAbove(row(people.fast!.id), row(people.careful!.id), 'department list');
    for (const who of ['fast', 'careful'])
      expect((await lockPeriod(db.db, { nip: people[who]!.nip!, periodKey: PERIOD }, { user: people.manager!.user, now: NOW })).ok).toBe(
        true,
      );
    const exported = await exportEvidence(
      db.db,
      { periodKey: PERIOD, departmentCode: 'PUPR', format: 'csv' },
      { user: people.hr!.user, now: NOW },
    );
    if (!exported.ok) throw new Error('HR export refused');
    const rec = (nip: string) => exported.records.find((x) => x.nip === nip)!;
    expectNotAbove(rec(people.fast!.nip!).evidence, rec(people.careful!.nip!).evidence, 'export');
    // The flat CSV/XLSX row carries the same figures.
    const t = translator('id');
    const csvFast = exportRow(rec(people.fast!.nip!), t);
    const csvCareful = exportRow(rec(people.careful!.nip!), t);
    expect(Number(csvFast.cases)).toBeLessThanOrEqual(Number(csvCareful.cases));
    expect(String(csvFast.signals_flagged)).toContain('returned');
    // …and what the page shows beside them: the resolution checks and the time in hand.
    const fe = rec(people.fast!.nip!).evidence;
    expect(fe.checks.returned).toBeGreaterThan(0);
    expect(csvFast).toMatchObject({
      checks_checked: fe.checks.checked,
      checks_returned: fe.checks.returned,
      checks_auto_accepted: fe.checks.autoAccepted,
      checks_pending: fe.checks.pending,
      signal_returned: fe.signals.returned.count,
      time_in_hand_n: fe.timeInHand.n,
    });
    expect(fe.timeInHand.n).toBeGreaterThan(0);
    expect(csvFast.time_in_hand_total).toBeCloseTo(fe.timeInHand.total, 3);
  });
});
