// Row types of support_requests (db/migrations/2026_12_04_0900_support_requests.ts).
import type { Generated } from 'kysely';
import type { DbBool, DbTime } from '../db/values.ts';

export type SupportState = 'requested' | 'accepted' | 'done' | 'declined' | 'closed_by_lead';
/** States in which the task still binds the supporting department (and blocks the lead's resolve). */
export const OPEN_SUPPORT_STATES: readonly SupportState[] = ['requested', 'accepted'];

export interface SupportRequestsTable {
  id: Generated<number>;
  complaint_id: number;
  lead_department_id: number;
  supporting_department_id: number;
  task: string;
  due_at: DbTime;
  state: SupportState;
  assignee_user_id: number | null;
  share_contact: Generated<DbBool>;
  reason: Generated<string>;
  note: Generated<string>;
  note_visibility: 'public' | 'internal' | null;
  version: Generated<number>;
  requested_at: DbTime;
  requested_by_user_id: number | null;
  accepted_at: DbTime | null;
  accepted_by_user_id: number | null;
  ended_at: DbTime | null;
  ended_by_user_id: number | null;
  updated_at: DbTime;
}

export interface SupportTables {
  support_requests: SupportRequestsTable;
}

/**
 * Complaint event actions of this domain. Their department_id names the supporting department (so the
 * timeline can say "Dinas Kesehatan membantu"); they never make it a department that held the complaint.
 */
export const SUPPORT_ACTIONS = ['support_request', 'support_accept', 'support_decline', 'support_done', 'support_close'] as const;
