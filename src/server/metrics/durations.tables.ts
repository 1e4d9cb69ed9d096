// Table types of the stored report durations and cells (migration 2026_12_01_1720).

export const DURATION_COHORTS = ['verification', 'first_response', 'resolution'] as const;
/** The stored cohorts: the three durations, and 'reopen' (complaints ever disputed, per month of a resolve event). */
export type DurationCohort = (typeof DURATION_COHORTS)[number] | 'reopen' | 'backlog';

export type Cell = { department_id: number; category_id: number; kecamatan_code: string; assignee_user_id: number };

export interface DurationTables {
  report_durations: Cell & {
    complaint_id: number;
    cohort: DurationCohort;
    month: number;
    duration: number | null;
    flagged: number;
  };
  report_duration_cells: Cell & { cohort: DurationCohort; month: number; complaints: number; flagged: number; durations: Uint8Array };
  report_open_cells: Cell & { submitted: Uint8Array };
  report_open_odd: Cell & { complaint_id: number; submitted_at: number; resolved_at: number | null; rejected_at: number | null };
  report_durations_dirty: { complaint_id: number; had_group: number } & { [K in keyof Cell]: Cell[K] | null };
  report_durations_state: { id: number; calendar: string; backlog_through: number };
}
