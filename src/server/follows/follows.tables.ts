// Row type of complaint_follows (db/migrations/2026_12_03_1600_complaint_follows.ts).
import type { DbTime } from '../db/values.ts';

export interface FollowTables {
  complaint_follows: { complaint_id: number; user_id: number; created_at: DbTime };
}
