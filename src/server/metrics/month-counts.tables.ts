// Table types of the reports' month rollup (migration 2026_12_01_1700), with its count columns.

export const MONTH_COUNTS = [
  'submitted',
  'rejected',
  'response_due',
  'response_on_time',
  'response_late',
  'response_unanswered',
  'resolution_due',
  'resolution_on_time',
  'resolution_late',
  'resolution_unresolved',
  'resolved',
  'resolved_cohort',
  'resolved_never_disputed',
  'resolved_rated',
  'resolved_rating_sum',
] as const;
export type MonthCount = (typeof MONTH_COUNTS)[number];

/** The rollup's group columns, in key order. */
export const MONTH_CELL = ['month', 'department_id', 'category_id', 'kecamatan_code', 'assignee_user_id'] as const;

export type MonthCountsTable = { [K in (typeof MONTH_CELL)[number]]: K extends 'kecamatan_code' ? string : number } & {
  [K in MonthCount]: number;
};

export interface MonthCountTables {
  report_month_counts: MonthCountsTable;
  report_rollup_settings: { id: number; utc_offset_ms: number };
}
