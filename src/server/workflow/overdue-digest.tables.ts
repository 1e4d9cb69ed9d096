// Table types of the overdue breach history and the managers' daily digests (migration 2026_12_04_0500).
import type { Generated } from 'kysely';
import type { DbTime } from '../db/values.ts';

export interface OverdueBreachesTable {
  id: Generated<number>;
  complaint_id: number;
  department_id: number;
  stage: 'response' | 'resolution';
  due_at: DbTime;
  /** When the job first saw the complaint past this due time. */
  noticed_at: DbTime;
}

export interface OverdueDigestsTable {
  user_id: number;
  /** Local date (deployment time zone), 'YYYY-MM-DD'. */
  day: string;
  breaches: number;
  created_at: DbTime;
}

export interface OverdueDigestTables {
  overdue_breaches: OverdueBreachesTable;
  overdue_digests: OverdueDigestsTable;
}
