// Row types of the reports' own table (db/migrations/2026_11_22_1900_reports.ts).
import type { Generated } from 'kysely';
import type { DbTime } from '../db/values.ts';

/** A resident's satisfaction rating of a resolved complaint (one per complaint, 1–5). */
export interface ComplaintRatingsTable {
  id: Generated<number>;
  complaint_id: number;
  rating: number;
  rated_at: DbTime;
}

export interface MetricsTables {
  complaint_ratings: ComplaintRatingsTable;
}
