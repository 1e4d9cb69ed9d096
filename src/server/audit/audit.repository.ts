// Writes and reads the append-only audit log. Details hold ids and codes, never personal data or secrets.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { toDbTime } from '../db/values.ts';

export interface AuditEntry {
  actor?: { id: number; role: string } | null;
  action: string;
  objectType: string;
  objectId?: string | number | null;
  requestId?: string | null;
  details?: Record<string, string | number | boolean | null>;
  at?: Date;
}

/** Appends one row; pass the transaction of the change it records so both commit or neither. */
export async function appendAudit(db: Kysely<Database>, e: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      at: toDbTime(e.at ?? new Date()),
      actor_user_id: e.actor?.id ?? null,
      actor_role: e.actor?.role ?? null,
      action: e.action,
      object_type: e.objectType,
      object_id: e.objectId === undefined || e.objectId === null ? null : String(e.objectId),
      request_id: e.requestId ?? null,
      details: JSON.stringify(e.details ?? {}),
    })
    .execute();
}

export interface AuditFilter {
  action?: string;
  objectType?: string;
  objectId?: string;
  actorUserId?: number;
  from?: Date;
  to?: Date;
  limit?: number;
  offset?: number;
}

export async function listAudit(db: Kysely<Database>, f: AuditFilter = {}) {
  let q = db.selectFrom('audit_log').selectAll().orderBy('id', 'desc');
  if (f.action) q = q.where('action', '=', f.action);
  if (f.objectType) q = q.where('object_type', '=', f.objectType);
  if (f.objectId) q = q.where('object_id', '=', f.objectId);
  if (f.actorUserId !== undefined) q = q.where('actor_user_id', '=', f.actorUserId);
  if (f.from) q = q.where('at', '>=', toDbTime(f.from));
  if (f.to) q = q.where('at', '<', toDbTime(f.to));
  return q.limit(f.limit ?? 100).offset(f.offset ?? 0).execute();
}
