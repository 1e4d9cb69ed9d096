// Departments handling a complaint together: the lead department asks another for help
// ("minta dukungan"), the supporting department accepts (naming an officer), declines with a reason or
// marks its task done with a note (public or internal); the lead's manager may close an open task with a
// reason. Each command writes one complaint event and one audit row in its transaction.
//
// Concurrency: a request compares-and-sets on the complaint's version (so it cannot race a resolve or a
// transfer); every answer compares-and-sets on the task's own version, so of two managers answering one
// request at once exactly one writes and the other gets 'conflict' and writes nothing.
import type { Transaction } from 'kysely';
import type { Db } from '../db/index.ts';
import type { Database } from '../db/schema.ts';
import type { SessionUser } from '../auth/session.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import { addWorkingDays, type WorkingCalendar } from '../calendar/calendar.ts';
import { DEPARTMENT_STATES } from '../complaints/complaint-states.ts';
import { updateComplaintAtVersion } from '../complaints/complaints.repository.ts';
import { canSupport } from '../complaints/complaints.policy.ts';
import { canHandle } from '../workflow/workflow.policy.ts';
import * as wf from '../workflow/workflow.repository.ts';
import * as repo from './support.repository.ts';
import { notifySupportRequested } from './support-mail.ts';

export interface StaffContext {
  user: SessionUser | null;
  now: Date;
  requestId?: string;
  /** The task's (or, for a request, the complaint's) version the actor's page showed. */
  expectedVersion?: number;
  /** PUBLIC_URL (config().siteUrl): the supporting managers' email links to the task with it. */
  siteUrl?: string;
}

export type SupportError =
  | 'not_found'
  | 'conflict'
  | 'invalid_department'
  | 'same_department'
  | 'due_too_late'
  | 'already_open'
  | 'invalid_assignee'
  | 'not_allowed';
export type SupportOutcome = { ok: true; id: number } | { ok: false; error: SupportError };

type Trx = Transaction<Database>;

