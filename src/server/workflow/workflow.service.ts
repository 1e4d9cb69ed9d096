// Department commands on a complaint: assign, take, respond, note, transfer, set priority, resolve, reject
// as duplicate. Each checks the policy (another department's complaint is "not found"; one this
// department held before and lost to a transfer is a 'conflict'), writes one event and one audit row,
// and notifies the reporter of public events.
//
// Concurrency convention (one for both dialects, no `for update`): a command reads the complaint with
// its version inside its transaction and changes it only through updateComplaintAtVersion
// (`where id = ? and version = <read>`, `version = version + 1`). That holds for every change, also those
// that keep the state (assign, take, transfer, priority), so of two commands racing on one complaint
// exactly one writes and the other gets 'conflict' and writes no event. A staff form carries the version
// it was rendered with (`expectedVersion`): a different version at read time is a 'conflict' too, so a
// stale page cannot act on a complaint that changed under it. An internal note neither checks nor bumps
// the version: it changes nothing on the complaint, and a colleague's note must not make an open form
// stale.
import { unitFor } from '../complaints/unit-routing.ts';
import type { Transaction } from 'kysely';
import type { Db } from '../db/index.ts';
import type { Database } from '../db/schema.ts';
import type { SessionUser } from '../auth/session.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import { addWorkingDays, type WorkingCalendar } from '../calendar/calendar.ts';
import { DEPARTMENT_STATES, transition } from '../complaints/complaint-states.ts';
import { updateComplaintAtVersion, findComplaintIdByCode } from '../complaints/complaints.repository.ts';
import { removePhotos, storePhotos, type ProcessedPhoto } from '../complaints/complaint-photos.ts';
import * as repo from './workflow.repository.ts';
import { canHandle, canUseInbox, mayResolveHeld } from './workflow.policy.ts';
import { notifyReporter } from './workflow-mail.ts';
import { notifyFollowers } from '../follows/follows.service.ts';
import { supportBlocksResolve } from '../collaboration/support-guard.ts';
import { mergeDuplicate, MergeConflict } from '../supporters/merge.ts';
import { queueResolutionCheck } from '../checks/checks.service.ts';
import type { Point } from '../checks/sampling.ts';

export interface StaffContext {
  user: SessionUser | null;
  now: Date;
  requestId?: string;
  siteUrl: string;
  /** The complaint version the actor's page showed; another version at read time is a 'conflict'. */
  expectedVersion?: number;
}

export type WorkflowError =
  | 'not_found'
  | 'conflict'
  | 'not_assignee'
  | 'photo_required'
  | 'invalid_assignee'
  | 'invalid_department'
  | 'same_department'
  | 'duplicate_not_found'
  | 'original_rejected'
  // A supporting department's task is still open: a manager closes it with a reason first.
  | 'support_open';
export type WorkflowOutcome = { ok: true } | { ok: false; error: WorkflowError };

type Trx = Transaction<Database>;

/**
 * Loads the complaint (with its version) inside a transaction and hands it over only to its
 * department's staff, and only while it still has the version the actor's page showed. Staff of a
 * department that held it before a transfer get 'conflict', not 'not_found': they lost a race (or
 * acted on a stale page), and the complaint's code is no secret to them.
 */
async function handled(
  db: Db,
  code: string,
  ctx: StaffContext,
  fn: (trx: Trx, c: repo.WorkComplaint, user: SessionUser) => Promise<WorkflowOutcome>,
): Promise<WorkflowOutcome> {
  const user = ctx.user;
  return db.transaction().execute(async (trx) => {
    const c = await repo.findComplaintForWork(trx, code);
    if (!c) return { ok: false, error: 'not_found' };
    if (!canHandle(user, c)) {
      const heldBefore = canUseInbox(user) && (await repo.departmentHeldComplaint(trx, c.id, user.departmentId));
      return { ok: false, error: heldBefore ? 'conflict' : 'not_found' };
    }
    if (ctx.expectedVersion !== undefined && ctx.expectedVersion !== c.version) return { ok: false, error: 'conflict' };
    return fn(trx, c, user!);
  });
}

