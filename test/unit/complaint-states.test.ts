// The complaint state machine: every allowed transition and every refused one.
import { describe, expect, it } from 'vitest';
import {
  COMPLAINT_ACTIONS,
  COMPLAINT_STATES,
  allowedActions,
  canRaisePrivacy,
  transition,
  type ActorKind,
  type ComplaintAction,
  type ComplaintState,
} from '../../src/server/complaints/complaint-states.ts';

// The whole table, written out from DESIGN.md §2: [from, action, actor, to].
const ALLOWED: [ComplaintState, ComplaintAction, ActorKind, ComplaintState][] = [
  ['submitted', 'route', 'system', 'assigned'],
  ['submitted', 'route', 'verifier', 'assigned'],
  ['submitted', 'reject', 'verifier', 'rejected'],
  ['assigned', 'respond', 'department', 'in_progress'],
  ['in_progress', 'respond', 'department', 'in_progress'],
  ['reopened', 'respond', 'department', 'in_progress'],
  ['assigned', 'transfer', 'department', 'assigned'],
  ['assigned', 'transfer', 'verifier', 'assigned'],
  ['in_progress', 'transfer', 'department', 'assigned'],
  ['in_progress', 'transfer', 'verifier', 'assigned'],
  ['reopened', 'transfer', 'department', 'assigned'],
  ['reopened', 'transfer', 'verifier', 'assigned'],
  ['in_progress', 'resolve', 'department', 'resolved'],
  ['resolved', 'confirm', 'reporter', 'closed'],
  ['resolved', 'auto_close', 'system', 'closed'],
  ['resolved', 'dispute', 'reporter', 'reopened'],
];
const ACTORS: ActorKind[] = ['system', 'verifier', 'department', 'reporter'];

describe('complaint state machine', () => {
  it.each(ALLOWED)('%s --%s by %s--> %s', (from, action, actor, to) => {
    expect(transition(from, action, actor)).toEqual({ ok: true, from, to });
  });

  it('refuses every other combination of state, action and actor', () => {
    let refused = 0;
    for (const from of COMPLAINT_STATES) {
      for (const action of COMPLAINT_ACTIONS) {
        for (const actor of ACTORS) {
          if (ALLOWED.some(([f, a, who]) => f === from && a === action && who === actor)) continue;
          const r = transition(from, action, actor);
          expect(r.ok, `${from} ${action} ${actor}`).toBe(false);
          refused++;
        }
      }
    }
    expect(refused).toBe(COMPLAINT_STATES.length * COMPLAINT_ACTIONS.length * ACTORS.length - ALLOWED.length);
  });

  it('says why a transition is refused', () => {
    expect(transition('assigned', 'route', 'verifier')).toEqual({ ok: false, error: 'not_allowed_from_state' });
    expect(transition('submitted', 'reject', 'department')).toEqual({ ok: false, error: 'not_allowed_for_actor' });
    expect(transition('submitted', 'route', 'reporter')).toEqual({ ok: false, error: 'not_allowed_for_actor' });
  });

  it('leaves closed and rejected complaints final', () => {
    for (const actor of ACTORS) {
      expect(allowedActions('closed', actor)).toEqual([]);
      expect(allowedActions('rejected', actor)).toEqual([]);
    }
  });

  it('lets a verifier act on a new complaint only by routing or rejecting', () => {
    expect(allowedActions('submitted', 'verifier')).toEqual(['route', 'reject']);
  });

  it('raises privacy but never lowers it', () => {
    expect(canRaisePrivacy('public', 'anonymous', 'submitted')).toBe(true);
    expect(canRaisePrivacy('public', 'confidential', 'assigned')).toBe(true);
    expect(canRaisePrivacy('anonymous', 'confidential', 'in_progress')).toBe(true);
    expect(canRaisePrivacy('confidential', 'anonymous', 'submitted')).toBe(false);
    expect(canRaisePrivacy('anonymous', 'public', 'submitted')).toBe(false);
    expect(canRaisePrivacy('public', 'public', 'submitted')).toBe(false);
    expect(canRaisePrivacy('public', 'confidential', 'closed')).toBe(false);
  });
});

describe('a merged duplicate', () => {
  it('is done but neither open, in a department inbox, nor resolved: no metric counts it as a resolution', async () => {
    const { MERGED_DUPLICATE, OPEN_STATES, DEPARTMENT_STATES, RESOLVED_STATES, DONE_STATES, REJECTION_REASONS } =
      await import('../../src/server/complaints/complaint-states.ts');
    expect(DONE_STATES).toContain(MERGED_DUPLICATE.state);
    for (const set of [OPEN_STATES, DEPARTMENT_STATES, RESOLVED_STATES]) expect(set).not.toContain(MERGED_DUPLICATE.state);
    expect(REJECTION_REASONS).toContain(MERGED_DUPLICATE.reason);
  });
});
