// Merging a duplicate complaint into the original (DESIGN.md §2 "reject … duplicate"): the duplicate is
// rejected with reason 'duplicate' and points at the original (duplicate_of_id); its supporters and
// followers move across without doubles, its reporter becomes a supporter (and, with an account, a
// follower) of the original (the rejection email the caller sends says so), and both complaints get an event. A rejected
// duplicate is not a resolution, so no metric counts it as one (complaint-states.ts: MERGED_DUPLICATE).
//
// Compare-and-set on both rows: each is changed only at the version read in this transaction, the lower
// id first so two merges crossing (A into B, B into A) queue on the same row instead of deadlocking on
// PostgreSQL, and the later one finds a version that moved and is a 'conflict'. A write that loses after
// the first row changed throws MergeConflict, which rolls the whole transaction back.
import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Updateable } from 'kysely';
import type { ComplaintsTable } from '../complaints/complaints.tables.ts';
import { insertEvent, updateComplaintAtVersion } from '../complaints/complaints.repository.ts';
import { MERGED_DUPLICATE } from '../complaints/complaint-states.ts';
import { addFollow } from '../follows/follows.repository.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import { isLocale, translator } from '../../i18n/index.ts';
import { carryFollowers, carrySupporters, addSupporter } from './supporters.repository.ts';

type Trx = Transaction<Database>;

/** Thrown inside the transaction when the second row lost the race: everything is rolled back. */
export class MergeConflict extends Error {
  constructor() {
    super('merge conflict');
  }
}

export interface DuplicateFacts {
  id: number;
  code: string;
  version: number;
  privacy: string;
  reporter_user_id: number | null;
  reporter_locale: string;
}

export type MergeOutcome =
  | { ok: true; originalId: number; originalCode: string; reporterNote: string }
  | { ok: false; error: 'duplicate_not_found' | 'original_rejected' | 'conflict' };

export async function mergeDuplicate(
  trx: Trx,
  dup: DuplicateFacts,
  originalCode: string,
  dupPatch: Updateable<ComplaintsTable>,
  actor: { userId: number; role: string; kind: 'verifier' | 'department' },
  ctx: { now: Date; requestId?: string; siteUrl: string },
): Promise<MergeOutcome> {
  const original = await trx
    .selectFrom('complaints')
    .select(['id', 'code', 'state', 'version', 'privacy', 'reporter_user_id', 'department_id'])
    .where('code', '=', originalCode.trim().toUpperCase())
    .executeTakeFirst();
  if (!original || original.id === dup.id) return { ok: false, error: 'duplicate_not_found' };
  // A rejected complaint (spam, out of scope, itself a duplicate) cannot be the one others join.
  if (original.state === 'rejected') return { ok: false, error: 'original_rejected' };
  const now = ctx.now.getTime();
  const writes = [
    {
      id: dup.id,
      version: dup.version,
      patch: { ...dupPatch, state: MERGED_DUPLICATE.state, rejection_reason: MERGED_DUPLICATE.reason, duplicate_of_id: original.id },
    },
    { id: original.id, version: original.version, patch: { updated_at: now } },
  ].sort((a, b) => a.id - b.id);
  if (!(await updateComplaintAtVersion(trx, writes[0]!.id, writes[0]!.version, writes[0]!.patch))) return { ok: false, error: 'conflict' };
  if (!(await updateComplaintAtVersion(trx, writes[1]!.id, writes[1]!.version, writes[1]!.patch))) throw new MergeConflict();

  const supporters = await carrySupporters(
    trx,
    dup.id,
    original.id,
    original.reporter_user_id !== null ? `user:${original.reporter_user_id}` : null,
  );
  const sameReporter = dup.reporter_user_id !== null && dup.reporter_user_id === original.reporter_user_id;
  let reporterSupports = false;
  if (!sameReporter) {
    const key = dup.reporter_user_id !== null ? `user:${dup.reporter_user_id}` : `reporter:${dup.id}`;
    reporterSupports = await addSupporter(trx, {
      complaintId: original.id,
      key,
      userId: dup.reporter_user_id,
      viaComplaintId: dup.id,
      now,
    });
  }
  // Followers only where following is possible: never a confidential original.
  const followable = original.privacy !== 'confidential';
  const followers = followable ? await carryFollowers(trx, dup.id, original.id, original.reporter_user_id, now) : 0;
  const reporterFollows = followable && dup.reporter_user_id !== null && !sameReporter;
  if (reporterFollows) await addFollow(trx, original.id, dup.reporter_user_id!, now);

  await insertEvent(trx, {
    complaint_id: original.id,
    at: now,
    actor_user_id: actor.userId,
    actor_kind: actor.kind,
    action: 'merged',
    from_state: original.state,
    to_state: original.state,
    note: '',
    visibility: 'public',
    department_id: original.department_id,
    details: JSON.stringify({ duplicate: dup.code, supporters, followers }),
  });
  await appendAudit(trx, {
    actor: { id: actor.userId, role: actor.role },
    action: 'complaint.duplicate_merged',
    objectType: 'complaint',
    objectId: original.code,
    requestId: ctx.requestId,
    at: ctx.now,
    details: { duplicate: dup.code, supporters, followers, reporter_supports: reporterSupports },
  });
  // What the duplicate's reporter is told with the rejection (in their language): where it is handled now.
  const t = translator(isLocale(dup.reporter_locale) ? dup.reporter_locale : 'id');
  const vars = { code: dup.code, original: original.code, link: `${ctx.siteUrl}/complaints/${original.code}` };
  const reporterNote = [t('supporters.mail.mergedBody', vars), reporterFollows ? t('supporters.mail.mergedFollowing') : '', vars.link]
    .filter(Boolean)
    .join('\n\n');
  return { ok: true, originalId: original.id, originalCode: original.code, reporterNote };
}