/** The command's write: only while the row still has the version read in this transaction. */
function changeAsRead(trx: Trx, c: repo.WorkComplaint, patch: Parameters<typeof updateComplaintAtVersion>[3]): Promise<boolean> {
  return updateComplaintAtVersion(trx, c.id, c.version, patch);
}

function audit(
  trx: Trx,
  user: SessionUser,
  action: string,
  code: string,
  ctx: StaffContext,
  details: Record<string, string | number | boolean | null> = {},
) {
  return appendAudit(trx, {
    actor: { id: user.id, role: user.role },
    action,
    objectType: 'complaint',
    objectId: code,
    requestId: ctx.requestId,
    at: ctx.now,
    details,
  });
}

/** Gives the complaint to an officer or manager of its department (also someone else's, deliberately). */
export async function assignComplaint(db: Db, code: string, input: { assigneeId: number }, ctx: StaffContext): Promise<WorkflowOutcome> {
  return handled(db, code, ctx, (trx, c, user) => setAssignee(trx, c, user, input.assigneeId, ctx));
}

/**
 * "Saya tangani": the actor takes a complaint nobody handles yet. The first to take it keeps it: a
 * complaint someone already handles (taken a moment ago on another server, or before this page was
 * loaded) is a 'conflict', and the page names who has it. Reassigning is the assign command's job.
 */
export async function takeComplaint(db: Db, code: string, ctx: StaffContext): Promise<WorkflowOutcome> {
  return handled(db, code, ctx, async (trx, c, user) => {
    if (c.assignee_user_id !== null) return { ok: false, error: 'conflict' };
    return setAssignee(trx, c, user, user.id, ctx);
  });
}

/**
 * "Ambil alih": the actor takes over a complaint a colleague holds, so that they may resolve it (only
 * managers resolve someone else's complaint without one). The take-over is an event of its own, visible
 * to the department, and the stages from then on count for the actor (attribution.ts).
 */
export async function takeOverComplaint(db: Db, code: string, ctx: StaffContext): Promise<WorkflowOutcome> {
  return handled(db, code, ctx, async (trx, c, user) => {
    if (c.assignee_user_id === user.id) return { ok: false, error: 'conflict' };
    return setAssignee(trx, c, user, user.id, ctx, { takeover: true, from_assignee_user_id: c.assignee_user_id });
  });
}

async function setAssignee(
  trx: Trx,
  c: repo.WorkComplaint,
  user: SessionUser,
  assigneeId: number,
  ctx: StaffContext,
  extra: Record<string, number | boolean | null> = {},
): Promise<WorkflowOutcome> {
  if (!DEPARTMENT_STATES.includes(c.state)) return { ok: false, error: 'conflict' };
  const assignee = await repo.findDepartmentStaffMember(trx, c.department_id!, assigneeId);
  if (!assignee) return { ok: false, error: 'invalid_assignee' };
  const now = ctx.now.getTime();
  if (!(await changeAsRead(trx, c, { assignee_user_id: assignee.id, updated_at: now }))) return { ok: false, error: 'conflict' };
  await repo.insertWorkflowEvent(trx, {
    complaint_id: c.id,
    at: now,
    actor_user_id: user.id,
    actor_kind: 'department',
    action: 'assign',
    from_state: c.state,
    to_state: c.state,
    visibility: 'internal',
    department_id: c.department_id,
    details: JSON.stringify({ assignee_user_id: assignee.id, ...extra }),
  });
  await audit(trx, user, extra.takeover ? 'complaint.taken_over' : 'complaint.assigned', c.code, ctx, {
    assignee_user_id: assignee.id,
    self: assignee.id === user.id,
    ...extra,
  });
  return { ok: true };
}

