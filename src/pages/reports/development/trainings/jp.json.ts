// The realised JP per NIP of a year as JSON keyed by NIP, for SIASN / e-Kinerja bukti dukung (audited; a manager
// gets their department's rows). The body is realisedJpResponse's.
import type { APIRoute } from 'astro';
import { requireRole } from '../../../../server/auth/guard.ts';
import { realisedJpResponse } from '../../../../server/development/realised-jp.export.ts';

export const GET: APIRoute = async (ctx) => {
  const denied = await requireRole(ctx, 'manager', 'hr', 'admin');
  if (denied) return denied;
  return realisedJpResponse(ctx, 'json');
};
