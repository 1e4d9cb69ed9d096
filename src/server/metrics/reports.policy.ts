// Who may see which responsiveness figures (deny by default).
// - Department manager: their own department only (its officers, its complaints).
// - HR manager (BKPSDM) and admin: every department.
// - Everyone else: the public statistics only (no per-officer figures there).
import type { SessionUser } from '../auth/session.ts';

export interface ReportScope {
  /** Departments the user may see; undefined = all. */
  departmentIds?: number[];
}

export function canViewReports(user: SessionUser | null): boolean {
  if (!user) return false;
  if (user.role === 'hr' || user.role === 'admin') return true;
  return user.role === 'manager' && user.departmentId !== null;
}

export function reportScope(user: SessionUser | null): ReportScope | null {
  if (!canViewReports(user)) return null;
  return user!.role === 'manager' ? { departmentIds: [user!.departmentId!] } : {};
}

export function mayViewDepartment(scope: ReportScope, departmentId: number | null): boolean {
  if (!scope.departmentIds) return true;
  return departmentId !== null && scope.departmentIds.includes(departmentId);
}
