// The admin's settings of the resolution checks: per category what a resolution must carry (an "after"
// photo; the location check's distance) and the share of the random sample (portal-wide). Audited.
import type { Db } from '../db/index.ts';
import type { SessionUser } from '../auth/session.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import { setSetting } from '../reference/reference.repository.ts';
import { canAdministerReference } from '../refadmin/refadmin.policy.ts';
import { updateCategoryRules } from './checks.repository.ts';

interface Ctx {
  user: SessionUser | null;
  now: Date;
  requestId?: string;
}

export async function setCategoryResolutionRules(
  db: Db,
  code: string,
  rules: { photoRequired: boolean; distanceM: number | null },
  ctx: Ctx,
): Promise<{ ok: boolean }> {
  if (!canAdministerReference(ctx.user)) return { ok: false };
  return db.transaction().execute(async (trx) => {
    if (!(await updateCategoryRules(trx, code, rules))) return { ok: false };
    await appendAudit(trx, {
      actor: { id: ctx.user!.id, role: ctx.user!.role },
      action: 'category.resolution_rules_set',
      objectType: 'category',
      objectId: code,
      requestId: ctx.requestId,
      at: ctx.now,
      details: { photo_required: rules.photoRequired, distance_m: rules.distanceM },
    });
    return { ok: true };
  });
}

/** The share (whole percent) of unflagged resolutions drawn for a check. */
export async function setCheckShare(db: Db, percent: number, ctx: Ctx): Promise<{ ok: boolean }> {
  if (!canAdministerReference(ctx.user) || !Number.isInteger(percent) || percent < 0 || percent > 100) return { ok: false };
  await db.transaction().execute(async (trx) => {
    await setSetting(trx, 'resolution_check_share', String(percent / 100));
    await appendAudit(trx, {
      actor: { id: ctx.user!.id, role: ctx.user!.role },
      action: 'setting.resolution_check_share_set',
      objectType: 'setting',
      objectId: 'resolution_check_share',
      requestId: ctx.requestId,
      at: ctx.now,
      details: { percent },
    });
  });
  return { ok: true };
}
