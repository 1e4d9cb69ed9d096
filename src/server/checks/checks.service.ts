// Resolution checks: a resolution flagged by the integrity signals, or drawn in the seeded
// sample, waits for a checker (verifiers: /staff/resolution-checks) before the resident is asked to
// confirm it. The checker accepts it (the resident gets the resolution email then) or returns it to the
// department with a reason: the complaint goes back to in progress and the return is recorded as a
// reopening of that resolution (an internal 'dispute' event by the verifier with `returned: true`), so
// every §4 figure and the appraisal evidence count it like a resident's dispute. A check nobody makes
// within CHECK_LIMIT_WORKING_DAYS working days is accepted automatically by the worker job, recorded as
// such. Each decision is a compare-and-set on the check's version and the complaint's version.
import type { Transaction } from 'kysely';
import type { Db } from '../db/index.ts';
import type { Database } from '../db/schema.ts';
import type { SessionUser } from '../auth/session.ts';
import { can } from '../auth/auth.policy.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import { addWorkingDays, type WorkingCalendar } from '../calendar/calendar.ts';
import { updateComplaintAtVersion } from '../complaints/complaints.repository.ts';
import { getSettings } from '../reference/reference.repository.ts';
import * as workRepo from '../workflow/workflow.repository.ts';
import { notifyReporter } from '../workflow/workflow-mail.ts';
import { notifyFollowers } from '../follows/follows.service.ts';
import { CHECK_LIMIT_WORKING_DAYS, DEFAULT_CHECK_SEED, checkReasons, parseShare, type CheckReason, type Point } from './sampling.ts';
import * as repo from './checks.repository.ts';

type Trx = Transaction<Database>;
export type CheckOutcome = { ok: true } | { ok: false; error: 'not_found' | 'conflict' };
export interface CheckContext {
  user: SessionUser | null;
  now: Date;
  requestId?: string;
  siteUrl: string;
}

class Lost extends Error {}

/** Sample share and seed in force (settings resolution_check_share, resolution_check_seed). */
export async function checkSettings(db: Db | Trx): Promise<{ share: number; seed: string }> {
  const s = await getSettings(db);
  return { share: parseShare(s.get('resolution_check_share')), seed: s.get('resolution_check_seed') || DEFAULT_CHECK_SEED };
}

/**
 * Called by the resolve command inside its transaction: queues the resolution for a check when it needs
 * one and returns the reasons (empty: none; the resident is asked to confirm at once). Any older pending
 * check of the complaint (a resolution the resident disputed before anyone checked it) is superseded.
 */
export async function queueResolutionCheck(
  trx: Trx,
  c: {
    id: number;
    code: string;
    department_id: number | null;
    assigned_at: number | null;
    first_response_at: number | null;
    latitude: number | null;
    longitude: number | null;
    resolution_distance_m: number | null;
  },
  v: { resolveEventId: number; resolverId: number; resolvedAt: number; photos: number; reportedPoint: Point | null },
): Promise<CheckReason[]> {
  await trx
    .updateTable('resolution_checks')
    .set({ state: 'superseded', decided_at: v.resolvedAt })
    .where('complaint_id', '=', c.id)
    .where('state', '=', 'pending')
    .execute();
  const complaintPoint = c.latitude !== null && c.longitude !== null ? { lat: Number(c.latitude), lon: Number(c.longitude) } : null;
  const reportPhotos = await repo.countReportPhotos(trx, c.id);
  const reasons = checkReasons(
    {
      code: c.code,
      assignedAt: c.assigned_at,
      firstResponseAt: c.first_response_at,
      resolvedAt: v.resolvedAt,
      photos: v.photos,
      reportPhotos,
      complaintPoint,
      reportedPoint: v.reportedPoint,
      maxDistanceM: c.resolution_distance_m,
    },
    await checkSettings(trx),
  );
  if (reasons.length > 0) {
    await repo.insertCheck(trx, {
      complaintId: c.id,
      resolveEventId: v.resolveEventId,
      resolverUserId: v.resolverId,
      departmentId: c.department_id,
      resolvedAt: v.resolvedAt,
      reasons: reasons.join(' '),
      sampled: reasons.includes('sample'),
    });
  }
  return reasons;
}

export const mayCheck = (user: SessionUser | null): user is SessionUser => can(user, 'resolutions.check');

export async function listResolutionChecks(db: Db, ctx: { user: SessionUser | null }) {
  if (!mayCheck(ctx.user)) return null;
  return repo.listPending(db);
}

type Decision = { kind: 'accept' } | { kind: 'return'; reason: string } | { kind: 'auto' };

