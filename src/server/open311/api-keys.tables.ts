// Table types of Open311 API keys (migration 2026_11_22_1450).
import type { Generated } from 'kysely';
import type { DbTime } from '../db/values.ts';

export interface ApiKeysTable {
  id: Generated<number>;
  label: string;
  key_prefix: string;
  key_hash: string;
  requests_per_minute: Generated<number>;
  created_by: number | null;
  created_at: DbTime;
  last_used_at: DbTime | null;
  revoked_at: DbTime | null;
}

export interface ApiKeyTables {
  api_keys: ApiKeysTable;
}
