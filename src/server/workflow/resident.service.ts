// The reporter's commands after the department acted: confirm ("selesai"), dispute (reopens it),
// rate 1–5 once, add information or a photo while it is open. The reporter is the owner's account or
// whoever holds the access key; everyone else gets "not found". Confirm and dispute change the complaint
// by compare-and-set on the version read in their transaction (see workflow.service.ts); a rating is
// its own row, written once (the unique key on complaint_id is its compare-and-set), and information
// is an append guarded by the state it was read in that bumps no version, so it makes no staff form stale.
import type { Transaction } from 'kysely';
import type { Db } from '../db/index.ts';
import type { Database } from '../db/schema.ts';
import type { SessionUser } from '../auth/session.ts';
import { appendAudit, reporterActor } from '../audit/audit.repository.ts';
import { transition } from '../complaints/complaint-states.ts';
import { hasPendingCheck } from '../checks/checks.repository.ts';
import { updateComplaintAtVersion, updateComplaintInState } from '../complaints/complaints.repository.ts';
import { removePhotos, storePhotos, type ProcessedPhoto } from '../complaints/complaint-photos.ts';
import { fromDbTime } from '../db/values.ts';
import * as repo from './workflow.repository.ts';
import { actsAsReporter } from './workflow.policy.ts';
import { notifyDepartmentOfDispute } from './workflow-mail.ts';
import { notifyFollowers } from '../follows/follows.service.ts';
import { config } from '../config.ts';

/** Calendar days the reporter has to confirm or dispute; afterwards the complaint closes by itself. */
export const CONFIRM_WINDOW_DAYS = 14;
const WINDOW_MS = CONFIRM_WINDOW_DAYS * 24 * 60 * 60 * 1000;

export interface ReporterContext {
  user: SessionUser | null;
  /** Whether the request carries this complaint's access key (checked against the stored hash). */
  hasKey: (storedHash: string) => boolean;
  now: Date;
  requestId?: string;
  /** Base address for links in the department's email. */
  siteUrl?: string;
}

export type ResidentError = 'not_found' | 'conflict' | 'too_late' | 'already_rated' | 'not_resolved';
export type ResidentOutcome = { ok: true } | { ok: false; error: ResidentError };

async function asReporter(
  db: Db,
  code: string,
  ctx: ReporterContext,
  fn: (trx: Transaction<Database>, c: repo.WorkComplaint) => Promise<ResidentOutcome>,
): Promise<ResidentOutcome> {
  return db.transaction().execute(async (trx) => {
    const c = await repo.findComplaintForWork(trx, code);
    if (!c || !actsAsReporter(ctx.user, c, ctx.hasKey(c.access_key_hash))) return { ok: false, error: 'not_found' };
    return fn(trx, c);
  });
}

// An anonymous complaint's reporter is named in no audit row (DESIGN.md §2).
const actor = (ctx: ReporterContext, c: { privacy: string }) => reporterActor(ctx.user, c.privacy);

function withinWindow(c: repo.WorkComplaint, now: Date): boolean {
  return c.resolved_at !== null && now.getTime() - c.resolved_at <= WINDOW_MS;
}

export async function confirmResolution(db: Db, code: string, ctx: ReporterContext): Promise<ResidentOutcome> {
  return asReporter(db, code, ctx, async (trx, c) => {
    const t = transition(c.state, 'confirm', 'reporter');
    if (!t.ok) return { ok: false, error: 'conflict' };
    if (!withinWindow(c, ctx.now)) return { ok: false, error: 'too_late' };
    // A resolution waiting for its check is confirmed after the check (checks.service.ts).
    if (await hasPendingCheck(trx, c.id)) return { ok: false, error: 'conflict' };
    const now = ctx.now.getTime();
    if (!(await updateComplaintAtVersion(trx, c.id, c.version, { state: t.to, closed_at: now, updated_at: now })))
      return { ok: false, error: 'conflict' };
    await repo.insertWorkflowEvent(trx, {
      complaint_id: c.id,
      at: now,
      actor_user_id: ctx.user?.id ?? null,
      actor_kind: 'reporter',
      action: 'confirm',
      from_state: t.from,
      to_state: t.to,
      visibility: 'public',
      department_id: c.department_id,
    });
    await appendAudit(trx, {
      actor: actor(ctx, c),
      action: 'complaint.confirmed',
      objectType: 'complaint',
      objectId: c.code,
      requestId: ctx.requestId,
      at: ctx.now,
    });
    return { ok: true };
  });
}

