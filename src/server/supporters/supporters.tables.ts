// Row type of complaint_supporters (db/migrations/2026_12_04_0200_complaint_supporters.ts).
import type { Generated } from 'kysely';
import type { DbTime } from '../db/values.ts';

export interface ComplaintSupportersTable {
  id: Generated<number>;
  complaint_id: number;
  /** `user:<id>`, `device:<keyed hash>` or `reporter:<complaint id>`: who, without contact data. */
  supporter_key: string;
  user_id: number | null;
  /** The merged duplicate this supporter was carried over from, or null for a direct "Dukung". */
  via_complaint_id: number | null;
  created_at: DbTime;
}

export interface SupporterTables {
  complaint_supporters: ComplaintSupportersTable;
}
