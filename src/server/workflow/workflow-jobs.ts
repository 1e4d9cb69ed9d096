// Periodic workflow jobs, idempotent and driven by `now`: close resolved complaints the reporter left
// unanswered for 14 days; overdue notices are the daily digest of overdue-digest.ts.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import { transition } from '../complaints/complaint-states.ts';
import { updateComplaintAtVersion } from '../complaints/complaints.repository.ts';
import * as repo from './workflow.repository.ts';
import { CONFIRM_WINDOW_DAYS } from './resident.service.ts';
import { hasPendingCheck } from '../checks/checks.repository.ts';

export async function autoCloseResolved(db: Kysely<Database>, now: Date): Promise<{ closed: number }> {
  const t = transition('resolved', 'auto_close', 'system');
  if (!t.ok) throw new Error('state machine lost auto_close');
  const cutoff = now.getTime() - CONFIRM_WINDOW_DAYS * 24 * 60 * 60 * 1000;
  let closed = 0;
  for (const row of await repo.listResolvedBefore(db, cutoff, 500)) {
    const did = await db.transaction().execute(async (trx) => {
      // Compare-and-set on the version listed: a reporter who confirms or disputes at the same moment wins
      // or loses cleanly, and a complaint disputed and resolved again since the list was read (a new
      // resolved_at, a new window) is left alone.
      // A resolution still waiting for its check is not the resident's to leave unanswered yet.
      if (await hasPendingCheck(trx, row.id)) return false;
      const changed = await updateComplaintAtVersion(trx, row.id, row.version, {
        state: t.to,
        closed_at: now.getTime(),
        updated_at: now.getTime(),
      });
      if (!changed) return false;
      const c = await trx.selectFrom('complaints').select(['department_id']).where('id', '=', row.id).executeTakeFirstOrThrow();
      await repo.insertWorkflowEvent(trx, {
        complaint_id: row.id,
        at: now.getTime(),
        actor_user_id: null,
        actor_kind: 'system',
        action: 'auto_close',
        from_state: 'resolved',
        to_state: 'closed',
        visibility: 'public',
        department_id: c.department_id,
      });
      await appendAudit(trx, {
        actor: null,
        action: 'complaint.auto_closed',
        objectType: 'complaint',
        objectId: row.code,
        at: now,
        details: { after_days: CONFIRM_WINDOW_DAYS },
      });
      return true;
    });
    if (did) closed += 1;
  }
  return { closed };
}

export { notifyOverdue } from './overdue-digest.ts';
