// A training's participants (not withdrawn) as CSV in Moodle's "upload users" format
// (username,firstname,lastname,email,course1) for the region's e-learning; every export is audited.
import type { APIRoute } from 'astro';
import { notFound, requireRole } from '../../../../../server/auth/guard.ts';
import { getDb } from '../../../../../server/db/index.ts';
import { systemClock } from '../../../../../server/clock.ts';
import { exportMoodle } from '../../../../../server/development/trainings.service.ts';
import { moodleCsv } from '../../../../../server/development/trainings-export.ts';
import { downloadResponse } from '../../../../../server/exports/table-export.ts';

export const GET: APIRoute = async (ctx) => {
  // Managers (own department), HR and admin; exportMoodle answers null (404) outside the viewer's scope.
  const denied = await requireRole(ctx, 'manager', 'hr', 'admin');
  if (denied) return denied;
  const { locals, params } = ctx;
  const id = /^\d{1,9}$/.test(params.id ?? '') ? Number(params.id) : 0;
  if (!id) return notFound(ctx);
  const data = await exportMoodle(getDb(), { actor: locals.user!, now: systemClock.now(), requestId: locals.requestId }, id);
  if (!data) return notFound(ctx);
  return downloadResponse(moodleCsv(data.training, data.participants), 'csv', `moodle-peserta-${data.training.year}-${data.training.id}`);
};
