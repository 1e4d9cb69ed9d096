// Who may see and change development priorities and plans (deny by default, per department).
import { describe, expect, it } from 'vitest';
import type { SessionUser } from '../../src/server/auth/session.ts';
import {
  complaintLink,
  developmentScope,
  mayEditPlan,
  mayExportPlan,
  mayViewDepartmentDevelopment,
} from '../../src/server/development/development.policy.ts';

const user = (role: SessionUser['role'], departmentId: number | null = null): SessionUser => ({
  id: 1,
  email: 'u@example.test',
  name: 'U',
  role,
  departmentId,
  nip: null,
  affiliation: null,
  affiliationVerified: false,
  locale: 'id',
});

describe('development policy', () => {
  it('gives managers their own department only, HR and admin every department', () => {
    expect(developmentScope(user('manager', 3))).toEqual({ departmentIds: [3] });
    expect(developmentScope(user('hr'))).toEqual({});
    expect(developmentScope(user('admin'))).toEqual({});
    for (const role of ['resident', 'officer', 'verifier'] as const) expect(developmentScope(user(role, 3)), role).toBeNull();
    expect(developmentScope(null)).toBeNull();
    expect(developmentScope(user('manager', null))).toBeNull();
    expect(mayViewDepartmentDevelopment(user('manager', 3), 3)).toBe(true);
    expect(mayViewDepartmentDevelopment(user('manager', 3), 4)).toBe(false);
    expect(mayExportPlan(user('manager', 3), 4)).toBe(false);
    expect(mayExportPlan(user('admin'), 4)).toBe(true);
  });

  it('lets only HR edit plans', () => {
    expect(mayEditPlan(user('hr'), 4)).toBe(true);
    expect(mayEditPlan(user('manager', 4), 4)).toBe(false);
    expect(mayEditPlan(user('admin'), 4)).toBe(false);
    expect(mayEditPlan(user('officer', 4), 4)).toBe(false);
  });

  it('links evidence only where the viewer may open it', () => {
    const c = { code: 'PLG-26-AAAAAA', privacy: 'public', department_id: 3 };
    expect(complaintLink(user('manager', 3), c)).toBe('/staff/complaints/PLG-26-AAAAAA');
    expect(complaintLink(user('hr'), c)).toBe('/complaints/PLG-26-AAAAAA');
    expect(complaintLink(user('hr'), { ...c, privacy: 'confidential' })).toBeNull();
    expect(complaintLink(user('manager', 3), { ...c, privacy: 'confidential' })).toBe('/staff/complaints/PLG-26-AAAAAA');
  });
});
