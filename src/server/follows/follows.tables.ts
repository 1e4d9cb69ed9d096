// Row types of complaint_follows and alert_subscriptions (db/migrations/2026_12_03_1600_complaint_follows.ts).
import type { Generated } from 'kysely';
import type { DbTime } from '../db/values.ts';

export interface AlertSubscriptionsTable {
  id: Generated<number>;
  email: string;
  locale: Generated<string>;
  user_id: number | null;
  kecamatan_code: string | null;
  kelurahan_code: string | null;
  category_code: string | null;
  nonce: string;
  created_at: DbTime;
  confirmed_at: DbTime | null;
  alerted_until: DbTime | null;
}

export interface FollowTables {
  complaint_follows: { complaint_id: number; user_id: number; created_at: DbTime };
  alert_subscriptions: AlertSubscriptionsTable;
}
