// Table types of the job leases (migration 2026_11_22_1440).

export interface JobLeasesTable {
  name: string;
  owner: string;
  lease_until: number;
  last_run_at: number | null;
  last_result: string | null;
}

export interface JobTables {
  job_leases: JobLeasesTable;
}
