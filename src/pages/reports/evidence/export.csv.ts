// HR download of locked appraisal evidence as CSV, keyed by NIP + period (audited; no resident data).
import type { APIRoute } from 'astro';
import { requireCapability } from '../../../server/auth/guard.ts';
import { evidenceExportResponse } from '../../../server/appraisal/appraisal.export.ts';

export const GET: APIRoute = async (ctx) => {
  const denied = await requireCapability(ctx, 'appraisal.read');
  if (denied) return denied;
  return evidenceExportResponse(ctx, 'csv');
};
