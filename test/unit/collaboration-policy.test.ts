// The supporting department's view of a complaint (issue 26): only its officers and managers, only while the
// task is open; a confidential complaint's content never; the reporter's contact only when the lead shared it,
// never of an anonymous complaint.
import { describe, expect, it } from 'vitest';
import type { SessionUser } from '../../src/server/auth/session.ts';
import { canSeeInternal, canSupport, supporterSeesContact, supporterSeesContent } from '../../src/server/complaints/complaints.policy.ts';
import type { Privacy } from '../../src/server/complaints/complaint-states.ts';

const user = (role: SessionUser['role'], departmentId: number | null = null) => ({ id: 1, role, departmentId }) as SessionUser;
const complaint = (privacy: Privacy, over: Partial<{ rejection_reason: string | null }> = {}) => ({
  privacy,
  department_id: 7,
  reporter_user_id: 42,
  rejection_reason: null,
  ...over,
});
const task = (state: string, share_contact = 0) => ({ supporting_department_id: 9, state, share_contact });
const supporter = user('officer', 9);
const supporterManager = user('manager', 9);

describe('supporting department policy', () => {
  it("only the supporting department's officers and managers, only while the task is open", () => {
    for (const s of ['requested', 'accepted']) {
      expect(canSupport(supporter, task(s))).toBe(true);
      expect(canSupport(supporterManager, task(s))).toBe(true);
    }
    for (const s of ['done', 'declined', 'closed_by_lead']) expect(canSupport(supporter, task(s))).toBe(false);
    for (const u of [null, user('officer', 7), user('officer', 8), user('hr'), user('admin'), user('verifier'), user('resident')])
      expect(canSupport(u, task('requested'))).toBe(false);
  });

  it('content of public and anonymous complaints; a confidential one shares only the task; never internal events', () => {
    expect(supporterSeesContent(supporter, complaint('public'), task('accepted'))).toBe(true);
    expect(supporterSeesContent(supporter, complaint('anonymous'), task('accepted'))).toBe(true);
    expect(supporterSeesContent(supporter, complaint('confidential'), task('accepted'))).toBe(false);
    expect(supporterSeesContent(supporter, complaint('public', { rejection_reason: 'spam' }), task('accepted'))).toBe(false);
    expect(supporterSeesContent(supporter, complaint('public'), task('done'))).toBe(false);
    expect(canSeeInternal(supporter, complaint('public'))).toBe(false);
  });

  it("the reporter's contact only when shared for the task, never of an anonymous complaint", () => {
    expect(supporterSeesContact(supporter, complaint('public'), task('accepted', 0))).toBe(false);
    expect(supporterSeesContact(supporter, complaint('public'), task('accepted', 1))).toBe(true);
    expect(supporterSeesContact(supporter, complaint('confidential'), task('accepted', 1))).toBe(true);
    expect(supporterSeesContact(supporter, complaint('anonymous'), task('accepted', 1))).toBe(false);
    expect(supporterSeesContact(supporter, complaint('public'), task('done', 1))).toBe(false);
  });
});
