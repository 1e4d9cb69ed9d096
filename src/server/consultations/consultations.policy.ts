// Who may do what to a consultation and its contributions. Deny by default; decided per record.
import type { SessionUser } from '../auth/session.ts';
import type { ConsultationState } from './consultations.tables.ts';

/** What a reader sees: the stored state, with the clock applied (upcoming, closed by date). */
export type ConsultationPhase = 'draft' | 'upcoming' | 'open' | 'closed' | 'concluded';

export interface ConsultationRef {
  department_id: number;
  state: ConsultationState;
  opens_at: number;
  closes_at: number;
}

export function phaseOf(c: ConsultationRef, now: Date): ConsultationPhase {
  const t = now.getTime();
  if (c.state === 'open') {
    if (t < Number(c.opens_at)) return 'upcoming';
    if (t >= Number(c.closes_at)) return 'closed';
    return 'open';
  }
  return c.state;
}

/** Department staff of the consultation's department (officer or manager), or an admin. */
export function canManageConsultation(user: SessionUser | null, c: { department_id: number }): boolean {
  if (!user) return false;
  if (user.role === 'admin') return true;
  return (user.role === 'officer' || user.role === 'manager') && user.departmentId !== null && user.departmentId === c.department_id;
}

/** May create consultations at all (for their own department; admins for any). */
export function canCreateConsultation(user: SessionUser | null): boolean {
  if (!user) return false;
  return user.role === 'admin' || ((user.role === 'officer' || user.role === 'manager') && user.departmentId !== null);
}

/** Drafts are visible to their department only; everything published is public. */
export function canViewConsultation(user: SessionUser | null, c: ConsultationRef): boolean {
  return c.state !== 'draft' || canManageConsultation(user, c);
}

export function canEditConsultation(user: SessionUser | null, c: ConsultationRef, now: Date): boolean {
  const p = phaseOf(c, now);
  return canManageConsultation(user, c) && (p === 'draft' || p === 'upcoming' || p === 'open');
}

/** Any logged-in person may take part while the consultation is open. */
export function canParticipate(user: SessionUser | null, c: ConsultationRef, now: Date): boolean {
  return user !== null && phaseOf(c, now) === 'open';
}

/** Moderation, official responses and competency tags: the department's staff. */
export const canModerate = canManageConsultation;
export const canRespond = canManageConsultation;

export function canConclude(user: SessionUser | null, c: ConsultationRef, now: Date): boolean {
  return canManageConsultation(user, c) && phaseOf(c, now) === 'closed';
}

export function canManageCompetencies(user: SessionUser | null): boolean {
  return user?.role === 'admin';
}