/** A public response; the first one sets first_response_at and moves assigned → in_progress. */
export async function respondToComplaint(db: Db, code: string, input: { note: string }, ctx: StaffContext): Promise<WorkflowOutcome> {
  return handled(db, code, ctx, async (trx, c, user) => {
    const t = transition(c.state, 'respond', 'department');
    if (!t.ok) return { ok: false, error: 'conflict' };
    const now = ctx.now.getTime();
    const changed = await changeAsRead(trx, c, {
      state: t.to,
      first_response_at: c.first_response_at ?? now,
      assignee_user_id: c.assignee_user_id ?? user.id,
      updated_at: now,
    });
    if (!changed) return { ok: false, error: 'conflict' };
    const eventId = await repo.insertWorkflowEvent(trx, {
      complaint_id: c.id,
      at: now,
      actor_user_id: user.id,
      actor_kind: 'department',
      action: 'respond',
      from_state: t.from,
      to_state: t.to,
      note: input.note,
      visibility: 'public',
      department_id: c.department_id,
      details: JSON.stringify({ first: c.first_response_at === null }),
    });
    await audit(trx, user, 'complaint.responded', c.code, ctx, { first: c.first_response_at === null, from: t.from, to: t.to });
    await notifyReporter(trx, {
      to: c.notify_email,
      locale: c.reporter_locale,
      code: c.code,
      event: 'respond',
      eventId,
      note: input.note,
      siteUrl: ctx.siteUrl,
      now: ctx.now,
    });
    await notifyFollowers(trx, {
      complaintId: c.id,
      privacy: c.privacy,
      reporterUserId: c.reporter_user_id,
      code: c.code,
      event: 'respond',
      eventId,
      note: input.note,
      siteUrl: ctx.siteUrl,
      now: ctx.now,
    });
    return { ok: true };
  });
}

/**
 * An internal note: never shown to the public or the reporter. It appends an event and leaves the
 * complaint row alone, so it needs no version (a note written while a colleague acts is still true).
 */
export async function addInternalNote(db: Db, code: string, input: { note: string }, ctx: StaffContext): Promise<WorkflowOutcome> {
  return handled(db, code, { ...ctx, expectedVersion: undefined }, async (trx, c, user) => {
    const now = ctx.now.getTime();
    await repo.insertWorkflowEvent(trx, {
      complaint_id: c.id,
      at: now,
      actor_user_id: user.id,
      actor_kind: 'department',
      action: 'note',
      from_state: c.state,
      to_state: c.state,
      note: input.note,
      visibility: 'internal',
      department_id: c.department_id,
    });
    await audit(trx, user, 'complaint.noted', c.code, ctx);
    return { ok: true };
  });
}

/**
 * Sends the complaint to another department with a reason: new due dates from the category's targets
 * counted from now, no assignee, back to 'assigned' until the new department responds publicly;
 * transfer_count counts it for the transfer rate. assigned_at and first_response_at keep the first
 * values, so verification time (submitted → assigned) and first-response time (DESIGN.md §4) stay true.
 */
export async function transferComplaint(
  db: Db,
  code: string,
  input: { departmentCode: string; reason: string },
  ctx: StaffContext & { calendar: WorkingCalendar },
): Promise<WorkflowOutcome> {
  return handled(db, code, ctx, async (trx, c, user) => {
    const t = transition(c.state, 'transfer', 'department');
    if (!t.ok) return { ok: false, error: 'conflict' };
    const dept = await repo.findActiveDepartmentByCode(trx, input.departmentCode);
    if (!dept) return { ok: false, error: 'invalid_department' };
    if (dept.id === c.department_id) return { ok: false, error: 'same_department' };
    const now = ctx.now.getTime();
    // The unit goes with the department: the new department's unit for this category and area, or none.
    const unitId = await unitFor(trx, c.category_id, { kelurahan: c.kelurahan_code, kecamatan: c.kecamatan_code }, dept.id);
    const changed = await changeAsRead(trx, c, {
      state: t.to,
      department_id: dept.id,
      unit_id: unitId,
      assignee_user_id: null,
      response_due_at: addWorkingDays(ctx.now, c.response_days, ctx.calendar).getTime(),
      resolution_due_at: addWorkingDays(ctx.now, c.resolution_days, ctx.calendar).getTime(),
      transfer_count: c.transfer_count + 1,
      updated_at: now,
    });
    if (!changed) return { ok: false, error: 'conflict' };
    const eventId = await repo.insertWorkflowEvent(trx, {
      complaint_id: c.id,
      at: now,
      actor_user_id: user.id,
      actor_kind: 'department',
      action: 'transfer',
      from_state: t.from,
      to_state: t.to,
      note: input.reason,
      visibility: 'public',
      department_id: dept.id,
      details: JSON.stringify({ from_department_id: c.department_id }),
    });
    await audit(trx, user, 'complaint.transferred', c.code, ctx, { from_department_id: c.department_id, to_department: dept.code });
    await notifyReporter(trx, {
      to: c.notify_email,
      locale: c.reporter_locale,
      code: c.code,
      event: 'transfer',
      eventId,
      note: input.reason,
      department: dept.short_name,
      siteUrl: ctx.siteUrl,
      now: ctx.now,
    });
    await notifyFollowers(trx, {
      complaintId: c.id,
      privacy: c.privacy,
      reporterUserId: c.reporter_user_id,
      code: c.code,
      event: 'transfer',
      eventId,
      note: input.reason,
      department: dept.short_name,
      siteUrl: ctx.siteUrl,
      now: ctx.now,
    });
    return { ok: true };
  });
}