/** One decision on one check, all in one transaction; 'conflict' when the check or the complaint moved on. */
async function decide(db: Db, id: number, expectedVersion: number | undefined, d: Decision, ctx: CheckContext): Promise<CheckOutcome> {
  try {
    return await db.transaction().execute(async (trx) => {
      const k = await repo.findCheck(trx, id);
      if (!k) return { ok: false, error: 'not_found' };
      if (k.state !== 'pending' || (expectedVersion !== undefined && expectedVersion !== k.version))
        return { ok: false, error: 'conflict' };
      const row = await trx.selectFrom('complaints').select('code').where('id', '=', k.complaintId).executeTakeFirstOrThrow();
      const c = (await workRepo.findComplaintForWork(trx, row.code))!;
      const now = ctx.now.getTime();
      const actor = d.kind === 'auto' ? null : ctx.user!;
      if (c.state !== 'resolved') {
        // The resident disputed it first: nothing left to check.
        if (!(await repo.decideCheck(trx, k.id, k.version, { state: 'superseded', decidedBy: null, at: now }))) throw new Lost();
        return { ok: false, error: 'conflict' };
      }
      const state = d.kind === 'accept' ? 'accepted' : d.kind === 'return' ? 'returned' : 'auto_accepted';
      if (!(await repo.decideCheck(trx, k.id, k.version, { state, decidedBy: actor?.id ?? null, at: now }))) throw new Lost();
      const patch =
        d.kind === 'return'
          ? { state: 'in_progress' as const, reopened_count: c.reopened_count + 1, last_reopened_at: now, updated_at: now }
          : { updated_at: now };
      if (!(await updateComplaintAtVersion(trx, c.id, c.version, patch))) throw new Lost();
      await workRepo.insertWorkflowEvent(trx, {
        complaint_id: c.id,
        at: now,
        actor_user_id: actor?.id ?? null,
        actor_kind: actor ? 'verifier' : 'system',
        action: d.kind === 'return' ? 'dispute' : d.kind === 'accept' ? 'check_accepted' : 'check_auto_accepted',
        from_state: 'resolved',
        to_state: d.kind === 'return' ? 'in_progress' : 'resolved',
        note: d.kind === 'return' ? d.reason : '',
        visibility: 'internal',
        department_id: c.department_id,
        details: JSON.stringify({ check_id: k.id, returned: d.kind === 'return', resolve_event_id: k.resolveEventId }),
      });
      await appendAudit(trx, {
        actor: actor ? { id: actor.id, role: actor.role } : null,
        action: `resolution_check.${state}`,
        objectType: 'complaint',
        objectId: c.code,
        requestId: ctx.requestId,
        at: ctx.now,
        details: { check_id: k.id, resolver_user_id: k.resolverUserId },
      });
      if (d.kind !== 'return') {
        // Now the resident is asked to confirm: the resolution email the resolve held back.
        await notifyReporter(trx, {
          to: c.notify_email,
          locale: c.reporter_locale,
          code: c.code,
          event: 'resolve',
          eventId: k.resolveEventId,
          note: k.note,
          siteUrl: ctx.siteUrl,
          now: ctx.now,
        });
        await notifyFollowers(trx, {
          complaintId: c.id,
          privacy: c.privacy,
          reporterUserId: c.reporter_user_id,
          code: c.code,
          event: 'resolve',
          eventId: k.resolveEventId,
          note: k.note,
          siteUrl: ctx.siteUrl,
          now: ctx.now,
        });
      }
      return { ok: true };
    });
  } catch (e) {
    if (e instanceof Lost) return { ok: false, error: 'conflict' };
    throw e;
  }
}

export async function acceptResolution(db: Db, id: number, input: { version?: number }, ctx: CheckContext): Promise<CheckOutcome> {
  if (!mayCheck(ctx.user)) return { ok: false, error: 'not_found' };
  return decide(db, id, input.version, { kind: 'accept' }, ctx);
}

export async function returnResolution(
  db: Db,
  id: number,
  input: { version?: number; reason: string },
  ctx: CheckContext,
): Promise<CheckOutcome> {
  if (!mayCheck(ctx.user)) return { ok: false, error: 'not_found' };
  return decide(db, id, input.version, { kind: 'return', reason: input.reason }, ctx);
}

/** The worker job: accepts checks left pending CHECK_LIMIT_WORKING_DAYS working days, recorded as automatic. */
export async function autoAcceptChecks(db: Db, now: Date, calendar: WorkingCalendar, siteUrl: string): Promise<{ accepted: number }> {
  let accepted = 0;
  // A check created before now − 3 calendar days is the only kind that can be 3 working days old.
  for (const k of await repo.listPendingCreatedBefore(db, now.getTime() - CHECK_LIMIT_WORKING_DAYS * 86_400_000)) {
    if (addWorkingDays(new Date(k.createdAt), CHECK_LIMIT_WORKING_DAYS, calendar).getTime() > now.getTime()) continue;
    const r = await decide(db, k.id, k.version, { kind: 'auto' }, { user: null, now, siteUrl });
    if (r.ok) accepted += 1;
  }
  return { accepted };
}
