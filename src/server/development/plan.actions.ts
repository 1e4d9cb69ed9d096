// The forms of the training plan page (draft, officers, add, update, remove, status): parse with zod,
// call the command, and name the outcome — 303 target on success, or a status with field messages.
import type { Db } from '../db/index.ts';
import type { SessionUser } from '../auth/session.ts';
import { fieldErrors, formPlanVersion, planGroupInput, planItemInput, planSettingsInput, planStatusInput } from './development.schema.ts';
import { draftTrainingPlan, setPlanOfficerCount, setPlanStatus, type PlanView } from './development.service.ts';
import { addPlanItem, removePlanItem, updatePlanItem } from './plan-items.service.ts';
import { addPlanGroup, removePlanGroup, updatePlanGroup } from './plan-groups.service.ts';
import type { PlanError } from './plan.command.ts';
import { runPageAction, type ActionTable } from '../http/page-actions.ts';

export type PlanActionResult =
  | { ok: true; done: 'drafted' | 'saved'; anchor?: string }
  | {
      ok: false;
      status: 404 | 409 | 422;
      errors: Record<string, string>;
      /** Which form the errors belong to: an intent or `item-<id>`. */ target: string;
    };

function errorsOf(e: PlanError): Record<string, string> {
  if (e === 'target_exceeds') return { target_count: 'targetExceeds' };
  if (e === 'competency') return { competency: 'competency' };
  if (e === 'below_entitlement') return { form: 'belowEntitlement' };
  if (e === 'target_group') return { target_group: 'targetGroup' };
  if (e === 'group_exists') return { group_name: 'groupExists' };
  if (e === 'groups_exceed') return { head_count: 'groupsExceed' };
  if (e === 'group_in_use') return { form: 'groupInUse' };
  return { form: e };
}

interface PlanInput {
  db: Db;
  ctx: { actor: SessionUser; now: Date; requestId?: string };
  planId: number;
  itemId: number;
  groupId: number;
  version: ReturnType<typeof formPlanVersion>;
  fields: Record<string, string>;
  invalid: (errors: Record<string, string>) => PlanActionResult;
  failed: (e: PlanError) => PlanActionResult;
}

/** The forms that act on an existing plan, one entry each ('draft' creates the plan and runs before them). */
const ACTIONS: ActionTable<PlanInput, PlanActionResult> = {
  officers: async ({ db, ctx, planId, fields, version, invalid, failed }) => {
    const p = planSettingsInput.safeParse(fields);
    if (!p.success) return invalid(fieldErrors(p.error));
    const r = await setPlanOfficerCount(db, ctx, planId, p.data.officer_count, version);
    return r.ok ? { ok: true, done: 'saved' } : failed(r.error);
  },
  add: async ({ db, ctx, planId, fields, version, invalid, failed }) => {
    const p = planItemInput.safeParse(fields);
    if (!p.success) return invalid(fieldErrors(p.error));
    const r = await addPlanItem(db, ctx, planId, p.data, version);
    return r.ok ? { ok: true, done: 'saved', anchor: `item-${r.value}` } : failed(r.error);
  },
  update: async ({ db, ctx, planId, itemId, fields, version, invalid, failed }) => {
    const p = planItemInput.safeParse(fields);
    if (!p.success) return invalid(fieldErrors(p.error));
    const r = await updatePlanItem(db, ctx, planId, itemId, p.data, version);
    return r.ok ? { ok: true, done: 'saved', anchor: `item-${itemId}` } : failed(r.error);
  },
  remove: async ({ db, ctx, planId, itemId, version, failed }) => {
    const r = await removePlanItem(db, ctx, planId, itemId, version);
    return r.ok ? { ok: true, done: 'saved' } : failed(r.error);
  },
  status: async ({ db, ctx, planId, fields, version, invalid, failed }) => {
    const p = planStatusInput.safeParse(fields);
    if (!p.success) return invalid({ form: 'invalid' });
    const r = await setPlanStatus(db, ctx, planId, p.data.status, version);
    return r.ok ? { ok: true, done: 'saved' } : failed(r.error);
  },
  'group-add': async ({ db, ctx, planId, fields, version, invalid, failed }) => {
    const p = planGroupInput.safeParse(fields);
    if (!p.success) return invalid(fieldErrors(p.error));
    const r = await addPlanGroup(db, ctx, planId, { name: p.data.group_name, headCount: p.data.head_count }, version);
    return r.ok ? { ok: true, done: 'saved', anchor: 'groups' } : failed(r.error);
  },
  'group-update': async ({ db, ctx, planId, groupId, fields, version, invalid, failed }) => {
    const p = planGroupInput.safeParse(fields);
    if (!p.success) return invalid(fieldErrors(p.error));
    const r = await updatePlanGroup(db, ctx, planId, groupId, { name: p.data.group_name, headCount: p.data.head_count }, version);
    return r.ok ? { ok: true, done: 'saved', anchor: 'groups' } : failed(r.error);
  },
  'group-remove': async ({ db, ctx, planId, groupId, version, failed }) => {
    const r = await removePlanGroup(db, ctx, planId, groupId, version);
    return r.ok ? { ok: true, done: 'saved', anchor: 'groups' } : failed(r.error);
  },
};

export async function runPlanAction(
  db: Db,
  opts: { user: SessionUser; view: PlanView; fields: Record<string, string>; now: Date; requestId?: string },
): Promise<PlanActionResult> {
  const { view, fields } = opts;
  const intent = fields.intent ?? '';
  const itemId = Number(fields.item);
  const groupId = Number(fields.group);
  const version = formPlanVersion(fields.version);
  const target =
    intent === 'update' || intent === 'remove'
      ? `item-${itemId}`
      : intent === 'group-update' || intent === 'group-remove'
        ? `group-${groupId}`
        : intent;
  const ctx = { actor: opts.user, now: opts.now, requestId: opts.requestId };
  const invalid = (errors: Record<string, string>): PlanActionResult => ({ ok: false, status: 422, errors, target });
  const failed = (e: PlanError): PlanActionResult => ({
    ok: false,
    status: e === 'not_found' ? 404 : e === 'exists' || e === 'final' || e === 'stale' ? 409 : 422,
    errors: errorsOf(e),
    target,
  });

  if (intent === 'draft') {
    const r = await draftTrainingPlan(db, ctx, view.department.id, view.year);
    return r.ok ? { ok: true, done: 'drafted' } : failed(r.error);
  }
  const planId = view.plan?.id;
  if (planId === undefined) return failed('not_found');
  const input: PlanInput = { db, ctx, planId, itemId, groupId, version, fields, invalid, failed };
  return (await runPageAction(ACTIONS, intent, input)) ?? invalid({ form: 'invalid' });
}
