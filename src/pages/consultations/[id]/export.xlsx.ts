// XLSX of every contribution of a consultation, for its department's staff.
import type { APIRoute } from 'astro';
import { getDb } from '../../../server/db/index.ts';
import { exportContributions, toXlsx } from '../../../server/consultations/consultations.export.ts';
import { ConsultationError } from '../../../server/consultations/errors.ts';
import { notFound, requireUser } from '../../../server/auth/guard.ts';

export const GET: APIRoute = async (ctx) => {
  // Signed-in staff; exportContributions refuses (404) anyone outside the consultation's department.
  const denied = await requireUser(ctx);
  if (denied) return denied;
  const { params, locals } = ctx;
  const id = Number(params.id);
  try {
    if (!Number.isSafeInteger(id) || id <= 0) throw new ConsultationError('not_found');
    const table = await exportContributions(getDb(), locals.user, id, locals.locale);
    return new Response(new Uint8Array(await toXlsx(table)), {
      headers: {
        'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'Content-Disposition': `attachment; filename="${table.filename}.xlsx"`,
        'Cache-Control': 'no-store',
      },
    });
  } catch (e) {
    if (e instanceof ConsultationError) return notFound(ctx);
    throw e;
  }
};
