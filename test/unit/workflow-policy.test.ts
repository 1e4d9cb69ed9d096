// Workflow policies and the inbox's query handling, without a database.
import { describe, expect, it } from 'vitest';
import type { SessionUser } from '../../src/server/auth/session.ts';
import { actsAsReporter, canHandle, canManageTemplates, canUseInbox } from '../../src/server/workflow/workflow.policy.ts';
import { ftsQuery } from '../../src/server/workflow/inbox.repository.ts';
import { inboxQueryString, parseInboxQuery } from '../../src/server/workflow/inbox.ts';
import { maskEmail } from '../../src/server/workflow/outbox-view.ts';

const user = (role: SessionUser['role'], departmentId: number | null = null, id = 1) => ({ id, role, departmentId }) as SessionUser;

describe('workflow policy', () => {
  it('only officers and managers of the complaint’s department handle it', () => {
    expect(canHandle(user('officer', 7), { department_id: 7 })).toBe(true);
    expect(canHandle(user('manager', 7), { department_id: 7 })).toBe(true);
    expect(canHandle(user('officer', 8), { department_id: 7 })).toBe(false);
    expect(canHandle(user('officer', 7), { department_id: null })).toBe(false);
    for (const r of ['resident', 'verifier', 'hr', 'admin'] as const) expect(canHandle(user(r, 7), { department_id: 7 })).toBe(false);
    expect(canHandle(null, { department_id: 7 })).toBe(false);
  });

  it('inbox for department staff, templates for managers', () => {
    expect(canUseInbox(user('officer', 7))).toBe(true);
    expect(canUseInbox(user('officer', null))).toBe(false);
    expect(canUseInbox(user('resident'))).toBe(false);
    expect(canManageTemplates(user('manager', 7))).toBe(true);
    expect(canManageTemplates(user('officer', 7))).toBe(false);
  });

  it('the reporter is the owner’s account or the key holder, never anyone else', () => {
    expect(actsAsReporter(user('resident', null, 5), { reporter_user_id: 5 }, false)).toBe(true);
    expect(actsAsReporter(user('resident', null, 6), { reporter_user_id: 5 }, false)).toBe(false);
    expect(actsAsReporter(null, { reporter_user_id: null }, false)).toBe(false);
    expect(actsAsReporter(null, { reporter_user_id: null }, true)).toBe(true);
    expect(actsAsReporter(user('officer', 7, 9), { reporter_user_id: null }, false)).toBe(false);
  });
});

describe('inbox query', () => {
  it('turns a search into quoted FTS5 tokens, so user input cannot use FTS operators', () => {
    expect(ftsQuery('Sampah  pasar')).toBe('"sampah" "pasar"');
    expect(ftsQuery('"; drop table x; -- OR NEAR(a b)')).toBe('"drop" "table" "x" "or" "near" "a" "b"');
    expect(ftsQuery('!!!')).toBeNull();
  });

  it('ignores unknown or malformed filter values and keeps the rest in links', () => {
    const q = parseInboxQuery(new URLSearchParams('state=bogus&assignee=1;drop&overdue=1&q=lindi&page=2'));
    expect(q).toEqual({
      state: undefined,
      category: undefined,
      kecamatan: undefined,
      assignee: undefined,
      overdue: '1',
      q: 'lindi',
      page: 2,
    });
    expect(inboxQueryString(q, 3)).toBe('?overdue=1&q=lindi&page=3');
    expect(inboxQueryString(parseInboxQuery(new URLSearchParams('')), 1)).toBe('');
  });

  it('masks outbox recipients', () => {
    expect(maskEmail('rina@example.test')).toBe('r***@example.test');
    expect(maskEmail('nonsense')).toBe('***');
  });
});
