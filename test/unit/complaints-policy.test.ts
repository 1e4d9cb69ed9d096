// Who sees what of a complaint: content, reporter identity, contact details, internal events.
import { describe, expect, it } from 'vitest';
import type { SessionUser } from '../../src/server/auth/session.ts';
import {
  canSeeContent,
  canSeeInternal,
  canSeeReporter,
  canSeeReporterContact,
  canVerify,
} from '../../src/server/complaints/complaints.policy.ts';
import type { Privacy } from '../../src/server/complaints/complaint-states.ts';

const user = (role: SessionUser['role'], id = 1, departmentId: number | null = null) => ({ id, role, departmentId }) as SessionUser;
const complaint = (
  privacy: Privacy,
  over: Partial<{ department_id: number | null; reporter_user_id: number | null; show_name: number; rejection_reason: string | null }> = {},
) => ({
  privacy,
  department_id: 7,
  reporter_user_id: 42,
  show_name: 1,
  rejection_reason: null,
  ...over,
});

const visitor = null;
const resident = user('resident', 2);
const reporter = user('resident', 42);
const verifier = user('verifier', 3);
const officerSame = user('officer', 4, 7);
const officerOther = user('officer', 5, 8);
const hr = user('hr', 6);

describe('complaint policy', () => {
  it('lets only verifiers verify (admins configure, they do not triage: DESIGN.md §1)', () => {
    expect([visitor, resident, verifier, officerSame, hr, user('admin'), user('manager', 9, 7)].map(canVerify)).toEqual([
      false,
      false,
      true,
      false,
      false,
      false,
      false,
    ]);
  });

  it('shows public and anonymous content to everyone, confidential content only to reporter, key holder and handling staff', () => {
    for (const p of ['public', 'anonymous'] as const) expect(canSeeContent(visitor, complaint(p), false)).toBe(true);
    const c = complaint('confidential');
    expect(canSeeContent(visitor, c, false)).toBe(false);
    expect(canSeeContent(resident, c, false)).toBe(false);
    expect(canSeeContent(officerOther, c, false)).toBe(false);
    expect(canSeeContent(hr, c, false)).toBe(false);
    expect(canSeeContent(visitor, c, true)).toBe(true);
    expect(canSeeContent(reporter, c, false)).toBe(true);
    expect(canSeeContent(verifier, c, false)).toBe(true);
    expect(canSeeContent(officerSame, c, false)).toBe(true);
  });

  it('does not republish spam', () => {
    expect(canSeeContent(visitor, complaint('public', { rejection_reason: 'spam' }), false)).toBe(false);
    expect(canSeeContent(visitor, complaint('public', { rejection_reason: 'duplicate' }), false)).toBe(true);
  });

  it('hides an anonymous reporter from everyone, staff included', () => {
    const c = complaint('anonymous');
    for (const u of [visitor, resident, verifier, officerSame, user('admin')]) {
      expect(canSeeReporter(u, c, false)).toBe(false);
      expect(canSeeReporterContact(u, c, false)).toBe(false);
    }
    expect(canSeeReporter(reporter, c, false)).toBe(true);
  });

  it('shows a public reporter’s name to the public only when chosen, contact details only to handling staff', () => {
    expect(canSeeReporter(visitor, complaint('public', { show_name: 0 }), false)).toBe(false);
    expect(canSeeReporter(visitor, complaint('public', { show_name: 1 }), false)).toBe(true);
    expect(canSeeReporterContact(visitor, complaint('public'), false)).toBe(false);
    expect(canSeeReporterContact(officerOther, complaint('public'), false)).toBe(false);
    expect(canSeeReporterContact(officerSame, complaint('public'), false)).toBe(true);
    expect(canSeeReporter(visitor, complaint('confidential', { show_name: 1 }), false)).toBe(false);
  });

  it('shows internal events to handling staff only', () => {
    const c = complaint('public');
    expect([visitor, reporter, officerOther, hr].map((u) => canSeeInternal(u, c))).toEqual([false, false, false, false]);
    expect([verifier, officerSame].map((u) => canSeeInternal(u, c))).toEqual([true, true]);
  });
});
