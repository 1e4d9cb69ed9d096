// The development-priority ranking of a department and period as XLSX (counts only, no personal data); audited.
import type { APIRoute } from 'astro';
import { notFound, requireRole } from '../../../server/auth/guard.ts';
import { getDb } from '../../../server/db/index.ts';
import { systemClock } from '../../../server/clock.ts';
import { exportRanking } from '../../../server/development/development.service.ts';
import { rankingExportTable } from '../../../server/development/plan-export.ts';
import { downloadResponse, tableToXlsx } from '../../../server/exports/table-export.ts';

export const GET: APIRoute = async (ctx) => {
  // Managers (own department), HR and admin; exportRanking answers null (404) outside the viewer's scope.
  const denied = await requireRole(ctx, 'manager', 'hr', 'admin');
  if (denied) return denied;
  const { locals, url } = ctx;
  const now = systemClock.now();
  const page = await exportRanking(getDb(), { actor: locals.user!, now, requestId: locals.requestId }, url.searchParams, 'xlsx');
  if (!page) return notFound(ctx);
  const p = page.priorities;
  const table = rankingExportTable(page, locals.t, locals.locale, now);
  return downloadResponse(
    await tableToXlsx(table),
    'xlsx',
    `prioritas-pengembangan-${p.department.code}-${p.period.startDate}-${p.period.endDate}`,
  );
};
