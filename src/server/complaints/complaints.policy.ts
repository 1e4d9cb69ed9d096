// Who may do what to a complaint (deny by default). Pages, fragments and the photo route all ask here.
import type { SessionUser } from '../auth/session.ts';
import type { Privacy } from './complaint-states.ts';

interface ComplaintAccessFacts {
  privacy: Privacy;
  department_id: number | null;
  reporter_user_id: number | null;
  rejection_reason?: string | null;
}

/** Triage staff: verify, route, reject, raise privacy. */
export function canVerify(user: SessionUser | null): boolean {
  // Triage is the verifiers' job (DESIGN.md §1); admins configure, they do not handle complaints.
  return user?.role === 'verifier';
}

/** Staff who handle this complaint: triage, or officers/managers of its department. */
export function isHandlingStaff(user: SessionUser | null, c: ComplaintAccessFacts): boolean {
  if (!user) return false;
  if (canVerify(user)) return true;
  return (user.role === 'officer' || user.role === 'manager') && user.departmentId !== null && user.departmentId === c.department_id;
}

export function isReporter(user: SessionUser | null, c: ComplaintAccessFacts): boolean {
  return !!user && c.reporter_user_id !== null && c.reporter_user_id === user.id;
}

/** The content (text, place, photos) is public: not confidential, not rejected as spam. Shared caches may keep it. */
export function isContentPublic(c: { privacy: string; rejection_reason?: string | null }): boolean {
  return c.privacy !== 'confidential' && c.rejection_reason !== 'spam';
}

/** May see the complaint's content (text, place, photos): public unless confidential or spam. */
export function canSeeContent(user: SessionUser | null, c: ComplaintAccessFacts, hasAccessKey: boolean): boolean {
  if (hasAccessKey || isReporter(user, c) || isHandlingStaff(user, c)) return true;
  return isContentPublic(c);
}

/** May see internal events and the verifier's tools. */
export function canSeeInternal(user: SessionUser | null, c: ComplaintAccessFacts): boolean {
  return isHandlingStaff(user, c);
}

/**
 * May see who reported it. Anonymous: nobody, staff included (the reporter sees their own entry).
 * Public: everyone only when the reporter chose to show the name; handling staff always.
 * Confidential: handling staff.
 */
export function canSeeReporter(user: SessionUser | null, c: ComplaintAccessFacts & { show_name: number }, hasAccessKey: boolean): boolean {
  if (isReporter(user, c) || hasAccessKey) return true;
  if (c.privacy === 'anonymous') return false;
  if (isHandlingStaff(user, c)) return true;
  return c.privacy === 'public' && c.show_name === 1;
}

/** Only the name may ever be public; contact details are for handling staff and the reporter. */
export function canSeeReporterContact(user: SessionUser | null, c: ComplaintAccessFacts, hasAccessKey: boolean): boolean {
  if (isReporter(user, c) || hasAccessKey) return true;
  return c.privacy !== 'anonymous' && isHandlingStaff(user, c);
}

// ── Supporting departments (src/server/collaboration) ───────────────────────────────────────
// A department asked to help on a complaint is not its handler: it sees the complaint only while it has an
// open task on it (requested or accepted), never its internal events, and of a confidential complaint only
// the task. The reporter's contact only when the lead shared it for that task, never for an anonymous one.

interface SupportFacts {
  supporting_department_id: number;
  state: string;
  share_contact: number;
}

/** Officers and managers of the supporting department, while the task is open. */
export function canSupport(user: SessionUser | null, task: SupportFacts): boolean {
  return (
    !!user &&
    (user.role === 'officer' || user.role === 'manager') &&
    user.departmentId !== null &&
    user.departmentId === task.supporting_department_id &&
    (task.state === 'requested' || task.state === 'accepted')
  );
}

/** Whether the supporter may see the complaint's text and place (not of a confidential complaint). */
export function supporterSeesContent(user: SessionUser | null, c: ComplaintAccessFacts, task: SupportFacts): boolean {
  return canSupport(user, task) && c.privacy !== 'confidential' && c.rejection_reason !== 'spam';
}

/** The reporter's contact: only when the lead shared it for this task, and never of an anonymous complaint. */
export function supporterSeesContact(user: SessionUser | null, c: ComplaintAccessFacts, task: SupportFacts): boolean {
  return canSupport(user, task) && task.share_contact === 1 && c.privacy !== 'anonymous';
}
