// Who may do what with accounts, and which role may open which area. Deny by default: a capability
// not listed here, or a role not listed for it, is refused.
import type { Role } from './auth.tables.ts';

interface Actor {
  id: number;
  role: Role;
}

/** Capabilities by role, after DESIGN.md §1. Pages ask `can(user, …)` or `requireCapability(Astro, …)`. */
export const GRANTS = {
  /** Own account pages (/me, profile, logout). */
  'account.own': ['resident', 'officer', 'verifier', 'manager', 'hr', 'admin'],
  /** Contributing to consultations (residents, stakeholders). */
  'consultations.contribute': ['resident'],
  /** Verify, route, reject incoming complaints; set confidentiality. */
  'complaints.triage': ['verifier'],
  /** The resolution check queue (/staff/resolution-checks): portal-wide, independent of the departments. */
  'resolutions.check': ['verifier'],
  /** Handle complaints of one's own department (the record's policy checks the department). */
  'complaints.handle': ['officer', 'manager'],
  /** Department reports and appraisal evidence (manager: own department; hr: all). */
  'reports.read': ['manager', 'hr'],
  'appraisal.read': ['manager', 'hr'],
  /** One's own appraisal evidence and response (umpan balik): officers. */
  'appraisal.own': ['officer'],
  'development.read': ['manager', 'hr'],
  /** Draft, edit, finalise training plans (Rencana Pengembangan Kompetensi) of every department. */
  'development.plan': ['hr'],
  /** Configuration: departments, categories, SLA targets, calendar, areas, API keys, competencies. */
  'admin.configure': ['admin'],
  'users.manage': ['admin'],
  'audit.read': ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Capability = keyof typeof GRANTS;

export function can(user: { role: Role } | null | undefined, capability: Capability): boolean {
  if (!user) return false;
  const roles: readonly Role[] | undefined = GRANTS[capability];
  return roles !== undefined && roles.includes(user.role);
}

/** Where each role starts its work after logging in. */
export function landingPath(role: Role): string {
  switch (role) {
    case 'officer':
    case 'manager':
      return '/staff/inbox';
    case 'verifier':
      return '/staff/verify';
    case 'hr':
      return '/reports';
    case 'admin':
      return '/admin';
    default:
      return '/me';
  }
}

export function mayManageUsers(actor: Actor | null): boolean {
  return can(actor, 'users.manage');
}

/** An admin may not disable or demote themselves: the last admin must not lock everyone out. */
export function mayChangeRoleOrStatus(actor: Actor | null, target: { id: number }): boolean {
  return mayManageUsers(actor) && actor!.id !== target.id;
}

/** Affiliation verification applies to residents who declared one. */
export function mayVerifyAffiliation(actor: Actor | null, target: { role: Role; affiliation: string | null }): boolean {
  return mayManageUsers(actor) && target.role === 'resident' && target.affiliation !== null;
}

/**
 * Whether a user works for a department's records: officers and managers of that department only.
 * Domain policies build on it (a complaint of another department → the same 404 as a missing one).
 */
export function worksForDepartment(
  user: { role: Role; departmentId: number | null } | null | undefined,
  departmentId: number | null,
): boolean {
  if (!user || departmentId === null) return false;
  return (user.role === 'officer' || user.role === 'manager') && user.departmentId === departmentId;
}
