// Who may see and change development priorities (deny by default):
// - department manager: their own department's ranking and plan, read only;
// - HR manager (BKPSDM): every department; drafts, edits, finalises and exports plans;
// - admin: every department, read only (and exports, as for the other reports).
// A department outside the viewer's scope answers the same 404 as one that does not exist.
import type { SessionUser } from '../auth/session.ts';
import { can } from '../auth/auth.policy.ts';

export interface DevelopmentScope {
  /** Departments the user may see; undefined = all. */
  departmentIds?: number[];
}

export function developmentScope(user: SessionUser | null): DevelopmentScope | null {
  if (!user) return null;
  if (user.role === 'hr' || user.role === 'admin') return {};
  if (user.role === 'manager' && user.departmentId !== null) return { departmentIds: [user.departmentId] };
  return null;
}

export function mayViewDepartmentDevelopment(user: SessionUser | null, departmentId: number): boolean {
  const scope = developmentScope(user);
  if (!scope) return false;
  return !scope.departmentIds || scope.departmentIds.includes(departmentId);
}

export function mayEditPlan(user: SessionUser | null, departmentId: number): boolean {
  return can(user, 'development.plan') && mayViewDepartmentDevelopment(user, departmentId);
}

export function mayExportPlan(user: SessionUser | null, departmentId: number): boolean {
  return mayViewDepartmentDevelopment(user, departmentId);
}

/**
 * Evidence links: a complaint's staff page for its own department's manager, its public page when
 * it is not confidential, otherwise its code only (HR sees no confidential content).
 */
export function complaintLink(user: SessionUser | null, c: { code: string; privacy: string; department_id: number | null }): string | null {
  if (user?.role === 'manager' && user.departmentId !== null && user.departmentId === c.department_id) return `/staff/complaints/${c.code}`;
  return c.privacy === 'confidential' ? null : `/complaints/${c.code}`;
}
