// What the handling department sees beside the complaint: assignee, priority, counters, due dates with
// overdue flags, first response, the reporter's rating, colleagues, templates, other departments.
// Null for anyone who does not handle it (the page answers 404, or 409 to a department it was
// transferred away from: see movedAwayFrom).
import type { Db } from '../db/index.ts';
import type { SessionUser } from '../auth/session.ts';
import { fromDbTime } from '../db/values.ts';
import { localized, type Locale } from '../../i18n/index.ts';
import { listDepartments } from '../reference/reference.repository.ts';
import * as repo from './workflow.repository.ts';
import { canHandle, canUseInbox, mayResolveHeld } from './workflow.policy.ts';

export async function staffPanel(db: Db, code: string, user: SessionUser | null, now: Date, locale: Locale) {
  const c = await repo.findComplaintForWork(db, code);
  if (!c || !canHandle(user, c)) return null;
  const [staff, templates, rating, departments, assignee] = await Promise.all([
    repo.listDepartmentStaff(db, c.department_id!),
    repo.listTemplates(db, c.department_id!, c.category_id),
    repo.findRating(db, c.id),
    listDepartments(db, { activeOnly: true }),
    c.assignee_user_id ? db.selectFrom('users').select('name').where('id', '=', c.assignee_user_id).executeTakeFirst() : undefined,
  ]);
  const t = now.getTime();
  const open = c.state === 'assigned' || c.state === 'in_progress' || c.state === 'reopened';
  return {
    code: c.code,
    state: c.state,
    /** The compare-and-set token the page's forms carry back (see workflow.service.ts). */
    version: c.version,
    priority: c.priority,
    assigneeId: c.assignee_user_id,
    assigneeName: assignee?.name ?? null,
    transferCount: c.transfer_count,
    reopenedCount: c.reopened_count,
    responseDueAt: fromDbTime(c.response_due_at),
    resolutionDueAt: fromDbTime(c.resolution_due_at),
    responseOverdue: c.state === 'assigned' && c.response_due_at !== null && c.response_due_at < t,
    resolutionOverdue: open && c.resolution_due_at !== null && c.resolution_due_at < t,
    firstResponseAt: fromDbTime(c.first_response_at),
    rating: rating ? { score: rating.score, comment: rating.comment } : null,
    open,
    /** Whether the viewer may resolve it now (else they must take it over first: workflow.service.ts). */
    mayResolve: mayResolveHeld(user!, c),
    /** The category wants an "after" photo with every resolution (admin rule). */
    photoRequired: Number(c.resolution_photo_required) === 1,
    staff: staff.map((s) => ({ id: s.id, name: s.name })),
    templates: templates.map((tp) => ({ id: tp.id, title: tp.title, body: tp.body })),
    departments: departments.filter((d) => d.id !== c.department_id).map((d) => ({ code: d.code, name: d.short_name })),
    categoryName: templates[0]
      ? localized({ name_id: templates[0].category_name_id, name_en: templates[0].category_name_en }, 'name', locale)
      : null,
  };
}
export type StaffPanel = NonNullable<Awaited<ReturnType<typeof staffPanel>>>;

/**
 * Where a complaint went when the actor's department held it before and no longer does (a transfer won
 * the race, or happened since their page loaded): the new department's name, else null (a 404).
 */
export async function movedAwayFrom(db: Db, code: string, user: SessionUser | null): Promise<{ department: string | null } | null> {
  const c = await repo.findComplaintForWork(db, code);
  if (!c || canHandle(user, c) || !canUseInbox(user)) return null;
  if (!(await repo.departmentHeldComplaint(db, c.id, user.departmentId))) return null;
  const dept =
    c.department_id === null
      ? undefined
      : await db.selectFrom('departments').select('short_name').where('id', '=', c.department_id).executeTakeFirst();
  return { department: dept?.short_name ?? null };
}
