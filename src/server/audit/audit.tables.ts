// Row type of the append-only audit log.
import type { Generated } from 'kysely';
import type { DbTime } from '../db/values.ts';

export interface AuditLogTable {
  id: Generated<number>;
  at: DbTime;
  actor_user_id: number | null;
  actor_role: string | null;
  action: string;
  object_type: string;
  object_id: string | null;
  request_id: string | null;
  details: Generated<string>;
}

export interface AuditTables {
  audit_log: AuditLogTable;
}
