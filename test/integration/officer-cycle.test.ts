// The officers' part of the development cycle (issue 20) on both dialects: the JP ledger from plans and
// completed participations inserted directly (the trainings service is another part), its policy (an
// officer sees only their own ledger, a manager only their department), and over HTTP without JavaScript:
// /me/training with proposals and plan comments, the HR ledger page, and the plan editor and priorities
// page showing the proposals and comments.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dialectName, type TestDb } from '../support/db.ts';
import { getPage, postForm } from '../support/forms.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { createTestUser, sessionCookie } from '../support/users.ts';
import { ledgerByDepartment, myLedger } from '../../src/server/development/jp-ledger.ts';
import { commentOnPlan } from '../../src/server/development/officer-cycle.service.ts';
import type { SessionUser } from '../../src/server/auth/session.ts';

const NIP_A = '198801012015011001';
const NIP_B = '199001012015012002';
const NIP_C = '199201012020011003';
const NIP_P = '199301012020011004';
const NOW = Date.parse('2026-11-01T03:00:00Z');

let db: TestDb;
let server: RunningServer;
const ids: Record<string, number> = {};
const cookies: Record<string, string> = {};
let dinkes: number;
let pupr: number;

const user = (id: number, role: SessionUser['role'], departmentId: number | null, nip: string | null): SessionUser => ({
  id,
  email: 'x@example.test',
  name: 'Uji',
  role,
  departmentId,
  nip,
  affiliation: null,
  affiliationVerified: false,
  locale: 'id',
});

