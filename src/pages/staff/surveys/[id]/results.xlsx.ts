// All answers of a survey as XLSX: one row per response, one column per question, formula-safe cells;
// the export is audited. No account, address or time of day is stored with answers, so none can appear.
import type { APIRoute } from 'astro';
import { notFound, requireRole } from '../../../../server/auth/guard.ts';
import { getDb } from '../../../../server/db/index.ts';
import { systemClock } from '../../../../server/clock.ts';
import { exportSurvey } from '../../../../server/surveys/results.ts';
import { downloadResponse, tableToXlsx } from '../../../../server/exports/table-export.ts';

export const GET: APIRoute = async (ctx) => {
  const denied = await requireRole(ctx, 'manager', 'hr', 'admin');
  if (denied) return denied;
  const { locals, params } = ctx;
  if (!/^\d{1,9}$/.test(params.id ?? '')) return notFound(ctx);
  const t = locals.t;
  const r = await exportSurvey(
    getDb(),
    { actor: locals.user!, now: systemClock.now(), requestId: locals.requestId },
    Number(params.id),
    'xlsx',
    {
      title: t('surveys.results.exportTitle'),
      response: t('surveys.results.response'),
      date: t('surveys.results.date'),
      generated: t('surveys.results.generated'),
    },
  );
  if (!r) return notFound(ctx);
  return downloadResponse(await tableToXlsx(r.table), 'xlsx', `survei-${r.survey.id}`);
};
