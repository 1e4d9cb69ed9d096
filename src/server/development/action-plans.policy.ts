// Who may see and act on participations and their action plans (rencana tindak lanjut), deny by default:
// - officer: their own completed participations — write the plan, answer the evaluation;
// - department manager: the plans of their department's officers — record the review;
// - HR (BKPSDM): every department's plans — record the review; admin: read only.
// Out of scope answers the same 404 as a missing record.
import type { SessionUser } from '../auth/session.ts';

export function mayWriteActionPlan(user: SessionUser | null, p: { user_id: number | null; status: string }): boolean {
  return !!user && user.role === 'officer' && p.user_id === user.id && p.status === 'completed';
}

/** Departments whose action plans the user may see: undefined = all; null = none. */
export function actionPlanScope(user: SessionUser | null): { departmentIds?: number[] } | null {
  if (!user) return null;
  if (user.role === 'hr' || user.role === 'admin') return {};
  if (user.role === 'manager' && user.departmentId !== null) return { departmentIds: [user.departmentId] };
  return null;
}

export function mayReviewActionPlan(user: SessionUser | null, p: { department_id: number | null }): boolean {
  if (!user) return false;
  if (user.role === 'hr') return true;
  return user.role === 'manager' && user.departmentId !== null && p.department_id === user.departmentId;
}
