// Row types of the data-rights tables (db/migrations/2026_11_22_2000_data_requests.ts).
import type { Generated } from 'kysely';
import type { DbTime } from '../db/values.ts';

export const REQUEST_KINDS = ['access', 'erasure', 'correction'] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];
export type RequestState = 'received' | 'completed' | 'refused';

export interface DataRequestsTable {
  id: Generated<number>;
  kind: RequestKind;
  subject_type: 'user' | 'complaint';
  subject_id: string;
  channel: Generated<'self' | 'operator'>;
  state: RequestState;
  received_at: DbTime;
  due_at: DbTime;
  completed_at: DbTime | null;
  details: Generated<string>;
}

export interface DataProtectionTables {
  data_requests: DataRequestsTable;
}
