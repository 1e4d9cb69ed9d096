// Reading the audit log for the admin page: filters from the query string, page by page.
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/schema.ts';
import { isIsoDate } from '../db/values.ts';
import { can } from '../auth/auth.policy.ts';
import type { Role } from '../auth/auth.tables.ts';
import { actorNames, listAudit } from './audit.repository.ts';

export const AUDIT_PAGE_SIZE = 50;
const DAY = 86_400_000;

const optional = (s: z.ZodString) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? v.trim() : v), s.optional());

export const auditFilterSchema = z.object({
  action: optional(
    z
      .string()
      .max(60)
      .regex(/^[a-z0-9_.]+$/),
  ),
  objectType: optional(
    z
      .string()
      .max(40)
      .regex(/^[a-z0-9_.]+$/),
  ),
  objectId: optional(z.string().max(80)),
  actor: optional(z.string().regex(/^[0-9]{1,12}$/)),
  from: optional(z.string().refine(isIsoDate)),
  to: optional(z.string().refine(isIsoDate)),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});

export type AuditFilterInput = z.infer<typeof auditFilterSchema>;

/** One page of entries, newest first; null when the actor may not read the log. */
export async function auditPage(db: Kysely<Database>, actor: { role: Role }, f: AuditFilterInput) {
  if (!can(actor, 'audit.read')) return null;
  const rows = await listAudit(db, {
    action: f.action,
    objectType: f.objectType,
    objectId: f.objectId,
    actorUserId: f.actor ? Number(f.actor) : undefined,
    // Dates are whole UTC days; "to" includes its day.
    from: f.from ? new Date(`${f.from}T00:00:00Z`) : undefined,
    to: f.to ? new Date(Date.parse(`${f.to}T00:00:00Z`) + DAY) : undefined,
    limit: AUDIT_PAGE_SIZE + 1,
    offset: (f.page - 1) * AUDIT_PAGE_SIZE,
  });
  const page = rows.slice(0, AUDIT_PAGE_SIZE);
  const names = await actorNames(
    db,
    page.flatMap((r) => (r.actor_user_id === null ? [] : [Number(r.actor_user_id)])),
  );
  return {
    entries: page.map((r) => ({
      id: r.id,
      at: new Date(Number(r.at)),
      actorUserId: r.actor_user_id,
      actorName: r.actor_user_id === null ? null : (names.get(Number(r.actor_user_id)) ?? null),
      /** The details as readable fields (key, value), not raw JSON; an unreadable value is shown as it is. */
      fields: detailFields(r.details),
      actorRole: r.actor_role,
      action: r.action,
      objectType: r.object_type,
      objectId: r.object_id,
      requestId: r.request_id,
      details: r.details,
    })),
    hasNext: rows.length > AUDIT_PAGE_SIZE,
  };
}

function detailFields(details: string | null): [string, string][] {
  if (!details) return [];
  try {
    const o = JSON.parse(details) as unknown;
    if (o === null || typeof o !== 'object' || Array.isArray(o)) return [['', details]];
    return Object.entries(o as Record<string, unknown>).map(([k, v]) => [
      k,
      v === null ? '–' : typeof v === 'object' ? JSON.stringify(v) : String(v),
    ]);
  } catch {
    return [['', details]];
  }
}
