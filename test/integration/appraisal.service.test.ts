// Appraisal evidence commands against the database (SQLite or PostgreSQL): who may view, respond, note,
// lock and export; the lock freezes everything; every view and export leaves an audit row.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dialectName, type TestDb } from '../support/db.ts';
import { NOW, PERIOD, REPORTER, seedAppraisalFixture, type AppraisalFixture } from '../support/appraisal.ts';
import {
  addManagerNote,
  exportEvidence,
  lockPeriod,
  saveOfficerResponse,
  setMinSample,
  viewDepartmentEvidence,
  viewOfficerEvidence,
} from '../../src/server/appraisal/appraisal.service.ts';
import type { SessionUser } from '../../src/server/auth/session.ts';

let db: TestDb;
let f: AppraisalFixture;
const users: Record<string, SessionUser> = {};

async function sessionUserOf(id: number): Promise<SessionUser> {
  const u = await db.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  return {
    id: Number(u.id),
    email: u.email,
    name: u.name,
    role: u.role,
    departmentId: u.department_id === null ? null : Number(u.department_id),
    nip: u.nip,
  } as unknown as SessionUser;
}
const ctx = (who: string) => ({ user: users[who]!, now: NOW, requestId: `req-${who}` });
const audits = (action: string) => db.db.selectFrom('audit_log').selectAll().where('action', '=', action).execute();

beforeAll(async () => {
  db = await createTestDb();
  f = await seedAppraisalFixture(db.db);
  for (const [k, id] of Object.entries({
    alfa: f.alfa.id,
    beta: f.beta.id,
    gama: f.gama.id,
    managerPupr: f.managerPupr,
    managerDinkes: f.managerDinkes,
    hr: f.hr,
  }))
    users[k] = await sessionUserOf(id);
});
afterAll(async () => db?.cleanup());

