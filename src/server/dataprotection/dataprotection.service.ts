// Data subject rights (UU PDP 27/2022): download, erasure (account or one complaint), correction
// logged; every request registered with its due time and completed at once when self-served.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { SessionUser } from '../auth/session.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import { verifyPassword } from '../auth/password.ts';
import { accessKeyMatches } from '../complaints/complaint-codes.ts';
import { insertDataRequest } from './data-requests.repository.ts';
import { complaintContact, findAccount } from './erasure.repository.ts';
import { eraseAccountData, eraseOneComplaint, type ErasureReport } from './erasure.ts';
import { collectComplaintData, collectUserData, type SubjectData } from './subject-data.ts';
import type { Outcome } from '../outcome.ts';

export interface DpContext {
  now: Date;
  requestId?: string;
  siteUrl: string;
}

/** The logged-in user's data; registers and completes an access request. */
export async function downloadMyData(
  db: Kysely<Database>,
  user: SessionUser,
  format: 'json' | 'html',
  ctx: DpContext,
): Promise<SubjectData> {
  const t = ctx.now.getTime();
  await db.transaction().execute(async (trx) => {
    await insertDataRequest(trx, {
      kind: 'access',
      subjectType: 'user',
      subjectId: String(user.id),
      state: 'completed',
      receivedAt: t,
      completedAt: t,
      details: { format },
    });
    await appendAudit(trx, {
      actor: { id: user.id, role: user.role },
      action: 'dataprotection.exported',
      objectType: 'user',
      objectId: user.id,
      requestId: ctx.requestId,
      details: { format },
      at: ctx.now,
    });
  });
  return collectUserData(db, user.id, ctx.siteUrl, ctx.now);
}

export type EraseOutcome = Outcome<{ report: ErasureReport }, 'wrong_password' | 'not_found' | 'staff'>;

/** Closes and anonymises the user's own account after they re-entered their password. */
export async function eraseMyAccount(db: Kysely<Database>, user: SessionUser, password: string, ctx: DpContext): Promise<EraseOutcome> {
  const account = await findAccount(db, user.id);
  if (!account || account.erased_at !== null) return { ok: false, error: 'not_found' };
  // Staff accounts carry appraisal evidence and are closed by an administrator, not self-erased.
  if (account.role !== 'resident') return { ok: false, error: 'staff' };
  if (!(await verifyPassword(account.password_hash, password))) {
    await appendAudit(db, {
      actor: { id: user.id, role: user.role },
      action: 'dataprotection.erasure_refused',
      objectType: 'user',
      objectId: user.id,
      requestId: ctx.requestId,
      details: { reason: 'wrong_password' },
      at: ctx.now,
    });
    return { ok: false, error: 'wrong_password' };
  }
  const t = ctx.now.getTime();
  const report = await db.transaction().execute(async (trx) => {
    const r = await eraseAccountData(trx, user.id, ctx.now);
    if (!r) return null;
    await insertDataRequest(trx, {
      kind: 'erasure',
      subjectType: 'user',
      subjectId: String(user.id),
      state: 'completed',
      receivedAt: t,
      completedAt: t,
      details: { complaints: r.complaints, contributions: r.contributions },
    });
    await appendAudit(trx, {
      actor: { id: user.id, role: user.role },
      action: 'dataprotection.account_erased',
      objectType: 'user',
      objectId: user.id,
      requestId: ctx.requestId,
      details: { ...r },
      at: ctx.now,
    });
    return r;
  });
  return report ? { ok: true, report } : { ok: false, error: 'not_found' };
}

/** A correction is made on the profile page; this registers it as a completed request. */
export async function recordCorrection(db: Kysely<Database>, userId: number, now: Date): Promise<void> {
  const t = now.getTime();
  await insertDataRequest(db, {
    kind: 'correction',
    subjectType: 'user',
    subjectId: String(userId),
    state: 'completed',
    receivedAt: t,
    completedAt: t,
  });
}

/** The complaint's id when the code and access key match, else null (same answer for both). */
async function provenComplaint(db: Kysely<Database>, code: string, key: string) {
  const c = await complaintContact(db, code);
  if (!c || !key || key.length > 40 || !accessKeyMatches(key, c.access_key_hash)) return null;
  return c;
}

export async function downloadComplaintData(db: Kysely<Database>, code: string, key: string, ctx: DpContext): Promise<SubjectData | null> {
  const c = await provenComplaint(db, code, key);
  if (!c) return null;
  const t = ctx.now.getTime();
  await db.transaction().execute(async (trx) => {
    await insertDataRequest(trx, {
      kind: 'access',
      subjectType: 'complaint',
      subjectId: code,
      state: 'completed',
      receivedAt: t,
      completedAt: t,
    });
    await appendAudit(trx, {
      action: 'dataprotection.exported',
      objectType: 'complaint',
      objectId: code,
      requestId: ctx.requestId,
      details: { by: 'access_key' },
      at: ctx.now,
    });
  });
  return collectComplaintData(db, code, ctx.siteUrl, ctx.now);
}

/** Erases one complaint's contact data for a reporter holding its access key. */
export async function eraseComplaintContact(
  db: Kysely<Database>,
  code: string,
  key: string,
  ctx: DpContext,
): Promise<ErasureReport | null> {
  const c = await provenComplaint(db, code, key);
  if (!c) return null;
  const t = ctx.now.getTime();
  return db.transaction().execute(async (trx) => {
    const r = await eraseOneComplaint(trx, c);
    await insertDataRequest(trx, {
      kind: 'erasure',
      subjectType: 'complaint',
      subjectId: code,
      state: 'completed',
      receivedAt: t,
      completedAt: t,
    });
    await appendAudit(trx, {
      action: 'dataprotection.complaint_erased',
      objectType: 'complaint',
      objectId: code,
      requestId: ctx.requestId,
      details: { ...r },
      at: ctx.now,
    });
    return r;
  });
}
