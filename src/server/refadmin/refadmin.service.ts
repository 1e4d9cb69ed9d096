// Admin commands over reference data; each checks the policy, runs in a transaction and writes an audit row.
import type { Db } from '../db/index.ts';
import type { SessionUser } from '../auth/session.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import { canAdministerReference } from './refadmin.policy.ts';
import * as repo from './refadmin.repository.ts';
import { replaceCategoryCompetencies } from '../development/development.repository.ts';
import type { AreaInput, CategoryInput, DepartmentInput, HolidayInput, RoutingRuleInput } from './refadmin.schema.ts';
import type { FieldErrors } from '../http/forms.ts';

export type AdminOutcome = { ok: true } | { ok: false; errors: FieldErrors };

interface Ctx {
  user: SessionUser | null;
  now: Date;
  requestId?: string;
}

const forbidden: AdminOutcome = { ok: false, errors: { form: 'refadmin.errors.forbidden' } };

async function run(
  db: Db,
  ctx: Ctx,
  action: string,
  objectType: string,
  objectId: string,
  work: (trx: Db) => Promise<AdminOutcome>,
  details: Record<string, string | number | boolean | null> = {},
): Promise<AdminOutcome> {
  if (!canAdministerReference(ctx.user)) return forbidden;
  return db.transaction().execute(async (trx) => {
    const outcome = await work(trx);
    if (outcome.ok) {
      await appendAudit(trx, {
        actor: { id: ctx.user!.id, role: ctx.user!.role },
        action,
        objectType,
        objectId,
        requestId: ctx.requestId,
        details,
        at: ctx.now,
      });
    }
    return outcome;
  });
}

export function saveHoliday(db: Db, input: HolidayInput, ctx: Ctx) {
  return run(
    db,
    ctx,
    'reference.holiday_saved',
    'holiday',
    input.date,
    async (trx) => {
      await repo.upsertHoliday(trx, input);
      return { ok: true };
    },
    { kind: input.kind },
  );
}

export function removeHoliday(db: Db, date: string, ctx: Ctx) {
  return run(db, ctx, 'reference.holiday_deleted', 'holiday', date, async (trx) =>
    (await repo.deleteHoliday(trx, date)) ? { ok: true } : { ok: false, errors: { form: 'refadmin.errors.notFound' } },
  );
}

export function createDepartment(db: Db, input: DepartmentInput, ctx: Ctx) {
  return run(db, ctx, 'reference.department_created', 'department', input.code, async (trx) => {
    if (await repo.findDepartment(trx, input.code)) return { ok: false, errors: { code: 'refadmin.errors.codeTaken' } };
    await trx
      .insertInto('departments')
      .values({ code: input.code, name: input.name, short_name: input.short_name, active: 1, created_at: ctx.now.getTime() })
      .execute();
    return { ok: true };
  });
}

export function updateDepartment(db: Db, code: string, input: DepartmentInput, ctx: Ctx) {
  return run(
    db,
    ctx,
    'reference.department_updated',
    'department',
    code,
    async (trx) => {
      const r = await trx
        .updateTable('departments')
        .set({ name: input.name, short_name: input.short_name, active: input.active ? 1 : 0 })
        .where('code', '=', code)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1 ? { ok: true } : { ok: false, errors: { form: 'refadmin.errors.notFound' } };
    },
    { active: input.active },
  );
}

async function categoryValues(
  trx: Db,
  input: CategoryInput,
): Promise<{ ok: true; departmentId: number | null } | { ok: false; errors: FieldErrors }> {
  const errors: FieldErrors = {};
  const topic = await trx.selectFrom('topics').select('code').where('code', '=', input.topic_code).executeTakeFirst();
  if (!topic) errors.topic_code = 'refadmin.errors.topic';
  let departmentId: number | null = null;
  if (input.department) {
    const d = await repo.findDepartment(trx, input.department);
    if (!d) errors.department = 'refadmin.errors.department';
    else departmentId = d.id;
  }
  if (input.auto_route && departmentId === null) errors.auto_route = 'refadmin.errors.autoRouteNeedsDepartment';
  if (input.resolution_days < input.response_days) errors.resolution_days = 'refadmin.errors.resolutionBeforeResponse';
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, departmentId };
}

export function createCategory(db: Db, input: CategoryInput, ctx: Ctx) {
  return run(db, ctx, 'reference.category_created', 'category', input.code, async (trx) => {
    if (await repo.findCategory(trx, input.code)) return { ok: false, errors: { code: 'refadmin.errors.codeTaken' } };
    const v = await categoryValues(trx, input);
    if (!v.ok) return v;
    await trx
      .insertInto('categories')
      .values({
        code: input.code,
        topic_code: input.topic_code,
        name_id: input.name_id,
        name_en: input.name_en,
        description_id: input.description_id,
        description_en: input.description_en,
        department_id: v.departmentId,
        auto_route: input.auto_route ? 1 : 0,
        response_days: input.response_days,
        resolution_days: input.resolution_days,
        active: 1,
        created_at: ctx.now.getTime(),
      })
      .execute();
    return { ok: true };
  });
}

