// Who may edit reference data (calendar, categories, routing, departments, areas): administrators only.
import type { SessionUser } from '../auth/session.ts';

export function canAdministerReference(user: SessionUser | null): boolean {
  return user?.role === 'admin';
}
