// Row types of the workflow tables (db/migrations/2026_11_22_1800_workflow.ts).
import type { Generated } from 'kysely';
import type { DbTime } from '../db/values.ts';

export interface ComplaintRatingsTable {
  complaint_id: number;
  score: number;
  comment: Generated<string>;
  rated_at: DbTime;
}

export interface ResponseTemplatesTable {
  id: Generated<number>;
  department_id: number;
  category_id: number;
  title: string;
  body: string;
  updated_by_user_id: number | null;
  updated_at: DbTime;
}

export interface WorkflowTables {
  complaint_ratings: ComplaintRatingsTable;
  response_templates: ResponseTemplatesTable;
}
