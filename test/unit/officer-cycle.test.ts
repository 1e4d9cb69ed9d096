// The officers' part of the cycle without a database: who may open /me/training, propose and comment
// (own department, draft plans only), which proposal years are accepted, and the JP a plan gives one PNS.
import { describe, expect, it } from 'vitest';
import type { SessionUser } from '../../src/server/auth/session.ts';
import {
  mayCommentOnPlan,
  mayOpenOwnTraining,
  mayProposeTraining,
  proposalYearAllowed,
} from '../../src/server/development/officer-cycle.policy.ts';
import { plannedJpFor } from '../../src/server/development/jp-ledger.ts';
import { proposalInput } from '../../src/server/development/officer-cycle.schema.ts';

const u = (role: SessionUser['role'], departmentId: number | null = 1): SessionUser => ({
  id: 1,
  email: 'x@example.test',
  name: 'Uji',
  role,
  departmentId,
  nip: null,
  affiliation: null,
  affiliationVerified: false,
  locale: 'id',
});

describe('officer cycle policy', () => {
  it('opens /me/training to staff only; proposals need a department', () => {
    expect(mayOpenOwnTraining(null)).toBe(false);
    expect(mayOpenOwnTraining(u('resident', null))).toBe(false);
    for (const r of ['officer', 'verifier', 'manager', 'hr', 'admin'] as const) expect(mayOpenOwnTraining(u(r))).toBe(true);
    expect(mayProposeTraining(u('hr', null))).toBe(false);
    expect(mayProposeTraining(u('officer', 3))).toBe(true);
  });

  it("takes comments on one's own department's draft plan only", () => {
    expect(mayCommentOnPlan(u('officer', 3), { department_id: 3, status: 'draft' })).toBe(true);
    expect(mayCommentOnPlan(u('officer', 3), { department_id: 3, status: 'final' })).toBe(false);
    expect(mayCommentOnPlan(u('officer', 3), { department_id: 4, status: 'draft' })).toBe(false);
    expect(mayCommentOnPlan(u('resident', 3), { department_id: 3, status: 'draft' })).toBe(false);
  });

  it('accepts proposals for this year up to two years ahead, with a reason', () => {
    expect([2025, 2026, 2027, 2028, 2029].map((y) => proposalYearAllowed(y, 2026))).toEqual([false, true, true, true, false]);
    expect(proposalInput.safeParse({ competency: '2', reason: 'Alasan yang cukup', jalur: '', year: '2027' })).toMatchObject({
      success: true,
      data: { competency: 2, jalur: null, year: 2027 },
    });
    const bad = proposalInput.safeParse({ competency: '', reason: 'pendek', jalur: 'daring', year: '27' });
    expect(bad.error!.issues.map((i) => i.message).sort()).toEqual(['competency', 'jalur', 'reason', 'year']);
  });
});

describe('JP a plan gives one PNS', () => {
  const plan = {
    departmentId: 1,
    status: 'draft' as const,
    groups: [{ id: 7, name: 'Pejabat Fungsional Teknis' }],
    items: [
      { jp: 8, groupId: null, nips: [] },
      { jp: 12, groupId: 7, nips: [] },
      { jp: 6, groupId: null, nips: ['199001012015012002'] },
      { jp: 5, groupId: 7, nips: ['198801012015011001'] },
    ],
  };
  it('counts items for everyone, the group named like their jabatan, and items naming their NIP', () => {
    expect(plannedJpFor({ nip: '198801012015011001', jabatan: 'pejabat fungsional teknis ' }, plan)).toBe(8 + 12 + 5);
    expect(plannedJpFor({ nip: '199001012015012002', jabatan: null }, plan)).toBe(8 + 6);
    expect(plannedJpFor({ nip: '199201012020011003', jabatan: 'Pengadministrasi' }, plan)).toBe(8);
  });
});
