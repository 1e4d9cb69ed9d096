// Requests received by other channels (letter, counter, email to the DPO): an admin registers them,
// and closes them when answered; the register shows the 3 × 24 hour due time either way.
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/schema.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import { can } from '../auth/auth.policy.ts';
import type { Role } from '../auth/auth.tables.ts';
import { closeDataRequest, insertDataRequest } from './data-requests.repository.ts';
import { REQUEST_KINDS } from './dataprotection.tables.ts';

export const operatorRequestSchema = z.object({
  kind: z.enum(REQUEST_KINDS),
  subject_type: z.enum(['user', 'complaint']),
  // An account number or a tracking code: never a name or an email.
  subject_id: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^([0-9]{1,12}|[A-Z]{2,4}-[0-9]{2}-[0-9A-Z]{6})$/),
});

export const closeRequestSchema = z.object({
  id: z.coerce.number().int().positive(),
  outcome: z.enum(['completed', 'refused']),
});

interface Actor {
  id: number;
  role: Role;
}

export async function registerOperatorRequest(
  db: Kysely<Database>,
  actor: Actor,
  input: z.infer<typeof operatorRequestSchema>,
  now: Date,
  requestId?: string,
): Promise<number | null> {
  if (!can(actor, 'audit.read')) return null;
  return db.transaction().execute(async (trx) => {
    const id = await insertDataRequest(trx, {
      kind: input.kind,
      subjectType: input.subject_type,
      subjectId: input.subject_id,
      channel: 'operator',
      state: 'received',
      receivedAt: now.getTime(),
      completedAt: null,
    });
    await appendAudit(trx, {
      actor,
      action: 'dataprotection.request_registered',
      objectType: 'data_request',
      objectId: id,
      requestId,
      details: { kind: input.kind },
      at: now,
    });
    return id;
  });
}

export async function closeOperatorRequest(
  db: Kysely<Database>,
  actor: Actor,
  input: z.infer<typeof closeRequestSchema>,
  now: Date,
  requestId?: string,
): Promise<boolean> {
  if (!can(actor, 'audit.read')) return false;
  return db.transaction().execute(async (trx) => {
    const ok = await closeDataRequest(trx, input.id, input.outcome, now.getTime());
    if (ok)
      await appendAudit(trx, {
        actor,
        action: `dataprotection.request_${input.outcome}`,
        objectType: 'data_request',
        objectId: input.id,
        requestId,
        at: now,
      });
    return ok;
  });
}
