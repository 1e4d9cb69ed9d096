// Response templates per category, kept by the department's manager (officers only use them).
import type { Db } from '../db/index.ts';
import type { SessionUser } from '../auth/session.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import { canManageTemplates } from './workflow.policy.ts';

export type TemplateOutcome = { ok: true } | { ok: false; error: 'not_found' | 'invalid_category' };

export async function saveTemplate(
  db: Db,
  input: { categoryCode: string; title: string; body: string },
  ctx: { user: SessionUser | null; now: Date; requestId?: string },
): Promise<TemplateOutcome> {
  if (!canManageTemplates(ctx.user)) return { ok: false, error: 'not_found' };
  const user = ctx.user;
  return db.transaction().execute(async (trx) => {
    const cat = await trx
      .selectFrom('categories')
      .select('id')
      .where('code', '=', input.categoryCode)
      .where('active', '=', 1)
      .executeTakeFirst();
    if (!cat) return { ok: false, error: 'invalid_category' };
    const row = await trx
      .insertInto('response_templates')
      .values({
        department_id: user.departmentId,
        category_id: cat.id,
        title: input.title,
        body: input.body,
        updated_by_user_id: user.id,
        updated_at: ctx.now.getTime(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await appendAudit(trx, {
      actor: { id: user.id, role: user.role },
      action: 'response_template.created',
      objectType: 'response_template',
      objectId: row.id,
      requestId: ctx.requestId,
      at: ctx.now,
      details: { category: input.categoryCode },
    });
    return { ok: true };
  });
}

export async function deleteTemplate(
  db: Db,
  id: number,
  ctx: { user: SessionUser | null; now: Date; requestId?: string },
): Promise<TemplateOutcome> {
  if (!canManageTemplates(ctx.user)) return { ok: false, error: 'not_found' };
  const user = ctx.user;
  return db.transaction().execute(async (trx) => {
    const r = await trx
      .deleteFrom('response_templates')
      .where('id', '=', id)
      .where('department_id', '=', user.departmentId)
      .executeTakeFirst();
    if (Number(r.numDeletedRows) !== 1) return { ok: false, error: 'not_found' };
    await appendAudit(trx, {
      actor: { id: user.id, role: user.role },
      action: 'response_template.deleted',
      objectType: 'response_template',
      objectId: id,
      requestId: ctx.requestId,
      at: ctx.now,
    });
    return { ok: true };
  });
}
