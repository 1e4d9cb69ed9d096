// Row types of resolution_checks (db/migrations/2026_12_04_0400_resolution_checks.ts).
import type { Generated } from 'kysely';
import type { DbBool, DbTime } from '../db/values.ts';

export type CheckState = 'pending' | 'accepted' | 'returned' | 'auto_accepted' | 'superseded';

export interface ResolutionChecksTable {
  id: Generated<number>;
  complaint_id: number;
  resolve_event_id: number;
  resolver_user_id: number | null;
  department_id: number | null;
  resolved_at: DbTime;
  reasons: string;
  state: Generated<CheckState>;
  decided_by: number | null;
  decided_at: DbTime | null;
  version: Generated<number>;
  created_at: DbTime;
  sampled: Generated<DbBool>;
}

export interface CheckTables {
  resolution_checks: ResolutionChecksTable;
}
