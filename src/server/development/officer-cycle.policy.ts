// Who takes part in the development cycle from /me/training (deny by default): staff see their own JP
// ledger (with a NIP) and trainings; staff of a department propose training needs and comment on their
// department's plan while it is a draft. Nobody sees another officer's ledger, trainings or proposals here.
import type { SessionUser } from '../auth/session.ts';

const STAFF = new Set(['officer', 'verifier', 'manager', 'hr', 'admin']);

export function mayOpenOwnTraining(user: SessionUser | null): boolean {
  return user !== null && STAFF.has(user.role);
}

export function mayProposeTraining(user: SessionUser | null): boolean {
  return mayOpenOwnTraining(user) && user!.departmentId !== null;
}

/** Comments go to the user's own department's plan, and only while it is a draft. */
export function mayCommentOnPlan(user: SessionUser | null, plan: { department_id: number; status: string }): boolean {
  return mayProposeTraining(user) && user!.departmentId === plan.department_id && plan.status === 'draft';
}

/** A proposal's year: this year's plan (still being drafted) up to two years ahead. */
export function proposalYearAllowed(year: number, currentYear: number): boolean {
  return year >= currentYear && year <= currentYear + 2;
}
