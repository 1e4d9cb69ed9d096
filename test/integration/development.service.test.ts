// Development priorities against the database (both dialects): the category → competency map loads
// once, the ranking of a small hand-counted fixture, drafting a plan within 20 JP, editing, finalising.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dialectName, type TestDb } from '../support/db.ts';
import { seedDevelopmentFixture } from '../support/development.ts';
import { createTestUser } from '../support/users.ts';
import { loadReference, REFERENCE_DIR } from '../../src/server/reference/reference.loader.ts';
import { computePriorities, basisPeriod } from '../../src/server/development/priorities.ts';
import { draftTrainingPlan, readPlan, setPlanOfficerCount, setPlanStatus } from '../../src/server/development/development.service.ts';
import { addPlanItem, removePlanItem, updatePlanItem } from '../../src/server/development/plan-items.service.ts';
import { addPlanGroup, removePlanGroup } from '../../src/server/development/plan-groups.service.ts';
import { planItemInput } from '../../src/server/development/development.schema.ts';
import type { SessionUser } from '../../src/server/auth/session.ts';
import { seedDemo } from '../../src/server/demo/seed-demo.ts';

let t: TestDb;
let fx: Awaited<ReturnType<typeof seedDevelopmentFixture>>;
let hr: SessionUser;
let manager: SessionUser;
const NOW = new Date('2026-01-15T03:00:00Z');

const sessionUser = (u: { id: number; role: SessionUser['role']; departmentId: number | null }): SessionUser => ({
  id: u.id,
  email: 'x@example.test',
  name: 'Uji',
  role: u.role,
  departmentId: u.departmentId,
  nip: null,
  affiliation: null,
  affiliationVerified: false,
  locale: 'id',
});

beforeAll(async () => {
  t = await createTestDb();
  fx = await seedDevelopmentFixture(t.db);
  hr = sessionUser(await createTestUser(t.db, { role: 'hr' }));
  manager = sessionUser(await createTestUser(t.db, { role: 'manager', departmentCode: 'DINKES' }));
});
afterAll(async () => {
  await t?.cleanup();
});

const item = (over: Record<string, string> = {}) =>
  planItemInput.parse({
    kind: 'teknis',
    target: 'Petugas loket puskesmas',
    target_count: '2',
    jalur: 'klasikal',
    bentuk: 'pelatihan',
    jp: '4',
    ...over,
  });