async function training(title: string, year: number, jp: number, departmentId: number | null) {
  const r = await db.db
    .insertInto('trainings')
    .values({
      department_id: departmentId,
      plan_item_id: null,
      year,
      title,
      competency_id: null,
      kind: 'teknis',
      jalur: 'klasikal',
      bentuk: 'pelatihan',
      provider: 'BPSDM Provinsi (uji)',
      starts_on: `${year}-03-02`,
      ends_on: `${year}-03-04`,
      jp,
      capacity: null,
      evaluation_survey_id: null,
      created_by: null,
      created_at: NOW,
      updated_at: NOW,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(r.id);
}

async function participant(
  trainingId: number,
  v: { userId: number | null; nip: string; name: string; status: 'enrolled' | 'completed' | 'withdrawn'; jp: number; certificate?: string },
) {
  const r = await db.db
    .insertInto('training_participants')
    .values({
      training_id: trainingId,
      user_id: v.userId,
      nip: v.nip,
      name: v.name,
      department_id: dinkes,
      status: v.status,
      completed_at: v.status === 'completed' ? NOW : null,
      jp_credited: v.jp,
      certificate_no: v.certificate ?? '',
      created_at: NOW,
      updated_at: NOW,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(r.id);
}

beforeAll(async () => {
  db = await createTestDb();
  dinkes = Number((await db.db.selectFrom('departments').select('id').where('code', '=', 'DINKES').executeTakeFirstOrThrow()).id);
  pupr = Number((await db.db.selectFrom('departments').select('id').where('code', '=', 'PUPR').executeTakeFirstOrThrow()).id);
  ids.a = (await createTestUser(db.db, { role: 'officer', departmentCode: 'DINKES', nip: NIP_A, name: 'Ani Fungsional' })).id;
  await db.db.updateTable('users').set({ jabatan: 'Pejabat fungsional teknis' }).where('id', '=', ids.a).execute();
  ids.b = (await createTestUser(db.db, { role: 'officer', departmentCode: 'DINKES', nip: NIP_B, name: 'Budi Bernama' })).id;
  ids.c = (await createTestUser(db.db, { role: 'officer', departmentCode: 'DINKES', nip: NIP_C, name: 'Citra Tanpa Pelatihan' })).id;
  ids.p = (await createTestUser(db.db, { role: 'officer', departmentCode: 'PUPR', nip: NIP_P, name: 'Putra Pupr' })).id;
  ids.hr = (await createTestUser(db.db, { role: 'hr' })).id;
  ids.mDinkes = (await createTestUser(db.db, { role: 'manager', departmentCode: 'DINKES' })).id;
  ids.mPupr = (await createTestUser(db.db, { role: 'manager', departmentCode: 'PUPR' })).id;
  // DINKES 2026 (final): 8 JP for everyone, 12 JP for "Pejabat fungsional teknis" (A's jabatan), 6 JP naming B.
  const plan = await db.db
    .insertInto('training_plans')
    .values({ department_id: dinkes, year: 2026, status: 'final', officer_count: 4, created_by: null, created_at: NOW, updated_at: NOW })
    .returning('id')
    .executeTakeFirstOrThrow();
  const group = await db.db
    .insertInto('training_plan_groups')
    .values({ plan_id: plan.id, name: 'Pejabat fungsional teknis', head_count: 1, created_at: NOW })
    .returning('id')
    .executeTakeFirstOrThrow();
  const item = {
    plan_id: plan.id,
    competency_id: null,
    kind: 'teknis' as const,
    jalur: 'klasikal' as const,
    bentuk: 'pelatihan',
    updated_at: NOW,
  };
  await db.db
    .insertInto('training_plan_items')
    .values([
      { ...item, position: 1, target: 'Seluruh PNS', target_count: 4, jp: 8, target_group_id: null, target_nips: '' },
      { ...item, position: 2, target: 'Fungsional', target_count: 1, jp: 12, target_group_id: group.id, target_nips: '' },
      { ...item, position: 3, target: 'Budi', target_count: 1, jp: 6, target_group_id: null, target_nips: NIP_B },
    ])
    .execute();
  // DINKES 2027: a draft the officers comment on.
  await db.db
    .insertInto('training_plans')
    .values({ department_id: dinkes, year: 2027, status: 'draft', officer_count: 4, created_by: null, created_at: NOW, updated_at: NOW })
    .execute();
  // Trainings: A completed 12 JP (by account); B enrolled there (nothing credited) and completed 8 JP entered by NIP only;
  // C completed 30 JP, but in 2025; PUPR's P completed 24 JP in 2026.
  const t1 = await training('Bimtek Layanan Puskesmas 2026', 2026, 12, dinkes);
  ids.pa = await participant(t1, {
    userId: ids.a,
    nip: NIP_A,
    name: 'Ani Fungsional',
    status: 'completed',
    jp: 12,
    certificate: 'STTPP-UJI-001',
  });
  ids.pb = await participant(t1, { userId: ids.b, nip: NIP_B, name: 'Budi Bernama', status: 'enrolled', jp: 0 });
  const t2 = await training('E-learning Komunikasi Publik', 2026, 8, null);
  await participant(t2, { userId: null, nip: NIP_B, name: 'Budi Bernama', status: 'completed', jp: 8 });
  await participant(await training('Diklat Lama 2025', 2025, 30, dinkes), {
    userId: ids.c,
    nip: NIP_C,
    name: 'Citra Tanpa Pelatihan',
    status: 'completed',
    jp: 30,
  });
  await participant(await training('Bimtek Jalan 2026', 2026, 24, pupr), {
    userId: ids.p,
    nip: NIP_P,
    name: 'Putra Pupr',
    status: 'completed',
    jp: 24,
  });
  server = await startServer({ DATABASE_URL: db.url });
  for (const k of ['a', 'b', 'c', 'p', 'hr', 'mDinkes', 'mPupr']) cookies[k] = await sessionCookie(db.db, ids[k]!);
});
afterAll(async () => {
  await server?.stop();
  await db?.cleanup();
});

const get = (p: string, who: string) => getPage(server.url, p, { cookie: cookies[who] });
const post = (p: string, fields: Record<string, string>, who: string) => postForm(server.url, p, fields, { cookie: cookies[who] });
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe(`JP ledger and the officers' part of the cycle (${dialectName})`, () => {
  it('computes planned and realised JP per PNS, only completed participations of the year', async () => {
    const a = await myLedger(db.db, user(ids.a!, 'officer', dinkes, NIP_A), 2026);
    expect(a).toMatchObject({ nip: NIP_A, planned: 20, planStatus: 'final', realised: 12, missing: 8 });
    // B: 8 + 6 (named) planned; the enrolled training credits nothing, the NIP-only completion 8.
    expect(await myLedger(db.db, user(ids.b!, 'officer', dinkes, NIP_B), 2026)).toMatchObject({ planned: 14, realised: 8, missing: 12 });
    // C: the 2025 training does not count for 2026, and counts for 2025 (no plan that year).
    expect(await myLedger(db.db, user(ids.c!, 'officer', dinkes, NIP_C), 2026)).toMatchObject({ planned: 8, realised: 0, missing: 20 });
    expect(await myLedger(db.db, user(ids.c!, 'officer', dinkes, NIP_C), 2025)).toMatchObject({ planned: null, realised: 30, missing: 0 });
  });

  it('shows HR every department, a manager only their own, an officer nothing', async () => {
    const hr = (await ledgerByDepartment(db.db, user(ids.hr!, 'hr', null, null), 2026))!;
    const d = hr.find((x) => x.department.id === dinkes)!;
    expect(d.pns).toBe(3);
    expect(d.below.map((e) => e.nip)).toEqual([NIP_A, NIP_B, NIP_C]);
    expect(hr.find((x) => x.department.id === pupr)!.below).toEqual([]);
    const m = (await ledgerByDepartment(db.db, user(ids.mPupr!, 'manager', pupr, null), 2026))!;
    expect(m.map((x) => x.department.id)).toEqual([pupr]);
    expect(await ledgerByDepartment(db.db, user(ids.a!, 'officer', dinkes, NIP_A), 2026)).toBeNull();
  });

  it("shows an officer their own ledger and trainings, never another officer's", async () => {
    const r = await get('/me/training?year=2026', 'a');
    expect(r.status).toBe(200);
    expect(r.html).toMatch(/id="jp-planned"[^>]*>20</);
    expect(r.html).toMatch(/id="jp-realised"[^>]*>12</);
    expect(r.html).toMatch(/id="jp-missing"[^>]*>8</);
    expect(r.html).toContain('Bimtek Layanan Puskesmas 2026');
    expect(r.html).toContain('STTPP-UJI-001');
    // The completed training links to its participant page (evaluation and action plan, another part).
    expect(r.html).toContain(`href="/me/training/${ids.pa}"`);
    for (const other of ['E-learning Komunikasi Publik', 'Bimtek Jalan 2026', 'Budi Bernama', NIP_B]) expect(r.html).not.toContain(other);
    const b = await get('/me/training?year=2026', 'b');
    expect(b.html).toMatch(/id="jp-realised"[^>]*>8</);
    expect(b.html).toContain('E-learning Komunikasi Publik');
    // B is only enrolled in the first training: listed, no participant link yet.
    expect(b.html).toContain('Bimtek Layanan Puskesmas 2026');
    expect(b.html).not.toContain(`href="/me/training/${ids.pb}"`);
    expect(b.html).not.toContain('STTPP-UJI-001');
    expect((await get('/me', 'a')).html).toContain('href="/me/training"');
  });

  it('takes a proposal without JavaScript: 422 keeps the input, 303 records it for the plan year', async () => {
    const competency = String(
      (await db.db.selectFrom('competencies').select('id').where('code', '=', 'komunikasi').executeTakeFirstOrThrow()).id,
    );
    const bad = await post(
      '/me/training?year=2026',
      { intent: 'propose', competency, reason: 'pendek', jalur: 'nonklasikal', year: '2027' },
      'a',
    );
    expect(bad.status).toBe(422);
    expect(bad.html).toContain('id="pr-reason-error"');
    expect(bad.html).toMatch(new RegExp(`<option value="${competency}" selected`));
    expect(bad.html).toMatch(/id="pr-reason"[^>]*>pendek<\/textarea>/);
    expect(
      (await post('/me/training?year=2026', { intent: 'propose', competency, reason: 'Alasan cukup panjang', year: '2040' }, 'a')).status,
    ).toBe(422);
    for (const who of ['a', 'b']) {
      const ok = await post(
        '/me/training?year=2026',
        { intent: 'propose', competency, reason: `Tanggapan saya perlu lebih jelas (${who})`, jalur: 'nonklasikal', year: '2027' },
        who,
      );
      expect(ok.status).toBe(303);
      expect(ok.location).toContain('done=proposed');
    }
    const mine = await get('/me/training?year=2026', 'a');
    expect(mine.html).toContain('Tanggapan saya perlu lebih jelas (a)');
    expect(mine.html).not.toContain('Tanggapan saya perlu lebih jelas (b)');
    const rows = await db.db.selectFrom('training_proposals').select(['user_id', 'department_id', 'year', 'jalur']).orderBy('id').execute();
    expect(rows.map((r) => [Number(r.user_id), Number(r.department_id), Number(r.year), r.jalur])).toEqual([
      [ids.a, dinkes, 2027, 'nonklasikal'],
      [ids.b, dinkes, 2027, 'nonklasikal'],
    ]);
    expect(
      await db.db.selectFrom('audit_log').select('action').where('action', '=', 'development.training_proposed').execute(),
    ).toHaveLength(2);
  });

  it('takes comments on the draft plan and refuses them once it is final', async () => {
    const draft = await get('/me/training?year=2027', 'a');
    expect(draft.html).toContain('id="comment-form"');
    const empty = await post('/me/training?year=2027', { intent: 'comment', year: '2027', body: '' }, 'a');
    expect(empty.status).toBe(422);
    expect(empty.html).toContain('id="cm-body-error"');
    const ok = await post(
      '/me/training?year=2027',
      { intent: 'comment', year: '2027', body: 'Mohon jadwal pelatihan di luar akhir bulan.' },
      'a',
    );
    expect(ok.status).toBe(303);
    const seenByB = await get('/me/training?year=2027', 'b');
    expect(seenByB.html).toContain('Mohon jadwal pelatihan di luar akhir bulan.');
    // Colleagues read the comment, not who wrote it (HR sees the name in the plan editor).
    expect(seenByB.html).not.toContain('Ani Fungsional');
    expect(seenByB.html).toContain('Rekan dinas');
    // PUPR's officer never sees DINKES's plan or comments.
    expect((await get('/me/training?year=2027', 'p')).html).not.toContain('Mohon jadwal pelatihan');
    // The 2026 plan is final: no form, and a crafted POST is refused with the reason.
    expect((await get('/me/training?year=2026', 'a')).html).not.toContain('id="comment-form"');
    const closed = await post('/me/training?year=2026', { intent: 'comment', year: '2026', body: 'Terlambat berkomentar.' }, 'a');
    expect(closed.status).toBe(422);
    expect(closed.html).toContain('Rencana sudah final; komentar ditutup.');
    expect(
      await commentOnPlan(db.db, { actor: user(ids.hr!, 'hr', null, null), now: new Date() }, { year: 2027, body: 'HR tanpa dinas' }),
    ).toEqual({ ok: false, error: 'not_found' });
  });

  it('shows HR and the manager the proposals and comments in the plan editor, and the count on the priorities page', async () => {
    for (const who of ['hr', 'mDinkes']) {
      const plan = await get('/reports/development/plan?department=DINKES&year=2027', who);
      expect(plan.status).toBe(200);
      expect(text(plan.html)).toContain('Komunikasi : 2 usulan');
      expect(plan.html).toContain('Tanggapan saya perlu lebih jelas (b)');
      expect(plan.html).toContain('Mohon jadwal pelatihan di luar akhir bulan.');
      expect(plan.html).toContain('Ani Fungsional');
    }
    const pr = await get('/reports/development?period=year&at=2026-01-01&department=DINKES', 'hr');
    expect(pr.status).toBe(200);
    expect(pr.html).toContain('rencana 2027');
    expect(text(pr.html)).toContain('Komunikasi: 2 usulan');
    // Another year's plan has no proposals yet.
    expect(text((await get('/reports/development?period=year&at=2025-01-01&department=DINKES', 'hr')).html)).not.toContain(
      'Komunikasi: 2 usulan',
    );
  });

  it('lists the PNS below 20 JP per department for HR; the manager of another department gets 404', async () => {
    const all = await get('/reports/development/jp?year=2026', 'hr');
    expect(all.status).toBe(200);
    expect(all.html).toMatch(/data-department="DINKES"[^]*?data-below="3"/);
    const dinkesPage = await get('/reports/development/jp?year=2026&department=DINKES', 'hr');
    for (const s of [NIP_A, NIP_B, NIP_C, 'Citra Tanpa Pelatihan']) expect(dinkesPage.html).toContain(s);
    expect(dinkesPage.html).not.toContain(NIP_P);
    const own = await get('/reports/development/jp?year=2026', 'mDinkes');
    expect(own.status).toBe(200);
    expect(own.html).toContain(NIP_C);
    expect(own.html).not.toContain('data-department="PUPR"');
    expect((await get('/reports/development/jp?year=2026&department=DINKES', 'mPupr')).status).toBe(404);
    expect((await get('/reports/development/jp?year=2026', 'a')).status).toBe(404);
    expect((await get('/reports/development', 'hr')).html).toContain('href="/reports/development/jp"');
  });
});