describe(`appraisal service (${dialectName})`, () => {
  it('shows an officer their own evidence, with the careful work counted and audited as a view', async () => {
    const r = await viewOfficerEvidence(db.db, { periodKey: PERIOD }, ctx('alfa'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const e = r.view.evidence;
    expect(e.cases).toBe(13);
    expect([e.responseSla.officer.numerator, e.responseSla.officer.n]).toEqual([13, 13]);
    expect(e.signals.unverified.count).toBe(0);
    expect(r.view.mayRespond).toBe(true);
    const rows = await audits('appraisal.viewed');
    expect(rows.some((a) => a.object_id === `${f.alfa.id}:${PERIOD}` && a.actor_user_id === f.alfa.id && a.request_id === 'req-alfa')).toBe(
      true,
    );
  });

  it('leaves fast closures without responses out of the figures and flags them', async () => {
    const r = await viewOfficerEvidence(db.db, { nip: f.beta.nip, periodKey: PERIOD }, ctx('managerPupr'));
    if (!r.ok) throw new Error('manager of PUPR should see Beta');
    const e = r.view.evidence;
    expect(e.cases).toBe(0);
    expect(e.resolutionSla.officer.sufficient).toBe(false);
    expect([e.signals.unverified.count, e.signals.unverified.flagged]).toEqual([12, true]);
    expect(e.signals.fast.flagged).toBe(true);
  });

  it('shows anonymised examples only: no reporter name, email or phone, no confidential complaint', async () => {
    const r = await viewOfficerEvidence(db.db, { nip: f.alfa.nip, periodKey: PERIOD }, ctx('hr'));
    if (!r.ok) throw new Error('HR should see Alfa');
    const all = Object.values(r.view.examples).flat();
    expect(all.length).toBeGreaterThan(0);
    const text = JSON.stringify(all);
    for (const v of Object.values(REPORTER)) expect(text).not.toContain(v);
    expect(text).toContain('[dihapus]');
    expect(text).not.toMatch(/APR-26-/);
    expect(r.view.examples.needs.length).toBeLessThanOrEqual(3);
  });

  it('refuses other officers and other departments like a missing record', async () => {
    expect(await viewOfficerEvidence(db.db, { nip: f.beta.nip, periodKey: PERIOD }, ctx('alfa'))).toEqual({
      ok: false,
      error: 'not_found',
    });
    expect(await viewOfficerEvidence(db.db, { nip: f.alfa.nip, periodKey: PERIOD }, ctx('managerDinkes'))).toEqual({
      ok: false,
      error: 'not_found',
    });
    expect(await viewOfficerEvidence(db.db, { nip: '000000000000000000', periodKey: PERIOD }, ctx('hr'))).toEqual({
      ok: false,
      error: 'not_found',
    });
    const list = await viewDepartmentEvidence(db.db, { departmentCode: 'PUPR', periodKey: PERIOD }, ctx('managerDinkes'));
    expect(list.ok).toBe(false);
    const own = await viewDepartmentEvidence(db.db, { periodKey: PERIOD }, ctx('managerDinkes'));
    expect(own.ok && own.rows.map((x) => x.officer.id)).toEqual([f.gama.id]);
  });

  it('lets only the officer respond, only the own department manager note and lock, and nothing after the lock', async () => {
    expect(
      (await saveOfficerResponse(db.db, { periodKey: PERIOD, response: 'Banjir bulan Oktober menambah beban.' }, ctx('alfa'))).ok,
    ).toBe(true);
    expect(await saveOfficerResponse(db.db, { periodKey: PERIOD, response: 'x' }, ctx('managerPupr'))).toEqual({
      ok: false,
      error: 'not_found',
    });
    expect(await addManagerNote(db.db, { nip: f.alfa.nip, periodKey: PERIOD, note: 'Catatan' }, ctx('managerDinkes'))).toEqual({
      ok: false,
      error: 'not_found',
    });
    expect(await addManagerNote(db.db, { nip: f.alfa.nip, periodKey: PERIOD, note: 'Catatan' }, ctx('hr'))).toEqual({
      ok: false,
      error: 'not_found',
    });
    expect(await lockPeriod(db.db, { nip: f.alfa.nip, periodKey: PERIOD }, ctx('managerDinkes'))).toEqual({
      ok: false,
      error: 'not_found',
    });
    expect((await addManagerNote(db.db, { nip: f.alfa.nip, periodKey: PERIOD, note: 'Penanganan teliti.' }, ctx('managerPupr'))).ok).toBe(
      true,
    );
    expect((await lockPeriod(db.db, { nip: f.alfa.nip, periodKey: PERIOD }, ctx('managerPupr'))).ok).toBe(true);
    expect(await saveOfficerResponse(db.db, { periodKey: PERIOD, response: 'Diubah setelah dikunci' }, ctx('alfa'))).toEqual({
      ok: false,
      error: 'locked',
    });
    expect(await addManagerNote(db.db, { nip: f.alfa.nip, periodKey: PERIOD, note: 'Diubah' }, ctx('managerPupr'))).toEqual({
      ok: false,
      error: 'locked',
    });
    expect(await lockPeriod(db.db, { nip: f.alfa.nip, periodKey: PERIOD }, ctx('managerPupr'))).toEqual({ ok: false, error: 'locked' });
    const review = await db.db
      .selectFrom('appraisal_reviews')
      .selectAll()
      .where('officer_user_id', '=', f.alfa.id)
      .executeTakeFirstOrThrow();
    expect(review.officer_response).toBe('Banjir bulan Oktober menambah beban.');
    expect(review.manager_note).toBe('Penanganan teliti.');
    expect(Number(review.locked_by)).toBe(f.managerPupr);
    for (const a of ['appraisal.response_saved', 'appraisal.note_saved', 'appraisal.locked']) expect((await audits(a)).length, a).toBe(1);
    const view = await viewOfficerEvidence(db.db, { periodKey: PERIOD }, ctx('alfa'));
    expect(view.ok && view.view.mayRespond).toBe(false);
  });

  it('exports locked evidence only, to HR only, keyed by NIP and period, from the frozen snapshot, audited', async () => {
    expect(await exportEvidence(db.db, { periodKey: PERIOD, format: 'json' }, ctx('managerPupr'))).toEqual({
      ok: false,
      error: 'not_found',
    });
    const before = (await audits('appraisal.exported')).length;
    const r = await exportEvidence(db.db, { periodKey: PERIOD, format: 'csv' }, ctx('hr'));
    if (!r.ok) throw new Error('HR export refused');
    expect(r.records.map((x) => [x.nip, x.period])).toEqual([[f.alfa.nip, PERIOD]]);
    expect(r.records[0]!.evidence.cases).toBe(13);
    // The snapshot does not move when the data does: a late rating after the lock changes nothing.
    await db.db.updateTable('complaints').set({ assignee_user_id: f.beta.id }).where('assignee_user_id', '=', f.alfa.id).execute();
    const again = await exportEvidence(db.db, { periodKey: PERIOD, departmentCode: 'PUPR', format: 'xlsx' }, ctx('hr'));
    expect(again.ok && again.records[0]!.evidence.cases).toBe(13);
    await db.db.updateTable('complaints').set({ assignee_user_id: f.alfa.id }).where('code', 'in', f.codes.slice(0, 13)).execute();
    const rows = await audits('appraisal.exported');
    expect(rows.length).toBe(before + 2);
    expect(JSON.parse(rows.at(-1)!.details)).toMatchObject({
      period: PERIOD,
      department: 'PUPR',
      format: 'xlsx',
      rows: 1,
      officer_ids: String(f.alfa.id),
    });
    expect(JSON.stringify(r.records)).not.toContain(REPORTER.email);
  });

  it('reads the minimum sample from the settings (appraisal_min_sample, default 10 from the reference data)', async () => {
    const at10 = await viewOfficerEvidence(db.db, { nip: f.alfa.nip, periodKey: PERIOD }, ctx('hr'));
    expect(at10.ok && [at10.view.evidence.minSample, at10.view.evidence.responseSla.officer.sufficient]).toEqual([10, true]);
    await setMinSample(db.db, 20, { user: null, now: NOW });
    const at20 = await viewOfficerEvidence(db.db, { nip: f.alfa.nip, periodKey: PERIOD }, ctx('hr'));
    expect(at20.ok && [at20.view.evidence.minSample, at20.view.evidence.responseSla.officer.sufficient]).toEqual([20, false]);
    expect((await audits('appraisal.min_sample_set')).length).toBe(1);
    await setMinSample(db.db, 10, { user: null, now: NOW });
  });
});
