// Read models of the collaboration pages, policy applied here once: the supporting department's
// task page (the complaint only as far as its privacy allows; the reporter's contact only when the lead
// shared it, each showing audited), its "Dukungan diminta" list, and the lead department's task list.
import type { Db } from '../db/index.ts';
import type { SessionUser } from '../auth/session.ts';
import { fromDbTime } from '../db/values.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import { localized, type Locale } from '../../i18n/index.ts';
import { findComplaintByCode } from '../complaints/complaints.repository.ts';
import { canSupport, supporterSeesContact, supporterSeesContent } from '../complaints/complaints.policy.ts';
import { canHandle, canUseInbox } from '../workflow/workflow.policy.ts';
import { findComplaintForWork, listDepartmentStaff } from '../workflow/workflow.repository.ts';
import * as repo from './support.repository.ts';

/** The task as its supporting department sees it; null for anyone else (and once the task has ended). */
export async function supportTaskView(
  db: Db,
  id: number,
  viewer: { user: SessionUser | null; locale: Locale; now: Date; requestId?: string },
) {
  const s = await repo.findSupportForWork(db, id);
  if (!s || !canSupport(viewer.user, s)) return null;
  const c = await findComplaintByCode(db, s.code);
  if (!c) return null;
  const content = supporterSeesContent(viewer.user, c, s);
  const contact = supporterSeesContact(viewer.user, c, s) && !!(c.reporter_name || c.reporter_email || c.reporter_phone);
  const user = viewer.user!;
  if (contact) {
    await appendAudit(db, {
      actor: { id: user.id, role: user.role },
      action: 'complaint.contact_viewed',
      objectType: 'complaint',
      objectId: c.code,
      requestId: viewer.requestId,
      details: { support_id: s.id, as: 'supporting_department' },
    });
  }
  const [lead, staff, assignee] = await Promise.all([
    repo.findDepartmentName(db, s.lead_department_id),
    listDepartmentStaff(db, s.supporting_department_id),
    s.assignee_user_id === null ? null : db.selectFrom('users').select('name').where('id', '=', s.assignee_user_id).executeTakeFirst(),
  ]);
  return {
    id: s.id,
    version: s.version,
    state: s.state,
    task: s.task,
    code: c.code,
    privacy: c.privacy,
    leadName: lead,
    dueAt: fromDbTime(s.due_at),
    overdue: s.due_at < viewer.now.getTime(),
    assigneeId: s.assignee_user_id,
    assigneeName: assignee?.name ?? null,
    mayComplete: s.state === 'accepted' && (user.role === 'manager' || s.assignee_user_id === user.id),
    staff: staff.map((m) => ({ id: m.id, name: m.name })),
    /** Null for a confidential complaint: the task text is all the supporter gets. */
    complaint: content
      ? {
          title: c.title,
          description: c.description,
          categoryName: localized({ name_id: c.category_name_id, name_en: c.category_name_en }, 'name', viewer.locale),
          place: [c.address, c.kelurahan_name, c.kecamatan_name].filter(Boolean).join(', '),
        }
      : null,
    contact: contact
      ? { name: c.privacy === 'anonymous' ? null : c.reporter_name, email: c.reporter_email, phone: c.reporter_phone }
      : null,
  };
}
export type SupportTaskView = NonNullable<Awaited<ReturnType<typeof supportTaskView>>>;

/** "Dukungan diminta": the open tasks other departments asked of the viewer's department. */
export async function supportInbox(db: Db, user: SessionUser | null, now: Date) {
  if (!canUseInbox(user)) return [];
  const rows = await repo.listOpenSupportForDepartment(db, user.departmentId);
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    task: r.task,
    state: r.state,
    leadName: r.lead_name,
    assigneeName: r.assignee_name,
    dueAt: fromDbTime(r.due_at),
    overdue: r.due_at < now.getTime(),
  }));
}

/** The lead department's view of the tasks on its complaint; null for anyone who does not handle it. */
export async function leadSupportList(db: Db, code: string, user: SessionUser | null, now: Date) {
  const c = await findComplaintForWork(db, code);
  if (!c || !canHandle(user, c)) return null;
  const rows = await repo.listSupportForComplaint(db, c.id);
  return {
    complaintVersion: c.version,
    open: c.state === 'assigned' || c.state === 'in_progress' || c.state === 'reopened',
    resolutionDueAt: fromDbTime(c.resolution_due_at),
    privacy: c.privacy,
    mayClose: user!.role === 'manager',
    tasks: rows.map((r) => ({
      id: r.id,
      version: r.version,
      task: r.task,
      state: r.state,
      reason: r.reason,
      note: r.note,
      noteVisibility: r.note_visibility,
      departmentName: r.department_name,
      assigneeName: r.assignee_name,
      shareContact: r.share_contact === 1,
      dueAt: fromDbTime(r.due_at),
      endedAt: fromDbTime(r.ended_at),
      late: (r.ended_at ?? now.getTime()) > r.due_at && r.state !== 'closed_by_lead',
    })),
  };
}
export type LeadSupportList = NonNullable<Awaited<ReturnType<typeof leadSupportList>>>;
