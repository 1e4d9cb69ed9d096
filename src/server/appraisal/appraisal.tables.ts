// Row type of the appraisal review table (db/migrations/2026_12_01_1000_appraisal.ts).
import type { Generated } from 'kysely';
import type { DbTime } from '../db/values.ts';

export interface AppraisalReviewsTable {
  id: Generated<number>;
  department_id: number;
  officer_user_id: number;
  /** '2026-S1' (Jan–Jun), '2026-S2' (Jul–Dec) or '2026' (the year). */
  period: string;
  officer_response: string | null;
  officer_responded_at: DbTime | null;
  manager_note: string | null;
  manager_noted_at: DbTime | null;
  manager_noted_by: number | null;
  locked_at: DbTime | null;
  locked_by: number | null;
  snapshot: string | null;
  created_at: DbTime;
  updated_at: DbTime;
}

export interface AppraisalTables {
  appraisal_reviews: AppraisalReviewsTable;
}