export function updateCategory(db: Db, code: string, input: CategoryInput, ctx: Ctx) {
  return run(
    db,
    ctx,
    'reference.category_updated',
    'category',
    code,
    async (trx) => {
      const v = await categoryValues(trx, input);
      if (!v.ok) return v;
      const r = await trx
        .updateTable('categories')
        .set({
          topic_code: input.topic_code,
          name_id: input.name_id,
          name_en: input.name_en,
          description_id: input.description_id,
          description_en: input.description_en,
          department_id: v.departmentId,
          auto_route: input.auto_route ? 1 : 0,
          response_days: input.response_days,
          resolution_days: input.resolution_days,
          active: input.active ? 1 : 0,
        })
        .where('code', '=', code)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1 ? { ok: true } : { ok: false, errors: { form: 'refadmin.errors.notFound' } };
    },
    { response_days: input.response_days, resolution_days: input.resolution_days, auto_route: input.auto_route },
  );
}

export function createRoutingRule(db: Db, input: RoutingRuleInput, ctx: Ctx) {
  return run(
    db,
    ctx,
    'reference.routing_rule_created',
    'routing_rule',
    `${input.category}:${input.kecamatan}`,
    async (trx) => {
      const errors: FieldErrors = {};
      const cat = await repo.findCategory(trx, input.category);
      const area = await repo.findArea(trx, input.kecamatan);
      const dept = await repo.findDepartment(trx, input.department);
      if (!cat) errors.category = 'refadmin.errors.category';
      if (!area || area.level !== 'kecamatan') errors.kecamatan = 'refadmin.errors.kecamatan';
      if (!dept) errors.department = 'refadmin.errors.department';
      if (!cat || !area || area.level !== 'kecamatan' || !dept) return { ok: false, errors };
      const exists = await trx
        .selectFrom('routing_rules')
        .select('id')
        .where('category_id', '=', cat.id)
        .where('kecamatan_code', '=', area.code)
        .executeTakeFirst();
      if (exists) return { ok: false, errors: { kecamatan: 'refadmin.errors.ruleExists' } };
      await trx
        .insertInto('routing_rules')
        .values({ category_id: cat.id, kecamatan_code: area.code, department_id: dept.id, created_at: ctx.now.getTime() })
        .execute();
      return { ok: true };
    },
    { department: input.department },
  );
}

export function deleteRoutingRule(db: Db, id: number, ctx: Ctx) {
  return run(db, ctx, 'reference.routing_rule_deleted', 'routing_rule', String(id), async (trx) => {
    const r = await trx.deleteFrom('routing_rules').where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) === 1 ? { ok: true } : { ok: false, errors: { form: 'refadmin.errors.notFound' } };
  });
}

export function createArea(db: Db, input: AreaInput, ctx: Ctx) {
  return run(db, ctx, 'reference.area_created', 'area', input.code, async (trx) => {
    if (await repo.findArea(trx, input.code)) return { ok: false, errors: { code: 'refadmin.errors.codeTaken' } };
    const isKelurahan = input.code.split('.').length === 4;
    const parent = isKelurahan ? await repo.findArea(trx, input.code.split('.').slice(0, 3).join('.')) : undefined;
    if (isKelurahan && (!parent || parent.level !== 'kecamatan')) return { ok: false, errors: { code: 'refadmin.errors.areaParent' } };
    const city = parent?.city ?? (await trx.selectFrom('areas').select('city').executeTakeFirst())?.city ?? '';
    await trx
      .insertInto('areas')
      .values({
        code: input.code,
        name: input.name,
        common_name: input.common_name,
        level: isKelurahan ? 'kelurahan' : 'kecamatan',
        parent_code: parent?.code ?? null,
        city,
      })
      .execute();
    return { ok: true };
  });
}

export function updateArea(db: Db, code: string, input: Pick<AreaInput, 'name' | 'common_name'>, ctx: Ctx) {
  return run(db, ctx, 'reference.area_updated', 'area', code, async (trx) => {
    const r = await trx
      .updateTable('areas')
      .set({ name: input.name, common_name: input.common_name })
      .where('code', '=', code)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1 ? { ok: true } : { ok: false, errors: { form: 'refadmin.errors.notFound' } };
  });
}

/** Which competencies a category's failures point at (development priorities, DESIGN.md §6). */
export function setCategoryCompetencies(db: Db, code: string, competencyIds: number[], ctx: Ctx) {
  return run(
    db,
    ctx,
    'reference.category_competencies_updated',
    'category',
    code,
    async (trx): Promise<AdminOutcome> => {
      const cat = await repo.findCategory(trx, code);
      if (!cat) return { ok: false, errors: { form: 'refadmin.errors.notFound' } };
      const ids = [...new Set(competencyIds)];
      if (ids.length) {
        const known = await trx.selectFrom('competencies').select('id').where('id', 'in', ids).where('active', '=', 1).execute();
        if (known.length !== ids.length) return { ok: false, errors: { competencies: 'refadmin.errors.notFound' } };
      }
      await replaceCategoryCompetencies(trx, Number(cat.id), ids, ctx.now.getTime());
      return { ok: true };
    },
    { competencies: competencyIds.join(',') },
  );
}
