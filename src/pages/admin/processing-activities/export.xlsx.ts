// The record of processing activities as XLSX, for the DPIA.
import type { APIRoute } from 'astro';
import { requireCapability } from '../../../server/auth/guard.ts';
import { config } from '../../../server/config.ts';
import { downloadResponse, tableToXlsx } from '../../../server/exports/table-export.ts';
import { processingTable } from '../../../server/dataprotection/processing-activities.ts';
import { processingLabels } from '../../../server/dataprotection/processing-labels.ts';

export const GET: APIRoute = async (ctx) => {
  const denied = await requireCapability(ctx, 'audit.read');
  if (denied) return denied;
  const { t, locale } = ctx.locals;
  const table = processingTable(locale === 'en' ? 'en' : 'id', config().retention, processingLabels(t as never), new Date());
  return downloadResponse(await tableToXlsx(table), 'xlsx', 'kegiatan-pemrosesan-data');
};
