// Who may handle a complaint in its department, manage templates, or act as its reporter (deny by default).
import type { SessionUser } from '../auth/session.ts';

interface HandledFacts {
  department_id: number | null;
}

/** Department staff: officers and managers whose department holds the complaint now. */
export function canHandle(user: SessionUser | null, c: HandledFacts): boolean {
  return (
    !!user && (user.role === 'officer' || user.role === 'manager') && user.departmentId !== null && user.departmentId === c.department_id
  );
}

/**
 * Resolving credits the resolver (DESIGN.md §5 evidence), so a complaint someone else holds is resolved
 * only by a manager or after a recorded take-over; an unassigned one by any of its department's staff.
 */
export function mayResolveHeld(user: SessionUser, c: { assignee_user_id: number | null }): boolean {
  return c.assignee_user_id === null || c.assignee_user_id === user.id || user.role === 'manager';
}

/** The staff inbox: officers and managers with a department. */
export function canUseInbox(user: SessionUser | null): user is SessionUser & { departmentId: number } {
  return !!user && (user.role === 'officer' || user.role === 'manager') && user.departmentId !== null;
}

/** Response templates of the manager's own department. */
export function canManageTemplates(user: SessionUser | null): user is SessionUser & { departmentId: number } {
  return !!user && user.role === 'manager' && user.departmentId !== null;
}

/** The reporter: the owner's account, or whoever holds the access key. Staff never act as the reporter. */
export function actsAsReporter(user: SessionUser | null, c: { reporter_user_id: number | null }, hasKey: boolean): boolean {
  if (hasKey) return true;
  return !!user && c.reporter_user_id !== null && c.reporter_user_id === user.id;
}
