// Account rules without a database: password policy, safe `next`, capabilities and landing pages.
import { describe, expect, it } from 'vitest';
import { passwordProblem } from '../../src/server/auth/password-policy.ts';
import { createStaffSchema, registerSchema } from '../../src/server/auth/auth.schema.ts';
import { can, GRANTS, landingPath } from '../../src/server/auth/auth.policy.ts';
import { ROLES } from '../../src/server/auth/auth.tables.ts';
import { safeNext } from '../../src/server/auth/web.ts';

describe('password policy', () => {
  it('accepts 8–128 characters that are not common', () => {
    expect(passwordProblem('kopi-susu-pagi')).toBeNull();
    expect(passwordProblem('a'.repeat(7))).toBe('tooShort');
    expect(passwordProblem('ab🙂🙂🙂🙂🙂')).toBe('tooShort'); // 7 characters, more bytes
    expect(passwordProblem('x'.repeat(128))).toBeNull();
    expect(passwordProblem('x'.repeat(129))).toBe('tooLong');
  });
  it('rejects the most common passwords, ignoring case', () => {
    for (const p of ['password', 'Password1', '12345678', 'qwertyuiop', 'iloveyou', 'BISMILLAH', 'indonesia123', 'sayang123'])
      expect(passwordProblem(p), p).toBe('common');
  });
});

describe('registration and staff schemas', () => {
  it('normalises email and phone, and wants an organisation with a group affiliation', () => {
    const ok = registerSchema.safeParse({
      name: 'Rina',
      email: ' Rina@Example.TEST ',
      password: 'kopi-susu-pagi',
      phone: '0812-3456 7890',
      affiliation: '',
      organisation: '',
    });
    expect(ok.success && ok.data).toMatchObject({
      email: 'rina@example.test',
      phone: '081234567890',
      affiliation: null,
      organisation: null,
    });
    const noOrg = registerSchema.safeParse({
      name: 'Rina',
      email: 'r@example.test',
      password: 'kopi-susu-pagi',
      affiliation: 'media',
      organisation: '',
    });
    expect(noOrg.success).toBe(false);
  });
  it('validates NIP as 18 digits and asks a department of officers and managers', () => {
    const base = { name: 'Andi', email: 'a@example.test', password: 'kopi-susu-pagi', jabatan: '', phone: '' };
    expect(createStaffSchema.safeParse({ ...base, role: 'officer', departmentCode: 'PUPR', nip: '19800101 200604 1 001' }).success).toBe(
      true,
    );
    expect(createStaffSchema.safeParse({ ...base, role: 'officer', departmentCode: 'PUPR', nip: '12345' }).success).toBe(false);
    expect(createStaffSchema.safeParse({ ...base, role: 'officer', departmentCode: 'PUPR', nip: '1980010120060410011' }).success).toBe(
      false,
    );
    expect(createStaffSchema.safeParse({ ...base, role: 'manager', departmentCode: '' }).success).toBe(false);
    expect(createStaffSchema.safeParse({ ...base, role: 'verifier', departmentCode: '' }).success).toBe(true);
    expect(createStaffSchema.safeParse({ ...base, role: 'resident', departmentCode: '' }).success).toBe(false);
  });
});

describe('safe next', () => {
  it('keeps same-origin paths only', () => {
    expect(safeNext('/me/profile?a=1#x')).toBe('/me/profile?a=1#x');
    for (const bad of [
      null,
      '',
      'me',
      '//evil.example',
      '/\\evil.example',
      'https://evil.example',
      'javascript:alert(1)',
      ' /me',
      '/ /x',
      '/login',
      '/logout',
    ]) {
      expect(safeNext(bad), String(bad)).toBeNull();
    }
  });
});

describe('capabilities (DESIGN.md §1)', () => {
  it('deny by default: no user, unknown capability', () => {
    expect(can(null, 'account.own')).toBe(false);
    expect(can({ role: 'admin' }, 'no.such' as never)).toBe(false);
  });
  it('matches the role table', () => {
    const holders = (c: keyof typeof GRANTS) => ROLES.filter((r) => can({ role: r }, c));
    expect(holders('users.manage')).toEqual(['admin']);
    expect(holders('audit.read')).toEqual(['admin']);
    expect(holders('complaints.triage')).toEqual(['verifier']);
    expect(holders('complaints.handle')).toEqual(['officer', 'manager']);
    expect(holders('reports.read')).toEqual(['manager', 'hr']);
    expect(holders('account.own')).toEqual([...ROLES]);
  });
  it('lands each role on its work page', () => {
    expect(ROLES.map(landingPath)).toEqual(['/me', '/staff/inbox', '/staff/verify', '/staff/inbox', '/reports', '/admin']);
  });
});

describe('department membership', () => {
  it('only officers and managers of that department work for its records', async () => {
    const { worksForDepartment } = await import('../../src/server/auth/auth.policy.ts');
    expect(worksForDepartment({ role: 'officer', departmentId: 3 }, 3)).toBe(true);
    expect(worksForDepartment({ role: 'manager', departmentId: 3 }, 3)).toBe(true);
    expect(worksForDepartment({ role: 'officer', departmentId: 3 }, 4)).toBe(false);
    expect(worksForDepartment({ role: 'verifier', departmentId: null }, 3)).toBe(false);
    expect(worksForDepartment({ role: 'admin', departmentId: null }, null)).toBe(false);
    expect(worksForDepartment(null, 3)).toBe(false);
  });
});
