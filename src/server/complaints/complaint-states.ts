// The complaint state machine (DESIGN.md §2), pure: which action moves which state where, and who may,
// and the named sets of states every query and page uses (one meaning each, defined only here).

import type { Outcome } from '../outcome.ts';

export const COMPLAINT_STATES = ['submitted', 'assigned', 'in_progress', 'resolved', 'closed', 'reopened', 'rejected'] as const;
export type ComplaintState = (typeof COMPLAINT_STATES)[number];

export const COMPLAINT_ACTIONS = ['route', 'reject', 'respond', 'transfer', 'resolve', 'confirm', 'auto_close', 'dispute'] as const;
export type ComplaintAction = (typeof COMPLAINT_ACTIONS)[number];

/** How a complaint arrived (DESIGN.md §10); recorded at filing, never changed. */
export const CHANNELS = ['web', 'open311', 'loket', 'telepon', 'whatsapp', 'email', 'lapor', 'import'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Who acts: the system (auto-route, auto-close), triage staff, the handling department, the reporter. */
export type ActorKind = 'system' | 'verifier' | 'department' | 'reporter';

interface Rule {
  from: Partial<Record<ComplaintState, ComplaintState>>;
  actors: readonly ActorKind[];
}

const RULES: Record<ComplaintAction, Rule> = {
  // Verification: the system (a routing rule) or a verifier sends it to a department.
  route: { from: { submitted: 'assigned' }, actors: ['system', 'verifier'] },
  reject: { from: { submitted: 'rejected' }, actors: ['verifier'] },
  // A public response starts the work; later responses keep it in progress; after a dispute it resumes.
  respond: { from: { assigned: 'in_progress', in_progress: 'in_progress', reopened: 'in_progress' }, actors: ['department'] },
  transfer: { from: { assigned: 'assigned', in_progress: 'assigned', reopened: 'assigned' }, actors: ['department', 'verifier'] },
  resolve: { from: { in_progress: 'resolved' }, actors: ['department'] },
  confirm: { from: { resolved: 'closed' }, actors: ['reporter'] },
  auto_close: { from: { resolved: 'closed' }, actors: ['system'] },
  dispute: { from: { resolved: 'reopened' }, actors: ['reporter'] },
};

export type TransitionResult = Outcome<{ from: ComplaintState; to: ComplaintState }, 'not_allowed_from_state' | 'not_allowed_for_actor'>;

/** Whether `actor` may apply `action` to a complaint in state `from`, and the state it leads to. */
export function transition(from: ComplaintState, action: ComplaintAction, actor: ActorKind): TransitionResult {
  const rule = RULES[action];
  const to = rule.from[from];
  if (!to) return { ok: false, error: 'not_allowed_from_state' };
  if (!rule.actors.includes(actor)) return { ok: false, error: 'not_allowed_for_actor' };
  return { ok: true, from, to };
}

export function allowedActions(from: ComplaintState, actor: ActorKind): ComplaintAction[] {
  return COMPLAINT_ACTIONS.filter((a) => transition(from, a, actor).ok);
}

/** Open: filed and not yet resolved or rejected — the backlog (DESIGN.md §4) and Open311's `open`. */
export const OPEN_STATES: readonly ComplaintState[] = ['submitted', 'assigned', 'in_progress', 'reopened'];

/** In a department's hands: routed and not yet resolved — what a department inbox shows by default. */
export const DEPARTMENT_STATES: readonly ComplaintState[] = ['assigned', 'in_progress', 'reopened'];

/** Resolved by the department, whether or not the reporter has confirmed it yet. */
export const RESOLVED_STATES: readonly ComplaintState[] = ['resolved', 'closed'];

/** No longer open: resolved, closed or rejected — Open311's `closed`. */
export const DONE_STATES: readonly ComplaintState[] = ['resolved', 'closed', 'rejected'];

/**
 * A duplicate merged into its original (src/server/supporters/merge.ts): DESIGN.md §2 has no state of its
 * own for it, so it is `rejected` with reason 'duplicate' and duplicate_of_id set. Hence it is done (no
 * longer open, never in a department's inbox) but never resolved: no metric counts it as a resolution.
 */
export const MERGED_DUPLICATE = { state: 'rejected', reason: 'duplicate' } as const satisfies { state: ComplaintState; reason: string };

export function isOpen(state: ComplaintState): boolean {
  return OPEN_STATES.includes(state);
}

// Privacy levels, lowest first; a verifier may raise, never lower.
export const PRIVACY_LEVELS = ['public', 'anonymous', 'confidential'] as const;
export type Privacy = (typeof PRIVACY_LEVELS)[number];

export function canRaisePrivacy(from: Privacy, to: Privacy, state: ComplaintState): boolean {
  return PRIVACY_LEVELS.indexOf(to) > PRIVACY_LEVELS.indexOf(from) && state !== 'closed';
}

export const REJECTION_REASONS = ['spam', 'duplicate', 'out_of_scope'] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];