describe(`development priorities (${dialectName})`, () => {
  it('loads the category → competency map with the reference data, once', async () => {
    const n = async () =>
      Number(
        (
          await t.db
            .selectFrom('category_competencies')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const lines =
      fs
        .readFileSync(path.join(REFERENCE_DIR, 'palembang', 'category-competencies.csv'), 'utf8')
        .trim()
        .split('\n').length - 1;
    expect(await n()).toBe(lines);
    expect((await loadReference(t.db, 'palembang')).skipped).toBe(true);
    // Changed files (new checksum): mapped pairs are matched, not duplicated.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-dev-ref-'));
    fs.cpSync(path.join(REFERENCE_DIR, 'palembang'), path.join(dir, 'palembang'), { recursive: true });
    fs.appendFileSync(path.join(dir, 'palembang', 'holidays.csv'), '2026-06-21,Hari uji,libur_daerah\n');
    const again = await loadReference(t.db, 'palembang', { dir });
    expect(again.skipped).toBe(false);
    expect(again.inserted.categoryCompetencies).toBe(0);
    expect(await n()).toBe(lines);
    // A bad row names the file and the row.
    fs.appendFileSync(path.join(dir, 'palembang', 'category-competencies.csv'), 'sampah,tidak_ada\n');
    await expect(loadReference(t.db, 'palembang', { dir })).rejects.toThrow(
      /palembang\/category-competencies\.csv:\d+: unknown competency tidak_ada/,
    );
    fs.rmSync(dir, { recursive: true });
  });

  it('a region without the mapping file is refused by region-check, naming the file', async () => {
    const j = await createTestDb({ reference: false });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-nomap-'));
    try {
      fs.cpSync(path.join(REFERENCE_DIR, 'jakarta'), path.join(dir, 'jakarta'), { recursive: true });
      fs.rmSync(path.join(dir, 'jakarta', 'category-competencies.csv'));
      await expect(loadReference(j.db, 'jakarta', { dir })).rejects.toThrow(/jakarta\/category-competencies\.csv: missing file/);
      expect(await j.db.selectFrom('departments').selectAll().execute()).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true });
      await j.cleanup();
    }
  });

  it('ranks the hand-counted fixture', async () => {
    // puskesmas → pelayanan_publik, kebijakan_kesehatan, komunikasi. e(1) = 0.5 + 1 + 1 = 2.5, e(2) = 0.5 + 1 = 1.5;
    // each competency gets 4/3, V = 2 → K = 66.67. komunikasi: v = 1 + 2 = 3 of Σv = 3 → S = 100.
    const d = await t.db
      .selectFrom('departments')
      .select(['id', 'code', 'name', 'short_name'])
      .where('code', '=', 'DINKES')
      .executeTakeFirstOrThrow();
    const p = await computePriorities(t.db, { ...d, id: Number(d.id) }, basisPeriod(2026), NOW);
    expect(p.result.volume).toBe(2);
    expect(p.result.voice).toBe(3);
    expect(p.ranked.map((r) => r.competency.code)).toEqual(['komunikasi', 'pelayanan_publik', 'kebijakan_kesehatan']);
    expect(p.ranked[0]!.score).toBeCloseTo(200 / 3 + 100, 6);
    expect(p.ranked[1]!.score).toBeCloseTo(200 / 3, 6);
    expect(p.ranked[1]!.complaintEvidence).toEqual({
      complaints: 2,
      volume: 2,
      responseMisses: 1,
      resolutionMisses: 1,
      reopens: 0,
      lowRatings: 1,
    });
    expect(p.ranked[0]!.contributions.map((c) => c.id)).toEqual([fx.contributionId]);
    expect(p.ranked[1]!.complaints.map((c) => c.code).sort()).toEqual(['PLG-25-DEVAA1', 'PLG-25-DEVAA2']);
  });

  it('drafts a plan from the priorities within 20 JP per officer; only HR, only once', async () => {
    expect(await draftTrainingPlan(t.db, { actor: manager, now: NOW }, fx.dinkes, 2026)).toEqual({ ok: false, error: 'not_found' });
    const r = await draftTrainingPlan(t.db, { actor: hr, now: NOW }, fx.dinkes, 2026);
    expect(r.ok).toBe(true);
    expect(await draftTrainingPlan(t.db, { actor: hr, now: NOW }, fx.dinkes, 2026)).toEqual({ ok: false, error: 'exists' });
    const view = (await readPlan(t.db, manager, 'DINKES', 2026))!;
    expect(view.plan).toMatchObject({ status: 'draft', officer_count: 3 }); // two officers and the manager
    // 20 JP over 166.67 : 66.67 : 66.67 → 17 spare JP: 9.44, 3.78, 3.78 → 10, 4, 4 + the last 2 to the larger remainders → 10, 5, 5
    expect(view.items.map((i) => [i.competency_code, i.kind, i.jalur, i.bentuk, i.jp, i.target_count])).toEqual([
      ['komunikasi', 'manajerial', 'nonklasikal', 'coaching', 10, 3],
      ['pelayanan_publik', 'manajerial', 'nonklasikal', 'coaching', 5, 3],
      ['kebijakan_kesehatan', 'teknis', 'klasikal', 'bimbingan_teknis', 5, 3],
    ]);
    expect(view.jp).toMatchObject({ pnsBelow: 0, status: 'meets', officerCount: 3 });
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['action', 'actor_user_id'])
      .where('action', '=', 'development.plan_drafted')
      .execute();
    expect(audit).toEqual([{ action: 'development.plan_drafted', actor_user_id: hr.id }]);
    // Another department's manager sees nothing.
    const other = sessionUser(await createTestUser(t.db, { role: 'manager', departmentCode: 'PUPR' }));
    expect(await readPlan(t.db, other, 'DINKES', 2026)).toBeNull();
  });

  it('edits items, refuses a final plan below 20 JP and edits of a final plan', async () => {
    const view = (await readPlan(t.db, hr, 'DINKES', 2026))!;
    const planId = view.plan!.id;
    const first = view.items[0]!;
    expect(await updatePlanItem(t.db, { actor: manager, now: NOW }, planId, first.id, item())).toEqual({ ok: false, error: 'not_found' });
    // Four named PNS in a plan of three (the head count now follows from the target, not a typed number).
    const four = ['198501012010011001', '198501012010011002', '198501012010011003', '198501012010011004'].join(' ');
    expect(await updatePlanItem(t.db, { actor: hr, now: NOW }, planId, first.id, item({ target_nips: four }))).toEqual({
      ok: false,
      error: 'target_exceeds',
    });
    expect(await updatePlanItem(t.db, { actor: hr, now: NOW }, planId, first.id, item({ target_group: '999999' }))).toEqual({
      ok: false,
      error: 'target_group',
    });
    expect((await updatePlanItem(t.db, { actor: hr, now: NOW }, planId, first.id, item({ jp: '4', budget: '1.500.000' }))).ok).toBe(true);
    const after = (await readPlan(t.db, hr, 'DINKES', 2026))!;
    expect(after.items[0]).toMatchObject({
      jp: 4,
      budget: 1_500_000,
      kind: 'teknis',
      bentuk: 'pelatihan',
      target_count: 3,
      target_group_id: null,
    });
    // 4 + 5 + 5 = 14 JP for each of the 3 PNS: 6 short, so it stays a draft.
    expect(after.jp).toMatchObject({ pnsBelow: 3, status: 'below' });
    expect(after.jp.below).toMatchObject([{ kind: 'rest', headCount: 3, jpPerPns: 14, shortfall: 6 }]);
    expect(await setPlanStatus(t.db, { actor: hr, now: NOW }, planId, 'final')).toEqual({ ok: false, error: 'below_entitlement' });
    const added = await addPlanItem(
      t.db,
      { actor: hr, now: NOW },
      planId,
      item({ jp: '6', target_count: '3', jalur: 'nonklasikal', bentuk: 'e_learning' }),
    );
    expect(added.ok).toBe(true);
    const final = await setPlanStatus(t.db, { actor: hr, now: NOW }, planId, 'final');
    expect(final).toMatchObject({ ok: true, value: { pnsBelow: 0, status: 'meets' } });
    expect(await removePlanItem(t.db, { actor: hr, now: NOW }, planId, first.id)).toEqual({ ok: false, error: 'final' });
    expect((await setPlanStatus(t.db, { actor: hr, now: NOW }, planId, 'draft')).ok).toBe(true);
    expect((await removePlanItem(t.db, { actor: hr, now: NOW }, planId, first.id)).ok).toBe(true);
    const actions = (
      await t.db.selectFrom('audit_log').select('action').where('object_type', '=', 'training_plan').orderBy('id').execute()
    ).map((a) => a.action);
    expect(actions).toEqual([
      'development.plan_drafted',
      'development.plan_item_updated',
      'development.plan_item_added',
      'development.plan_status_changed',
      'development.plan_status_changed',
      'development.plan_item_deleted',
    ]);
  });

  it('refuses to finalise while a target group is below 20 JP per PNS, then accepts it', async () => {
    const fx2 = await t.db.selectFrom('departments').select('id').where('code', '=', 'PUPR').executeTakeFirstOrThrow();
    const drafted = await draftTrainingPlan(t.db, { actor: hr, now: NOW }, Number(fx2.id), 2027);
    expect(drafted.ok).toBe(true);
    const planId = (drafted as { value: number }).value;
    // 120 PNS, a named group of 12 with 200 JP: the old average (12 · 200 / 120 = 20) passed this.
    expect((await setPlanOfficerCount(t.db, { actor: hr, now: NOW }, planId, 120)).ok).toBe(true);
    const view0 = (await readPlan(t.db, hr, 'PUPR', 2027))!;
    for (const i of view0.items) expect((await removePlanItem(t.db, { actor: hr, now: NOW }, planId, i.id)).ok).toBe(true);
    const g = await addPlanGroup(t.db, { actor: hr, now: NOW }, planId, { name: 'Pejabat fungsional teknis', headCount: 12 });
    expect(g.ok).toBe(true);
    const groupId = (g as { value: number }).value;
    expect(await addPlanGroup(t.db, { actor: hr, now: NOW }, planId, { name: 'Pejabat fungsional teknis', headCount: 2 })).toEqual({
      ok: false,
      error: 'group_exists',
    });
    expect(await addPlanGroup(t.db, { actor: hr, now: NOW }, planId, { name: 'Terlalu banyak', headCount: 109 })).toEqual({
      ok: false,
      error: 'groups_exceed',
    });
    expect((await addPlanItem(t.db, { actor: hr, now: NOW }, planId, item({ jp: '200', target_group: String(groupId) }))).ok).toBe(true);
    const v = (await readPlan(t.db, hr, 'PUPR', 2027))!;
    expect(v.items[0]).toMatchObject({ target_group_id: groupId, target_count: 12 });
    expect(v.jp.below).toMatchObject([{ kind: 'rest', headCount: 108, jpPerPns: 0, shortfall: 20 }]);
    expect(await setPlanStatus(t.db, { actor: hr, now: NOW }, planId, 'final')).toEqual({ ok: false, error: 'below_entitlement' });
    expect(await removePlanGroup(t.db, { actor: hr, now: NOW }, planId, groupId)).toEqual({ ok: false, error: 'group_in_use' });
    // A stale form (version read before the last change) is refused.
    expect(await setPlanStatus(t.db, { actor: hr, now: NOW }, planId, 'final', v.plan!.version - 1)).toEqual({ ok: false, error: 'stale' });
    // 20 JP for everyone: every PNS reaches 20, the group 220.
    expect((await addPlanItem(t.db, { actor: hr, now: NOW }, planId, item({ jp: '20' }))).ok).toBe(true);
    const ok = await setPlanStatus(t.db, { actor: hr, now: NOW }, planId, 'final');
    expect(ok).toMatchObject({ ok: true, value: { pnsBelow: 0, status: 'meets' } });
    const status = await t.db.selectFrom('training_plans').select(['status', 'version']).where('id', '=', planId).executeTakeFirstOrThrow();
    expect(status.status).toBe('final');
  });

  it('validates plan items: positive whole JP, bentuk of the jalur', () => {
    expect(
      planItemInput.safeParse({ kind: 'teknis', target: 'Semua', target_count: '1', jalur: 'klasikal', bentuk: 'pelatihan', jp: '0' })
        .success,
    ).toBe(false);
    expect(
      planItemInput.safeParse({ kind: 'teknis', target: 'Semua', target_count: '1', jalur: 'klasikal', bentuk: 'pelatihan', jp: '2.5' })
        .success,
    ).toBe(false);
    const wrong = planItemInput.safeParse({
      kind: 'teknis',
      target: 'Semua',
      target_count: '1',
      jalur: 'klasikal',
      bentuk: 'coaching',
      jp: '4',
    });
    expect(wrong.success).toBe(false);
    expect(wrong.error!.issues[0]!.path).toEqual(['bentuk']);
  });

  it('seed-demo tags contributions, so the demo shows consultation evidence', async () => {
    const d = await createTestDb();
    try {
      const now = new Date('2026-11-30T03:00:00Z');
      await seedDemo(d.db, { complaints: 300, seed: 5, now });
      const tags = Number(
        (
          await d.db
            .selectFrom('contribution_competencies')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
      expect(tags).toBeGreaterThan(0);
      const dept = await d.db
        .selectFrom('departments')
        .select(['id', 'code', 'name', 'short_name'])
        .where('code', '=', 'PUPR')
        .executeTakeFirstOrThrow();
      const p = await computePriorities(d.db, { ...dept, id: Number(dept.id) }, basisPeriod(2027), now);
      expect(p.ranked.some((r) => r.consultationPart > 0)).toBe(true);
      expect(p.ranked.some((r) => r.complaintPart > 0)).toBe(true);
      // Officers' proposals for next year and comments on next year's draft plans (officer-cycle.seed.ts).
      const count = async (table: 'training_proposals' | 'training_plan_comments') =>
        Number(
          (
            await d.db
              .selectFrom(table)
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      expect(await count('training_proposals')).toBeGreaterThan(0);
      expect(await count('training_plan_comments')).toBeGreaterThan(0);
      const years = await d.db.selectFrom('training_proposals').select('year').distinct().execute();
      expect(years.map((y) => Number(y.year))).toEqual([2027]);
      const commented = await d.db
        .selectFrom('training_plan_comments as c')
        .innerJoin('training_plans as p', 'p.id', 'c.plan_id')
        .select(['p.status', 'p.year'])
        .distinct()
        .execute();
      expect(commented.map((c) => [c.status, Number(c.year)])).toEqual([['draft', 2027]]);
    } finally {
      await d.cleanup();
    }
  });
});
