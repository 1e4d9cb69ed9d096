// Writes and reads the append-only audit log. Details hold ids and codes, never personal data or secrets.
import { sql, type Kysely, type SqlBool } from 'kysely';
import type { Database } from '../db/schema.ts';
import { toDbTime } from '../db/values.ts';

export interface AuditEntry {
  actor?: { id: number | null; role: string } | null;
  action: string;
  objectType: string;
  objectId?: string | number | null;
  requestId?: string | null;
  details?: Record<string, string | number | boolean | null>;
  at?: Date;
}

/**
 * The actor of a row about an anonymous complaint written by its reporter: no user id, so nobody reading
 * the log (admins included) can tell who filed it (DESIGN.md §2).
 */
export const ANONYMOUS_REPORTER = { id: null, role: 'anonymous' } as const;

/** The audit actor for something a reporter did to their complaint: anonymous complaints name nobody. */
export function reporterActor(user: { id: number; role: string } | null, privacy: string): AuditEntry['actor'] {
  if (privacy === 'anonymous') return ANONYMOUS_REPORTER;
  return user ? { id: user.id, role: user.role } : null;
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

/**
 * Whether the row's actor is the reporter of the anonymous complaint it is about. Rows written before
 * reporterActor() existed, and rows of a complaint raised to anonymous later, still hold the reporter's
 * id; the log is append-only, so readers hide it instead (DESIGN.md §2: hidden from everyone).
 */
const actorIsAnonymousReporter = sql<SqlBool>`audit_log.object_type = 'complaint' and exists (
  select 1 from complaints c where c.code = audit_log.object_id and c.privacy = 'anonymous' and c.reporter_user_id = audit_log.actor_user_id)`;

/** Rows newest first; the actor of a row about an anonymous complaint by its reporter reads as ANONYMOUS_REPORTER. */
export async function listAudit(db: Kysely<Database>, f: AuditFilter = {}) {
  let q = db.selectFrom('audit_log').selectAll().select(actorIsAnonymousReporter.as('anonymous_actor')).orderBy('id', 'desc');
  if (f.action) q = q.where('action', '=', f.action);
  if (f.objectType) q = q.where('object_type', '=', f.objectType);
  if (f.objectId) q = q.where('object_id', '=', f.objectId);
  // Filtering by a person must not list their anonymous complaints either.
  if (f.actorUserId !== undefined) q = q.where('actor_user_id', '=', f.actorUserId).where(sql<SqlBool>`not (${actorIsAnonymousReporter})`);
  if (f.from) q = q.where('at', '>=', toDbTime(f.from));
  if (f.to) q = q.where('at', '<', toDbTime(f.to));
  const rows = await q
    .limit(f.limit ?? 100)
    .offset(f.offset ?? 0)
    .execute();
  return rows.map(({ anonymous_actor, ...r }) =>
    Number(anonymous_actor) === 1 || anonymous_actor === true ? { ...r, actor_user_id: null, actor_role: ANONYMOUS_REPORTER.role } : r,
  );
}

/** Names of the accounts acting in some audit rows (the admin's audit page shows names, not ids). */
export async function actorNames(db: Kysely<Database>, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('users')
    .select(['id', 'name'])
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((r) => [Number(r.id), r.name]));
}
