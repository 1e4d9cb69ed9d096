// The training plan of a department and year as XLSX (Rencana Pengembangan Kompetensi); every export is audited.
import type { APIRoute } from 'astro';
import { notFound, requireRole } from '../../../server/auth/guard.ts';
import { getDb } from '../../../server/db/index.ts';
import { systemClock } from '../../../server/clock.ts';
import { planQuerySchema } from '../../../server/development/development.schema.ts';
import { exportPlan } from '../../../server/development/development.service.ts';
import { planExportTable } from '../../../server/development/plan-export.ts';
import { downloadResponse, tableToXlsx } from '../../../server/exports/table-export.ts';

export const GET: APIRoute = async (ctx) => {
  // Managers (own department), HR and admin; exportPlan answers null (404) outside the viewer's scope.
  const denied = await requireRole(ctx, 'manager', 'hr', 'admin');
  if (denied) return denied;
  const { locals, url } = ctx;
  const q = planQuerySchema.parse({
    department: url.searchParams.get('department') ?? undefined,
    year: url.searchParams.get('year') ?? undefined,
  });
  if (!q.department || !q.year) return notFound(ctx);
  const now = systemClock.now();
  const view = await exportPlan(getDb(), { actor: locals.user!, now, requestId: locals.requestId }, q.department, q.year, 'xlsx');
  if (!view) return notFound(ctx);
  const table = planExportTable(view, locals.t, locals.locale, now);
  return downloadResponse(await tableToXlsx(table), 'xlsx', `rencana-pengembangan-kompetensi-${view.department.code}-${view.year}`);
};
