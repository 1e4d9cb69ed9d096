// The realised JP per NIP of a year (completed participants only) as JSON keyed by NIP, for SIASN / e-Kinerja bukti
// dukung: NIP, name, training, jenis, jalur, JP, dates, provider, certificate number. A manager gets their
// department's rows; HR and admin every department or the one asked for. Every export is audited.
import type { APIRoute } from 'astro';
import { notFound, requireRole } from '../../../../server/auth/guard.ts';
import { getDb } from '../../../../server/db/index.ts';
import { systemClock } from '../../../../server/clock.ts';
import { config } from '../../../../server/config.ts';
import { localDate } from '../../../../server/calendar/calendar.ts';
import { trainingListQuery } from '../../../../server/development/trainings.schema.ts';
import { exportRealisedJp } from '../../../../server/development/trainings.service.ts';
import { realisedJson } from '../../../../server/development/trainings-export.ts';

export const GET: APIRoute = async (ctx) => {
  const denied = await requireRole(ctx, 'manager', 'hr', 'admin');
  if (denied) return denied;
  const { locals, url } = ctx;
  const q = trainingListQuery.parse({ year: url.searchParams.get('year') ?? undefined, department: url.searchParams.get('department') || undefined });
  const now = systemClock.now();
  const year = q.year ?? Number(localDate(now, config().timeZone).slice(0, 4));
  const data = await exportRealisedJp(getDb(), { actor: locals.user!, now, requestId: locals.requestId }, year, q.department, 'json');
  if (!data) return notFound(ctx);
  const name = `jp-terealisasi-${year}${data.department ? `-${data.department.code}` : ''}`;
  return new Response(JSON.stringify(realisedJson(data, now)), {
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Content-Disposition': `attachment; filename="${name}.json"`, 'Cache-Control': 'no-store' },
  });
};
