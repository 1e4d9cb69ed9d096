// Who may see and act on appraisal evidence (deny by default; DESIGN.md §1 and §5).
// - Officer: their own evidence only; writes their response (umpan balik) until the period is locked.
// - Department manager: the officers of their own department only; adds a note and locks.
// - HR manager (BKPSDM): every department; exports locked evidence.
// - Everyone else, admins included: nothing (systematic scoring of people is not configuration).
// A record outside a viewer's scope answers like a missing one (404).
import type { SessionUser } from '../auth/session.ts';

export interface EvidenceSubject {
  id: number;
  role: string;
  departmentId: number | null;
}

export interface ReviewState {
  lockedAt: number | null;
}

/** Only officers are appraised here (a manager's own pejabat penilai sits above the department). */
export function isAppraisable(s: EvidenceSubject): boolean {
  return s.role === 'officer' && s.departmentId !== null;
}

export function mayViewEvidence(viewer: SessionUser | null, s: EvidenceSubject): boolean {
  if (!viewer || !isAppraisable(s)) return false;
  if (viewer.role === 'officer') return viewer.id === s.id;
  if (viewer.role === 'manager') return viewer.departmentId !== null && viewer.departmentId === s.departmentId;
  return viewer.role === 'hr';
}

/** Departments whose officer list a viewer may open; undefined = all; null = none. */
export function evidenceDepartmentScope(viewer: SessionUser | null): number[] | undefined | null {
  if (viewer?.role === 'hr') return undefined;
  if (viewer?.role === 'manager' && viewer.departmentId !== null) return [viewer.departmentId];
  return null;
}

export function mayRespond(viewer: SessionUser | null, s: EvidenceSubject, review: ReviewState | null): boolean {
  return viewer !== null && viewer.role === 'officer' && viewer.id === s.id && isAppraisable(s) && !review?.lockedAt;
}

/** Note and lock: the manager of the officer's department, before the lock. */
export function mayReview(viewer: SessionUser | null, s: EvidenceSubject, review: ReviewState | null): boolean {
  return viewer !== null && viewer.role === 'manager' && isAppraisable(s) && viewer.departmentId === s.departmentId && !review?.lockedAt;
}

export function mayExportEvidence(viewer: SessionUser | null): boolean {
  return viewer?.role === 'hr';
}