export async function setComplaintPriority(
  db: Db,
  code: string,
  input: { priority: 'low' | 'normal' | 'high' | 'urgent' },
  ctx: StaffContext,
): Promise<WorkflowOutcome> {
  return handled(db, code, ctx, async (trx, c, user) => {
    if (!DEPARTMENT_STATES.includes(c.state)) return { ok: false, error: 'conflict' };
    const now = ctx.now.getTime();
    if (!(await changeAsRead(trx, c, { priority: input.priority, updated_at: now }))) return { ok: false, error: 'conflict' };
    await repo.insertWorkflowEvent(trx, {
      complaint_id: c.id,
      at: now,
      actor_user_id: user.id,
      actor_kind: 'department',
      action: 'priority',
      from_state: c.state,
      to_state: c.state,
      visibility: 'internal',
      department_id: c.department_id,
      details: JSON.stringify({ from: c.priority, to: input.priority }),
    });
    await audit(trx, user, 'complaint.priority_set', c.code, ctx, { from: c.priority, to: input.priority });
    return { ok: true };
  });
}

/** Resolves with a public note (and an optional photo); keeps the first and the last resolution time. */
export async function resolveComplaint(
  db: Db,
  code: string,
  input: { note: string; point?: Point | null },
  photos: ProcessedPhoto[],
  ctx: StaffContext & { uploadDir: string },
): Promise<WorkflowOutcome> {
  // Refuse before writing files; the transaction re-checks.
  const pre = await findComplaintIdByCode(db, code);
  if (!pre) return { ok: false, error: 'not_found' };
  const names = photos.length > 0 ? await storePhotos(ctx.uploadDir, photos) : [];
  try {
    const outcome = await handled(db, code, ctx, async (trx, c, user) => {
      const t = transition(c.state, 'resolve', 'department');
      if (!t.ok) return { ok: false, error: 'conflict' };
      if (!mayResolveHeld(user, c)) return { ok: false, error: 'not_assignee' };
      // The category's rule (admin, /admin/categories/<code>): an "after" photo shows the work done.
      if (Number(c.resolution_photo_required) === 1 && photos.length === 0) return { ok: false, error: 'photo_required' };
      if (await supportBlocksResolve(trx, c.id)) return { ok: false, error: 'support_open' };
      const now = ctx.now.getTime();
      const changed = await changeAsRead(trx, c, {
        state: t.to,
        resolved_at: now,
        first_resolved_at: c.first_resolved_at ?? now,
        assignee_user_id: c.assignee_user_id ?? user.id,
        updated_at: now,
      });
      if (!changed) return { ok: false, error: 'conflict' };
      await repo.insertSourcedPhotos(
        trx,
        c.id,
        'resolution',
        photos.map((p, i) => ({ fileName: names[i]!, contentType: p.contentType, width: p.width, height: p.height, bytes: p.data.length })),
        now,
      );
      const eventId = await repo.insertWorkflowEvent(trx, {
        complaint_id: c.id,
        at: now,
        actor_user_id: user.id,
        actor_kind: 'department',
        action: 'resolve',
        from_state: t.from,
        to_state: t.to,
        note: input.note,
        visibility: 'public',
        department_id: c.department_id,
        details: JSON.stringify({ photos: photos.length, reopened_count: c.reopened_count }),
      });
      // Flagged or sampled resolutions wait for a checker; the resident is asked to confirm after the check.
      const held = await queueResolutionCheck(trx, c, {
        resolveEventId: eventId,
        resolverId: user.id,
        resolvedAt: now,
        photos: photos.length,
        reportedPoint: input.point ?? null,
      });
      await audit(trx, user, 'complaint.resolved', c.code, ctx, {
        photos: photos.length,
        again: c.first_resolved_at !== null,
        check: held.join(' ') || null,
      });
      if (held.length === 0) {
        await notifyReporter(trx, {
          to: c.notify_email,
          locale: c.reporter_locale,
          code: c.code,
          event: 'resolve',
          eventId,
          note: input.note,
          siteUrl: ctx.siteUrl,
          now: ctx.now,
        });
        await notifyFollowers(trx, {
          complaintId: c.id,
          privacy: c.privacy,
          reporterUserId: c.reporter_user_id,
          code: c.code,
          event: 'resolve',
          eventId,
          note: input.note,
          siteUrl: ctx.siteUrl,
          now: ctx.now,
        });
      }
      return { ok: true };
    });
    if (!outcome.ok) await removePhotos(ctx.uploadDir, names);
    return outcome;
  } catch (e) {
    await removePhotos(ctx.uploadDir, names);
    throw e;
  }
}

