// seed-demo's fast closer ("TL asal hijau"): one demo officer's complaints rewritten to close within
// minutes of assignment, so the appraisal evidence and its integrity signals have a case to show.
import type { Db } from '../db/index.ts';
import { TEMPLATE_RESOLUTION, TEMPLATE_RESPONSE } from './demo-texts.ts';

/**
 * Rewrites most resolved complaints of the demo fast closer to "template reply 2 minutes after assignment,
 * resolved 2 minutes later". Done afterwards and without random numbers, so the rest of the demo (every
 * other complaint, the consultations) is the same as without it; reopened complaints are left alone.
 */
export async function makeFastClosures(db: Db, officerIds: number[], prefix: string): Promise<void> {
  if (officerIds.length === 0) return;
  const rows = await db
    .selectFrom('complaints')
    .select(['id', 'submitted_at', 'assigned_at'])
    .where('assignee_user_id', 'in', officerIds)
    .where('state', 'in', ['resolved', 'closed'])
    .where('reopened_count', '=', 0)
    .where('code', 'like', `${prefix}-%`)
    .execute();
  const chosen = rows.filter((r) => r.assigned_at !== null && Math.floor(Number(r.submitted_at) / 1000) % 10 < 7);
  await db.transaction().execute(async (trx) => {
    for (const r of chosen) {
      const respondAt = Number(r.assigned_at) + 2 * 60_000;
      const resolveAt = respondAt + 2 * 60_000;
      await trx.updateTable('complaints').set({ first_response_at: respondAt, resolved_at: resolveAt }).where('id', '=', r.id).execute();
      await trx
        .updateTable('complaint_events')
        .set({ at: respondAt, note: TEMPLATE_RESPONSE })
        .where('complaint_id', '=', r.id)
        .where('action', '=', 'respond')
        .execute();
      await trx
        .updateTable('complaint_events')
        .set({ at: resolveAt, note: TEMPLATE_RESOLUTION })
        .where('complaint_id', '=', r.id)
        .where('action', '=', 'resolve')
        .execute();
    }
  });
}
