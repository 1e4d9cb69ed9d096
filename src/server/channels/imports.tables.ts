// Source records imported from SP4N-LAPOR! or a spreadsheet (2026_12_04_0700): the idempotency key of an import.
import type { DbTime } from '../db/values.ts';

export interface ImportedComplaintsTable {
  source: string;
  source_id: string;
  complaint_id: number;
  imported_at: DbTime;
  imported_by_user_id: number | null;
}

export interface ImportTables {
  imported_complaints: ImportedComplaintsTable;
}