function audit(
  trx: Trx,
  user: SessionUser,
  action: string,
  code: string,
  ctx: StaffContext,
  details: Record<string, string | number | boolean | null>,
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

export interface SupportRequestInput {
  departmentCode: string;
  task: string;
  /** The task's own due time, in working days from now; never after the complaint's resolution due time. */
  days: number;
  /** The lead shares the reporter's contact for this task (never of an anonymous complaint). */
  shareContact: boolean;
}

/** "Minta dukungan": the lead department's officer or manager asks another department for help. */
export async function requestSupport(
  db: Db,
  code: string,
  input: SupportRequestInput,
  ctx: StaffContext & { calendar: WorkingCalendar },
): Promise<SupportOutcome> {
  const user = ctx.user;
  return db.transaction().execute(async (trx): Promise<SupportOutcome> => {
    const c = await wf.findComplaintForWork(trx, code);
    if (!c || !canHandle(user, c)) return { ok: false, error: 'not_found' };
    if (ctx.expectedVersion !== undefined && ctx.expectedVersion !== c.version) return { ok: false, error: 'conflict' };
    if (!DEPARTMENT_STATES.includes(c.state)) return { ok: false, error: 'conflict' };
    const dept = await wf.findActiveDepartmentByCode(trx, input.departmentCode);
    if (!dept) return { ok: false, error: 'invalid_department' };
    if (dept.id === c.department_id) return { ok: false, error: 'same_department' };
    const due = addWorkingDays(ctx.now, input.days, ctx.calendar).getTime();
    if (c.resolution_due_at !== null && due > c.resolution_due_at) return { ok: false, error: 'due_too_late' };
    if ((await repo.countOpenSupport(trx, c.id, dept.id)) > 0) return { ok: false, error: 'already_open' };
    const now = ctx.now.getTime();
    // The complaint's version moves, so a resolve or transfer racing this request loses (or wins) cleanly.
    if (!(await updateComplaintAtVersion(trx, c.id, c.version, { updated_at: now }))) return { ok: false, error: 'conflict' };
    const shareContact = input.shareContact && c.privacy !== 'anonymous';
    const row = await trx
      .insertInto('support_requests')
      .values({
        complaint_id: c.id,
        lead_department_id: c.department_id!,
        supporting_department_id: dept.id,
        task: input.task,
        due_at: due,
        state: 'requested',
        share_contact: shareContact ? 1 : 0,
        requested_at: now,
        requested_by_user_id: user!.id,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await wf.insertWorkflowEvent(trx, {
      complaint_id: c.id,
      at: now,
      actor_user_id: user!.id,
      actor_kind: 'department',
      action: 'support_request',
      from_state: c.state,
      to_state: c.state,
      note: input.task,
      visibility: 'internal',
      department_id: dept.id,
      details: JSON.stringify({ support_id: row.id, due_at: due }),
    });
    // What the supporter is given is recorded: the task only for a confidential complaint, the reporter's contact when shared.
    await audit(trx, user!, 'complaint.support_requested', c.code, ctx, {
      support_id: row.id,
      to_department: dept.code,
      shared: c.privacy === 'confidential' ? 'task_only' : 'content',
      contact_shared: shareContact,
    });
    if (shareContact) await audit(trx, user!, 'complaint.contact_shared', c.code, ctx, { support_id: row.id, to_department: dept.code });
    if (ctx.siteUrl) {
      const lead = await repo.findDepartmentName(trx, c.department_id!);
      await notifySupportRequested(trx, {
        supportId: row.id,
        supportingDepartmentId: dept.id,
        leadName: lead ?? '',
        code: c.code,
        dueAt: due,
        siteUrl: ctx.siteUrl,
        now: ctx.now,
      });
    }
    return { ok: true, id: row.id };
  });
}

/** Loads the task in the transaction and hands it to the supporting department's staff while it is open. */
async function answered(
  db: Db,
  id: number,
  ctx: StaffContext,
  fn: (trx: Trx, s: repo.WorkSupport, user: SessionUser) => Promise<SupportOutcome>,
): Promise<SupportOutcome> {
  return db.transaction().execute(async (trx) => {
    const s = await repo.findSupportForWork(trx, id);
    if (!s) return { ok: false, error: 'not_found' };
    if (!canSupport(ctx.user, s)) {
      // The department lost its access because the task ended meanwhile: a race lost, not a secret.
      const wasOurs =
        !!ctx.user && ctx.user.departmentId === s.supporting_department_id && (ctx.user.role === 'officer' || ctx.user.role === 'manager');
      return { ok: false, error: wasOurs ? 'conflict' : 'not_found' };
    }
    if (ctx.expectedVersion !== undefined && ctx.expectedVersion !== s.version) return { ok: false, error: 'conflict' };
    return fn(trx, s, ctx.user!);
  });
}

async function event(
  trx: Trx,
  s: repo.WorkSupport,
  user: SessionUser,
  now: number,
  action: string,
  note: string,
  visibility: 'public' | 'internal',
) {
  await wf.insertWorkflowEvent(trx, {
    complaint_id: s.complaint_id,
    at: now,
    actor_user_id: user.id,
    actor_kind: 'department',
    action,
    from_state: s.complaint_state,
    to_state: s.complaint_state,
    note,
    visibility,
    department_id: s.supporting_department_id,
    details: JSON.stringify({ support_id: s.id }),
  });
}

/** The supporting department takes the task on, naming the officer who does it. */
export async function acceptSupport(db: Db, id: number, input: { assigneeId: number }, ctx: StaffContext): Promise<SupportOutcome> {
  return answered(db, id, ctx, async (trx, s, user) => {
    if (s.state !== 'requested') return { ok: false, error: 'conflict' };
    const assignee = await wf.findDepartmentStaffMember(trx, s.supporting_department_id, input.assigneeId);
    if (!assignee) return { ok: false, error: 'invalid_assignee' };
    const now = ctx.now.getTime();
    if (
      !(await repo.updateSupportAtVersion(trx, s.id, s.version, {
        state: 'accepted',
        assignee_user_id: assignee.id,
        accepted_at: now,
        accepted_by_user_id: user.id,
        updated_at: now,
      }))
    ) {
      return { ok: false, error: 'conflict' };
    }
    // Public: the timeline says the department helps (its name only, never the officer).
    await event(trx, s, user, now, 'support_accept', '', 'public');
    await audit(trx, user, 'complaint.support_accepted', s.code, ctx, { support_id: s.id, assignee_user_id: assignee.id });
    return { ok: true, id: s.id };
  });
}

/** The supporting department declines, with a reason the lead reads. */
export async function declineSupport(db: Db, id: number, input: { reason: string }, ctx: StaffContext): Promise<SupportOutcome> {
  return answered(db, id, ctx, async (trx, s, user) => {
    const now = ctx.now.getTime();
    if (
      !(await repo.updateSupportAtVersion(trx, s.id, s.version, {
        state: 'declined',
        reason: input.reason,
        ended_at: now,
        ended_by_user_id: user.id,
        updated_at: now,
      }))
    ) {
      return { ok: false, error: 'conflict' };
    }
    await event(trx, s, user, now, 'support_decline', input.reason, 'internal');
    await audit(trx, user, 'complaint.support_declined', s.code, ctx, { support_id: s.id, from: s.state });
    return { ok: true, id: s.id };
  });
}

/** The task is done: by its officer or the supporting department's manager, with a public or internal note. */
export async function completeSupport(
  db: Db,
  id: number,
  input: { note: string; visibility: 'public' | 'internal' },
  ctx: StaffContext,
): Promise<SupportOutcome> {
  return answered(db, id, ctx, async (trx, s, user) => {
    if (s.state !== 'accepted') return { ok: false, error: 'conflict' };
    if (user.role !== 'manager' && s.assignee_user_id !== user.id) return { ok: false, error: 'not_allowed' };
    const now = ctx.now.getTime();
    if (
      !(await repo.updateSupportAtVersion(trx, s.id, s.version, {
        state: 'done',
        note: input.note,
        note_visibility: input.visibility,
        ended_at: now,
        ended_by_user_id: user.id,
        updated_at: now,
      }))
    )
      return { ok: false, error: 'conflict' };
    await event(trx, s, user, now, 'support_done', input.note, input.visibility);
    await audit(trx, user, 'complaint.support_done', s.code, ctx, { support_id: s.id, visibility: input.visibility, late: now > s.due_at });
    return { ok: true, id: s.id };
  });
}

/** The handling department's manager ends an open task with a reason (so the complaint may be resolved). */
export async function closeSupportByLead(db: Db, id: number, input: { reason: string }, ctx: StaffContext): Promise<SupportOutcome> {
  const user = ctx.user;
  return db.transaction().execute(async (trx): Promise<SupportOutcome> => {
    const s = await repo.findSupportForWork(trx, id);
    if (!s || !canHandle(user, s)) return { ok: false, error: 'not_found' };
    if (user!.role !== 'manager') return { ok: false, error: 'not_allowed' };
    if (s.state !== 'requested' && s.state !== 'accepted') return { ok: false, error: 'conflict' };
    if (ctx.expectedVersion !== undefined && ctx.expectedVersion !== s.version) return { ok: false, error: 'conflict' };
    const now = ctx.now.getTime();
    if (
      !(await repo.updateSupportAtVersion(trx, s.id, s.version, {
        state: 'closed_by_lead',
        reason: input.reason,
        ended_at: now,
        ended_by_user_id: user!.id,
        updated_at: now,
      }))
    ) {
      return { ok: false, error: 'conflict' };
    }
    await event(trx, s, user!, now, 'support_close', input.reason, 'internal');
    await audit(trx, user!, 'complaint.support_closed', s.code, ctx, { support_id: s.id, from: s.state });
    return { ok: true, id: s.id };
  });
}