/**
 * The department found the same problem reported earlier: the complaint is rejected as a duplicate of
 * that code and merged into it (supporters, followers and its reporter carried across: supporters/merge.ts).
 */
export async function rejectAsDuplicate(
  db: Db,
  code: string,
  input: { duplicateOf: string; note: string },
  ctx: StaffContext,
): Promise<WorkflowOutcome> {
  try {
    return await handled(db, code, ctx, async (trx, c, user) => {
      if (!DEPARTMENT_STATES.includes(c.state)) return { ok: false, error: 'conflict' };
      // Closing it as a duplicate ends the department's work like a resolve: no supporting task may be left open.
      if (await supportBlocksResolve(trx, c.id)) return { ok: false, error: 'support_open' };
      const now = ctx.now.getTime();
      const merged = await mergeDuplicate(
        trx,
        c,
        input.duplicateOf,
        { state: 'rejected', rejection_reason: 'duplicate', rejected_at: now, closed_at: now, updated_at: now },
        { userId: user.id, role: user.role, kind: 'department' },
        ctx,
      );
      if (!merged.ok) return merged;
      const eventId = await repo.insertWorkflowEvent(trx, {
        complaint_id: c.id,
        at: now,
        actor_user_id: user.id,
        actor_kind: 'department',
        action: 'reject',
        from_state: c.state,
        to_state: 'rejected',
        note: input.note,
        visibility: 'public',
        department_id: c.department_id,
        details: JSON.stringify({ reason: 'duplicate', duplicate_of: merged.originalCode }),
      });
      await audit(trx, user, 'complaint.rejected', c.code, ctx, {
        reason: 'duplicate',
        duplicate_of_id: merged.originalId,
        by: 'department',
      });
      // The reporter hears where it is handled now (and that they support it); followers of the rejection.
      await notifyReporter(trx, {
        to: c.notify_email,
        locale: c.reporter_locale,
        code: c.code,
        event: 'reject',
        eventId,
        note: [input.note, merged.reporterNote].filter(Boolean).join('\n\n'),
        siteUrl: ctx.siteUrl,
        now: ctx.now,
      });
      await notifyFollowers(trx, {
        complaintId: c.id,
        privacy: c.privacy,
        reporterUserId: c.reporter_user_id,
        code: c.code,
        event: 'reject',
        eventId,
        note: input.note,
        siteUrl: ctx.siteUrl,
        now: ctx.now,
      });
      return { ok: true };
    });
  } catch (e) {
    if (e instanceof MergeConflict) return { ok: false, error: 'conflict' };
    throw e;
  }
}
