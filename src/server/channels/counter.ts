// Filing at the counter (loket) or on the telephone (DESIGN.md §10): a counter clerk (petugas loket)
// files on a resident's behalf through the same validation, routing, privacy and limits as the web form.
// Clerks are verifiers (the portal's front desk) and officers or managers an admin named a counter for
// (users.counter_name, e.g. a kelurahan office's front desk). The clerk is recorded on the complaint
// (filed_by_user_id) and as the actor of the audit row; the resident stays the reporter, so public and
// resident views never name the clerk.
import type { Db } from '../db/index.ts';
import type { SessionUser } from '../auth/session.ts';
import { submitComplaint, type SubmitContext, type SubmitOutcome } from '../complaints/complaints.service.ts';
import type { NewComplaintInput } from '../complaints/complaints.schema.ts';
import type { ProcessedPhoto } from '../complaints/complaint-photos.ts';
import { getSettings } from '../reference/reference.repository.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import type { Outcome } from '../outcome.ts';

export const COUNTER_CHANNELS = ['loket', 'telepon'] as const;
export type CounterChannel = (typeof COUNTER_CHANNELS)[number];

export interface CounterDesk {
  /** The counter's name for the receipt. */
  name: string;
}

/** The clerk's counter, or null when this user may not file on a resident's behalf. */
export async function counterDesk(db: Db, user: SessionUser | null): Promise<CounterDesk | null> {
  if (!user || !['verifier', 'officer', 'manager'].includes(user.role)) return null;
  const row = await db.selectFrom('users').select(['counter_name', 'disabled_at']).where('id', '=', user.id).executeTakeFirst();
  if (!row || row.disabled_at !== null) return null;
  const named = row.counter_name?.trim();
  if (named) return { name: named };
  if (user.role !== 'verifier') return null;
  const settings = await getSettings(db);
  return { name: settings.get('government_name') ?? settings.get('portal_name') ?? 'Suara Warga' };
}

/** Files for the resident; the clerk is never the reporter (ctx.user is null, filedBy names the clerk). */
export async function fileAtCounter(
  db: Db,
  clerk: SessionUser | null,
  channel: CounterChannel,
  input: NewComplaintInput,
  photos: ProcessedPhoto[],
  ctx: Omit<SubmitContext, 'user' | 'channel' | 'filedBy'>,
): Promise<SubmitOutcome> {
  if (!clerk || !(await counterDesk(db, clerk))) return { ok: false, errors: { form: 'common.errors.forbiddenTitle' } };
  return submitComplaint(db, input, photos, { ...ctx, user: null, channel, filedBy: { id: clerk.id, role: clerk.role } });
}

/** What the printed receipt shows; only to the clerk who filed it (anyone else: not found). */
export async function counterReceipt(db: Db, clerk: SessionUser | null, code: string) {
  if (!clerk) return null;
  const c = await db
    .selectFrom('complaints as c')
    .innerJoin('categories as cat', 'cat.id', 'c.category_id')
    .leftJoin('complaint_filings as f', 'f.complaint_id', 'c.id')
    .select([
      'c.code',
      'c.privacy',
      'c.channel',
      'c.submitted_at',
      'c.verification_due_at',
      'c.resolution_due_at',
      'c.department_id',
      'cat.name_id',
      'cat.name_en',
      'cat.response_days',
      'cat.resolution_days',
      'f.form_id',
    ])
    .where('c.code', '=', code)
    .where('c.filed_by_user_id', '=', clerk.id)
    .executeTakeFirst();
  return c ?? null;
}

/**
 * Admin: names the counter an officer or manager serves (making them a counter clerk), or clears it.
 * Audited; the name is a place, not personal data (max 120 characters).
 */
export async function setCounterName(
  db: Db,
  actor: SessionUser | null,
  userId: number,
  name: string,
  ctx: { requestId?: string; now?: Date } = {},
): Promise<Outcome<object, 'forbidden' | 'not_found' | 'invalid'>> {
  if (!actor || actor.role !== 'admin') return { ok: false, error: 'forbidden' };
  const value = name.trim().replace(/\s+/g, ' ');
  if (value.length > 120) return { ok: false, error: 'invalid' };
  return db.transaction().execute(async (trx) => {
    const r = await trx
      .updateTable('users')
      .set({ counter_name: value || null })
      .where('id', '=', userId)
      .where('erased_at', 'is', null)
      .where('role', 'in', ['officer', 'manager', 'verifier'])
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) return { ok: false as const, error: 'not_found' as const };
    await appendAudit(trx, {
      actor: { id: actor.id, role: actor.role },
      action: 'user.counter_set',
      objectType: 'user',
      objectId: userId,
      requestId: ctx.requestId,
      details: { counter: value || null },
      at: ctx.now ?? new Date(),
    });
    return { ok: true as const };
  });
}

export async function counterNameOf(db: Db, userId: number): Promise<string | null> {
  return (await db.selectFrom('users').select('counter_name').where('id', '=', userId).executeTakeFirst())?.counter_name ?? null;
}
