// The GET handler body of /reports/development/trainings/jp.{csv,xlsx,json} (the route file calls the
// guard): the realised JP per NIP of a year (completed participants only), for SIASN / e-Kinerja bukti
// dukung. A manager gets their department's rows; HR and admin every department or the one asked for.
// Every export is audited (exportRealisedJp).
import type { APIContext } from 'astro';
import { notFound } from '../auth/guard.ts';
import { getDb } from '../db/index.ts';
import { systemClock } from '../clock.ts';
import { config } from '../config.ts';
import { localDate } from '../calendar/calendar.ts';
import { downloadResponse, tableToCsv, tableToXlsx } from '../exports/table-export.ts';
import { trainingListQuery } from './trainings.schema.ts';
import { exportRealisedJp } from './trainings.service.ts';
import { realisedJson, realisedTable } from './trainings-export.ts';

export async function realisedJpResponse(ctx: APIContext, format: 'csv' | 'xlsx' | 'json'): Promise<Response> {
  const { locals, url } = ctx;
  const q = trainingListQuery.parse({
    year: url.searchParams.get('year') ?? undefined,
    department: url.searchParams.get('department') || undefined,
  });
  const now = systemClock.now();
  const year = q.year ?? Number(localDate(now, config().timeZone).slice(0, 4));
  const data = await exportRealisedJp(getDb(), { actor: locals.user!, now, requestId: locals.requestId }, year, q.department, format);
  if (!data) return notFound(ctx);
  const name = `jp-terealisasi-${year}${data.department ? `-${data.department.code}` : ''}`;
  if (format === 'json') {
    return new Response(JSON.stringify(realisedJson(data, now)), {
      headers: {
        'Content-Type': 'application/json; charset=utf-8',
        'Content-Disposition': `attachment; filename="${name}.json"`,
        'Cache-Control': 'no-store',
      },
    });
  }
  const table = realisedTable(data, locals.t, now);
  return format === 'csv' ? downloadResponse(tableToCsv(table), 'csv', name) : downloadResponse(await tableToXlsx(table), 'xlsx', name);
}
