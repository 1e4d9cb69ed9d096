// Consultation rules without a database: phase from the clock, who may manage, Markdown sanitising, form parsing.
import { describe, expect, it } from 'vitest';
import { canManageConsultation, canParticipate, phaseOf } from '../../src/server/consultations/consultations.policy.ts';
import { renderMarkdown } from '../../src/server/consultations/markdown.ts';
import { parseConclusion, parseLocalDateTime, toLocalDateTime } from '../../src/server/consultations/consultations.schema.ts';
import type { SessionUser } from '../../src/server/auth/session.ts';

const base: SessionUser = {
  id: 1,
  email: 'a@example.test',
  name: 'A',
  role: 'resident',
  departmentId: null,
  nip: null,
  affiliation: null,
  affiliationVerified: false,
  locale: 'id',
};
const c = {
  department_id: 7,
  state: 'open' as const,
  opens_at: Date.parse('2026-12-01T00:00:00Z'),
  closes_at: Date.parse('2026-12-10T00:00:00Z'),
};

describe('consultation rules', () => {
  it('derives upcoming, open and closed from the clock', () => {
    expect(phaseOf(c, new Date('2026-11-30T23:59:59Z'))).toBe('upcoming');
    expect(phaseOf(c, new Date('2026-12-01T00:00:00Z'))).toBe('open');
    expect(phaseOf(c, new Date('2026-12-09T23:59:59Z'))).toBe('open');
    expect(phaseOf(c, new Date('2026-12-10T00:00:00Z'))).toBe('closed');
    expect(phaseOf({ ...c, state: 'concluded' }, new Date('2026-12-05T00:00:00Z'))).toBe('concluded');
  });

  it('lets only the department’s officers and managers, or an admin, manage', () => {
    expect(canManageConsultation({ ...base, role: 'officer', departmentId: 7 }, c)).toBe(true);
    expect(canManageConsultation({ ...base, role: 'manager', departmentId: 7 }, c)).toBe(true);
    expect(canManageConsultation({ ...base, role: 'officer', departmentId: 8 }, c)).toBe(false);
    expect(canManageConsultation({ ...base, role: 'verifier' }, c)).toBe(false);
    expect(canManageConsultation({ ...base, role: 'hr' }, c)).toBe(false);
    expect(canManageConsultation(base, c)).toBe(false);
    expect(canManageConsultation(null, c)).toBe(false);
    expect(canManageConsultation({ ...base, role: 'admin' }, c)).toBe(true);
    expect(canParticipate(null, c, new Date('2026-12-05T00:00:00Z'))).toBe(false);
    expect(canParticipate(base, c, new Date('2026-12-05T00:00:00Z'))).toBe(true);
  });

  it('renders simple formatting and removes scripts, event handlers and javascript: links', () => {
    const html = renderMarkdown(
      '# Judul\n\n**tebal** <script>alert(1)</script> <img src=x onerror=alert(2)> <b onclick="x()">b</b>\n\n[a](javascript:alert(3)) [b](https://example.org)',
    );
    expect(html).toContain('<h2>Judul</h2>');
    expect(html).toContain('<strong>tebal</strong>');
    expect(html).toContain('href="https://example.org"');
    expect(html).not.toMatch(/<script|onerror|onclick|javascript:|<img/i);
  });

  it('reads datetime-local values in the deployment’s zone and back', () => {
    expect(parseLocalDateTime('2026-12-01T08:00', 'WIB')!.toISOString()).toBe('2026-12-01T01:00:00.000Z');
    expect(parseLocalDateTime('2026-12-01T08:00', 'WIT')!.toISOString()).toBe('2026-11-30T23:00:00.000Z');
    expect(toLocalDateTime(new Date('2026-12-01T01:00:00Z'), 'WIB')).toBe('2026-12-01T08:00');
    expect(parseLocalDateTime('kemarin', 'WIB')).toBeNull();
  });

  it('parses the conclusion form, skipping empty commitment rows and naming bad ones', () => {
    const ok = parseConclusion({
      outcome_summary: 'Warga meminta halte yang teduh.',
      commitment_1_text: 'Bangun halte',
      commitment_1_owner: 'Bidang Angkutan',
      commitment_1_due: '2027-01-31',
    });
    expect(ok).toEqual({
      ok: true,
      value: {
        outcomeSummary: 'Warga meminta halte yang teduh.',
        commitments: [{ text: 'Bangun halte', owner: 'Bidang Angkutan', due_date: '2027-01-31' }],
      },
    });
    const bad = parseConclusion({
      outcome_summary: 'pendek',
      commitment_2_text: 'Bangun halte',
      commitment_2_owner: '',
      commitment_2_due: '2027-02-30',
    });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.errors).toEqual({
      outcome_summary: 'outcomeRequired',
      commitment_2_owner: 'ownerRequired',
      commitment_2_due: 'dateInvalid',
    });
    const none = parseConclusion({ outcome_summary: 'Ringkasan yang cukup panjang sekali.' });
    expect(!none.ok && none.errors).toEqual({ commitment_1_text: 'commitmentRequired' });
  });
});