/** Not solved after all: back to the department as reopened; the reopen counts against the resolution. */
export async function disputeResolution(db: Db, code: string, input: { reason: string }, ctx: ReporterContext): Promise<ResidentOutcome> {
  return asReporter(db, code, ctx, async (trx, c) => {
    const t = transition(c.state, 'dispute', 'reporter');
    if (!t.ok) return { ok: false, error: 'conflict' };
    if (!withinWindow(c, ctx.now)) return { ok: false, error: 'too_late' };
    const now = ctx.now.getTime();
    const changed = await updateComplaintAtVersion(trx, c.id, c.version, {
      state: t.to,
      reopened_count: c.reopened_count + 1,
      last_reopened_at: now,
      updated_at: now,
    });
    if (!changed) return { ok: false, error: 'conflict' };
    const eventId = await repo.insertWorkflowEvent(trx, {
      complaint_id: c.id,
      at: now,
      actor_user_id: ctx.user?.id ?? null,
      actor_kind: 'reporter',
      action: 'dispute',
      from_state: t.from,
      to_state: t.to,
      note: input.reason,
      visibility: 'public',
      department_id: c.department_id,
      details: JSON.stringify({ resolved_at: c.resolved_at }),
    });
    await appendAudit(trx, {
      actor: actor(ctx, c),
      action: 'complaint.disputed',
      objectType: 'complaint',
      objectId: c.code,
      requestId: ctx.requestId,
      at: ctx.now,
      details: { reopened_count: c.reopened_count + 1 },
    });
    await notifyDepartmentOfDispute(trx, {
      complaintId: c.id,
      departmentId: c.department_id,
      assigneeId: c.assignee_user_id,
      code: c.code,
      eventId,
      siteUrl: ctx.siteUrl ?? '',
      now: ctx.now,
    });
    // Followers learn it was reopened, without the reporter's own words.
    await notifyFollowers(trx, {
      complaintId: c.id,
      privacy: c.privacy,
      reporterUserId: c.reporter_user_id,
      code: c.code,
      event: 'reopen',
      eventId,
      note: '',
      siteUrl: ctx.siteUrl ?? config().siteUrl,
      now: ctx.now,
    });
    return { ok: true };
  });
}

/** Satisfaction 1–5 with an optional comment, once, after a resolution. Nobody edits it afterwards. */
export async function rateComplaint(
  db: Db,
  code: string,
  input: { score: number; comment: string },
  ctx: ReporterContext,
): Promise<ResidentOutcome> {
  return asReporter(db, code, ctx, async (trx, c) => {
    if (c.state !== 'resolved' && c.state !== 'closed') return { ok: false, error: 'not_resolved' };
    if (c.resolved_at === null) return { ok: false, error: 'not_resolved' };
    if (!(await repo.insertRating(trx, c.id, input.score, input.comment, ctx.now.getTime()))) return { ok: false, error: 'already_rated' };
    await appendAudit(trx, {
      actor: actor(ctx, c),
      action: 'complaint.rated',
      objectType: 'complaint',
      objectId: c.code,
      requestId: ctx.requestId,
      at: ctx.now,
      details: { score: input.score },
    });
    return { ok: true };
  });
}

/** More information (text and/or a photo) while the complaint is open; an event on the timeline. */
export async function addReporterInformation(
  db: Db,
  code: string,
  input: { note: string },
  photos: ProcessedPhoto[],
  ctx: ReporterContext & { uploadDir: string },
): Promise<ResidentOutcome> {
  const names = photos.length > 0 ? await storePhotos(ctx.uploadDir, photos) : [];
  try {
    const outcome = await asReporter(db, code, ctx, async (trx, c) => {
      if (c.state === 'closed' || c.state === 'rejected') return { ok: false, error: 'conflict' };
      const now = ctx.now.getTime();
      if (!(await updateComplaintInState(trx, c.id, c.state, { updated_at: now }))) return { ok: false, error: 'conflict' };
      await repo.insertSourcedPhotos(
        trx,
        c.id,
        'reporter',
        photos.map((p, i) => ({ fileName: names[i]!, contentType: p.contentType, width: p.width, height: p.height, bytes: p.data.length })),
        now,
      );
      await repo.insertWorkflowEvent(trx, {
        complaint_id: c.id,
        at: now,
        actor_user_id: ctx.user?.id ?? null,
        actor_kind: 'reporter',
        action: 'info_added',
        from_state: c.state,
        to_state: c.state,
        note: input.note,
        visibility: 'public',
        department_id: c.department_id,
        details: JSON.stringify({ photos: photos.length }),
      });
      await appendAudit(trx, {
        actor: actor(ctx, c),
        action: 'complaint.info_added',
        objectType: 'complaint',
        objectId: c.code,
        requestId: ctx.requestId,
        at: ctx.now,
        details: { photos: photos.length },
      });
      return { ok: true };
    });
    if (!outcome.ok) await removePhotos(ctx.uploadDir, names);
    return outcome;
  } catch (e) {
    await removePhotos(ctx.uploadDir, names);
    throw e;
  }
}

/** What the reporter may still do now, for the tracking page. */
export async function reporterPanel(db: Db, code: string, user: SessionUser | null, hasKey: (h: string) => boolean, now: Date) {
  const c = await repo.findComplaintForWork(db, code);
  if (!c || !actsAsReporter(user, c, hasKey(c.access_key_hash))) return null;
  const rating = await repo.findRating(db, c.id);
  const open = withinWindow(c, now);
  const checking = c.state === 'resolved' && (await hasPendingCheck(db, c.id));
  return {
    code: c.code,
    state: c.state,
    /** The resolution waits for a checker: confirming comes after the check; a dispute never waits. */
    checking,
    canConfirm: c.state === 'resolved' && open && !checking,
    canDispute: c.state === 'resolved' && open,
    confirmUntil: c.resolved_at === null ? null : new Date(c.resolved_at + WINDOW_MS),
    canRate: (c.state === 'resolved' || c.state === 'closed') && c.resolved_at !== null && !rating,
    rating: rating ? { score: rating.score, comment: rating.comment, ratedAt: fromDbTime(rating.rated_at) } : null,
    canAddInfo: c.state !== 'closed' && c.state !== 'rejected',
  };
}
export type ReporterPanel = NonNullable<Awaited<ReturnType<typeof reporterPanel>>>;
