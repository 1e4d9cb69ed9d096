// Complaint commands: submit, route (verify), reject, raise privacy. Each owns its transaction,
// checks the state machine and the policy, writes one event and one audit row. Route, reject and
// privacy change the complaint by compare-and-set on the version read in their transaction (and, from
// the verification page, on the version the page was rendered with): the loser of two verifiers gets
// 'conflict' (the convention is described in src/server/workflow/workflow.service.ts).
import type { Db } from '../db/index.ts';
import type { SessionUser } from '../auth/session.ts';
import { appendAudit, reporterActor } from '../audit/audit.repository.ts';
import { enqueueEmail, isQueued } from '../notifications/outbox.ts';
import { getSettings } from '../reference/reference.repository.ts';
import { pointInRegion, regionGeo } from '../geo/region-geo.ts';
import { addWorkingDays, localDate, type WorkingCalendar } from '../calendar/calendar.ts';
import { canRaisePrivacy, transition, type Channel, type Privacy, type RejectionReason } from './complaint-states.ts';
import { generateAccessKey, generateTrackingCode, hashAccessKey } from './complaint-codes.ts';
import type { ProcessedPhoto } from './complaint-photos.ts';
import { discardStaged, finishStaged, stagePhotos, type StagedPhoto } from './photo-files.ts';
import { newFormId } from './form-token.ts';
import { logger } from '../log.ts';
import * as repo from './complaints.repository.ts';
import type { NewComplaintInput } from './complaints.schema.ts';
import { canVerify } from './complaints.policy.ts';
import { submissionEmail } from './complaint-mail.ts';
import { notifyRejection } from '../workflow/workflow-mail.ts';
import { findComplaintForWork } from '../workflow/workflow.repository.ts';
import { mergeDuplicate, MergeConflict } from '../supporters/merge.ts';
import { config } from '../config.ts';
import { unitFor } from './unit-routing.ts';
import { groupedTransaction } from '../db/group-commit.ts';
import type { FieldErrors } from '../http/forms.ts';

export interface SubmitContext {
  user: SessionUser | null;
  now: Date;
  calendar: WorkingCalendar;
  uploadDir: string;
  requestId?: string;
  /** Base address for the follow-up link in the email. */
  siteUrl: string;
  locale: string;
  /** Filing from the web form: makes the submission idempotent on the form's token. */
  form?: FormFiling;
  /** How the complaint arrived (DESIGN.md §10); the web form when not given. */
  channel?: Channel;
  /** A counter clerk filing for a resident (channel loket/telepon): recorded on the row and in the audit, never shown as the reporter. */
  filedBy?: { id: number; role: string };
  /** The Open311 key that filed it: that key may still read the request's status once it is withheld from the public. */
  apiKeyId?: number;
}

export interface FormFiling {
  formId: string;
  /** The key derived from the form (accessKeyForForm), so a repeated POST shows the same one. */
  accessKey: string;
  /** Why the verifier should look twice ('fast'), or null. A suspect complaint is never auto-routed. */
  suspect: string | null;
  /** The form's photos already on disk, kept from an earlier attempt. */
  staged: StagedPhoto[];
}

export type SubmitOutcome =
  /** emailed: a receipt email was queued in this filing's transaction (not merely an address given). */
  { ok: true; code: string; accessKey: string; routed: boolean; emailed: boolean; repeated: boolean } | { ok: false; errors: FieldErrors };

class AlreadyFiled extends Error {}

const submittedMailKey = (code: string) => `complaint.submitted:${code}`;

/** The receipt of the complaint this form already filed, if it did. */
export async function findFiledForm(
  db: Db,
  form: Pick<FormFiling, 'formId' | 'accessKey'>,
): Promise<Extract<SubmitOutcome, { ok: true }> | null> {
  const first = await repo.findFormFiling(db, form.formId);
  if (!first) return null;
  // The first filing's receipt email, if it queued one (the address alone does not say so).
  const emailed = await isQueued(db, submittedMailKey(first.code));
  return { ok: true, code: first.code, accessKey: form.accessKey, routed: first.department_id !== null, emailed, repeated: true };
}

export async function submitComplaint(
  db: Db,
  input: NewComplaintInput,
  photos: ProcessedPhoto[],
  ctx: SubmitContext,
): Promise<SubmitOutcome> {
  if (ctx.form) {
    const first = await findFiledForm(db, ctx.form);
    if (first) return first;
  }
  const category = await repo.findCategoryByCode(db, input.category);
  const kelurahan = await repo.findArea(db, input.kelurahan);
  const errors: FieldErrors = {};
  if (!category) errors.category = 'complaints.errors.categoryRequired';
  if (!kelurahan || kelurahan.level === 'kecamatan' || !kelurahan.parent_code) errors.kelurahan = 'complaints.errors.areaRequired';
  else if (input.kecamatan && input.kecamatan !== kelurahan.parent_code) errors.kelurahan = 'complaints.errors.areaMismatch';
  else if (input.kota && !kelurahan.code.startsWith(`${input.kota}.`)) errors.kelurahan = 'complaints.errors.areaMismatch';
  if (!category || !kelurahan?.parent_code || Object.keys(errors).length > 0) return { ok: false, errors };

  const settings = await getSettings(db);
  // A point outside the loaded region's bounding box (region.json) is a slip or another city: refused,
  // and the form re-rendered with everything typed.
  const region = settings.get('region');
  if (
    region &&
    input.latitude !== undefined &&
    input.longitude !== undefined &&
    !pointInRegion(regionGeo(region), input.latitude, input.longitude)
  ) {
    return { ok: false, errors: { latitude: 'map.errors.outsideRegion' } };
  }
  const prefix = settings.get('tracking_prefix') ?? 'SW';
  const verificationDays = Number(settings.get('verification_days') ?? 3);
  const year = Number(localDate(ctx.now, ctx.calendar.timeZone).slice(0, 4));
  const now = ctx.now.getTime();
  const accessKey = ctx.form?.accessKey ?? generateAccessKey();
  const kecamatanCode = kelurahan.parent_code;
  const rule = await repo.findRoutingRule(db, category.id, kecamatanCode);
  // A possible bot waits for the verifier instead of landing in a department's inbox.
  const routeTo = ctx.form?.suspect ? null : (rule?.department_id ?? (category.auto_route === 1 ? category.department_id : null));
  // The unit of that department for this category in this kelurahan, kecamatan or kota, if a unit route says so.
  const unitId = await unitFor(db, category.id, { kelurahan: kelurahan.code, kecamatan: kecamatanCode }, routeTo);

  // New files are staged (temporary names, fsynced) now that everything is valid, and only get their
  // final names after the commit; removed again if the transaction fails.
  const fresh = await stagePhotos(ctx.uploadDir, ctx.form?.formId ?? newFormId(), photos);
  const staged = [...(ctx.form?.staged ?? []), ...fresh];
  let code = '';
  let emailed = false;
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      code = generateTrackingCode(prefix, year);
      if (!(await repo.trackingCodeExists(db, code))) break;
    }
    // Returns after the commit (on SQLite a savepoint in a group commit, db/group-commit.ts): use trx alone.
    await groupedTransaction(db, async (trx) => {
      const id = await repo.insertComplaint(trx, {
        code,
        access_key_hash: hashAccessKey(accessKey),
        category_id: category.id,
        title: input.title,
        description: input.description,
        kecamatan_code: kecamatanCode,
        kelurahan_code: kelurahan.code,
        address: input.address ?? '',
        latitude: input.latitude ?? null,
        longitude: input.longitude ?? null,
        privacy: input.privacy,
        show_name: input.privacy === 'public' && input.show_name ? 1 : 0,
        reporter_user_id: ctx.user?.id ?? null,
        reporter_name: input.name ?? null,
        reporter_email: input.email ?? null,
        reporter_phone: input.phone ?? null,
        reporter_locale: ctx.locale,
        state: routeTo ? 'assigned' : 'submitted',
        department_id: routeTo,
        unit_id: unitId,
        submitted_at: now,
        verification_due_at: addWorkingDays(ctx.now, verificationDays, ctx.calendar).getTime(),
        assigned_at: routeTo ? now : null,
        response_due_at: routeTo ? addWorkingDays(ctx.now, category.response_days, ctx.calendar).getTime() : null,
        resolution_due_at: routeTo ? addWorkingDays(ctx.now, category.resolution_days, ctx.calendar).getTime() : null,
        updated_at: now,
        channel: ctx.channel ?? 'web',
        filed_by_user_id: ctx.filedBy?.id ?? null,
        api_key_id: ctx.apiKeyId ?? null,
      });
      // First, so a second POST of the same form stops here (and rolls back) before writing anything else.
      if (ctx.form && !(await repo.claimFormFiling(trx, ctx.form.formId, id, ctx.form.suspect, now))) throw new AlreadyFiled();
      await repo.insertPhotos(
        trx,
        id,
        staged.map((p) => ({ fileName: p.finalName, contentType: p.contentType, width: p.width, height: p.height, bytes: p.bytes })),
        now,
      );
      await repo.insertEvent(trx, {
        complaint_id: id,
        at: now,
        actor_user_id: ctx.user?.id ?? null,
        actor_kind: 'reporter',
        action: 'submit',
        from_state: null,
        to_state: 'submitted',
        visibility: 'public',
        department_id: null,
      });
      await appendAudit(trx, {
        // A clerk filing at the counter is the actor of record; the resident stays the reporter on the row.
        actor: ctx.filedBy ?? reporterActor(ctx.user, input.privacy),
        action: 'complaint.submitted',
        objectType: 'complaint',
        objectId: code,
        requestId: ctx.requestId,
        details: {
          category: category.code,
          privacy: input.privacy,
          channel: ctx.channel ?? 'web',
          photos: staged.length,
          ...(ctx.filedBy ? { filed_by_user_id: ctx.filedBy.id, on_behalf_of: 'resident' } : {}),
          ...(ctx.form?.suspect ? { suspect: ctx.form.suspect } : {}),
        },
        at: ctx.now,
      });
      if (routeTo) {
        await repo.insertEvent(trx, {
          complaint_id: id,
          at: now,
          actor_user_id: null,
          actor_kind: 'system',
          action: 'route',
          from_state: 'submitted',
          to_state: 'assigned',
          visibility: 'public',
          department_id: routeTo,
          details: JSON.stringify({ rule: rule ? 'area' : 'category', ...(unitId ? { unit_id: unitId } : {}) }),
        });
        await appendAudit(trx, {
          actor: null,
          action: 'complaint.routed',
          objectType: 'complaint',
          objectId: code,
          requestId: ctx.requestId,
          details: { by: 'system', rule: rule ? 'area' : 'category', department_id: routeTo, ...(unitId ? { unit_id: unitId } : {}) },
          at: ctx.now,
        });
      }
      if (input.email) {
        const mail = submissionEmail(ctx.locale, code, `${ctx.siteUrl}/complaints/${code}`);
        emailed = await enqueueEmail(trx, {
          to: input.email,
          locale: ctx.locale,
          subject: mail.subject,
          text: mail.text,
          topic: `complaint.submitted:${code}`,
          dedupeKey: submittedMailKey(code),
          now: ctx.now,
        });
      }
    });
  } catch (e) {
    // Only this request's own files: the form's pending ones may belong to the filing that won.
    await discardStaged(ctx.uploadDir, fresh);
    if (e instanceof AlreadyFiled && ctx.form) {
      const first = await findFiledForm(db, ctx.form);
      if (first) return first;
    }
    throw e;
  }
  // Committed: the rows name the final files. A failure to rename is finished by the cleanup job.
  await finishStaged(ctx.uploadDir, staged).catch((err: unknown) => {
    logger().warn(
      { requestId: ctx.requestId, err: err instanceof Error ? err.message : String(err) },
      'photo rename after commit failed; the cleanup job finishes it',
    );
  });
  return { ok: true, code, accessKey, routed: !!routeTo, emailed, repeated: false };
}

export type CommandOutcome =
  | { ok: true }
  | {
      ok: false;
      error:
        | 'forbidden'
        | 'not_found'
        | 'conflict'
        | 'invalid_department'
        | 'invalid_category'
        | 'duplicate_not_found'
        | 'original_rejected'
        | 'privacy_not_higher';
    };

interface ActorContext {
  user: SessionUser | null;
  now: Date;
  requestId?: string;
  /** The complaint version the verifier's page showed; another version at read time is a 'conflict'. */
  expectedVersion?: number;
}

const stale = (ctx: ActorContext, version: number) => ctx.expectedVersion !== undefined && ctx.expectedVersion !== version;

/** Verifies a complaint and sends it to a department (optionally correcting its category). */
export async function routeComplaint(
  db: Db,
  code: string,
  input: { departmentCode: string; categoryCode?: string; note?: string },
  ctx: ActorContext & { calendar: WorkingCalendar },
): Promise<CommandOutcome> {
  if (!canVerify(ctx.user)) return { ok: false, error: 'forbidden' };
  const user = ctx.user!;
  return db.transaction().execute(async (trx) => {
    const c = await repo.findComplaintByCode(trx, code);
    if (!c) return { ok: false, error: 'not_found' };
    const t = transition(c.state, 'route', 'verifier');
    if (!t.ok || stale(ctx, c.version)) return { ok: false, error: 'conflict' };
    const dept = await trx
      .selectFrom('departments')
      .select(['id', 'code'])
      .where('code', '=', input.departmentCode)
      .where('active', '=', 1)
      .executeTakeFirst();
    if (!dept) return { ok: false, error: 'invalid_department' };
    const category = input.categoryCode
      ? await repo.findCategoryByCode(trx, input.categoryCode)
      : await trx.selectFrom('categories').selectAll().where('id', '=', c.category_id).executeTakeFirst();
    if (!category) return { ok: false, error: 'invalid_category' };
    const now = ctx.now.getTime();
    const unitId = await unitFor(trx, category.id, { kelurahan: c.kelurahan_code, kecamatan: c.kecamatan_code }, dept.id);
    const changed = await repo.updateComplaintAtVersion(trx, c.id, c.version, {
      state: t.to,
      department_id: dept.id,
      unit_id: unitId,
      category_id: category.id,
      assigned_at: now,
      response_due_at: addWorkingDays(ctx.now, category.response_days, ctx.calendar).getTime(),
      resolution_due_at: addWorkingDays(ctx.now, category.resolution_days, ctx.calendar).getTime(),
      updated_at: now,
    });
    if (!changed) return { ok: false, error: 'conflict' };
    await repo.insertEvent(trx, {
      complaint_id: c.id,
      at: now,
      actor_user_id: user.id,
      actor_kind: 'verifier',
      action: 'route',
      from_state: t.from,
      to_state: t.to,
      note: input.note ?? '',
      visibility: 'public',
      department_id: dept.id,
      details: JSON.stringify({ category_from: c.category_code, category_to: category.code }),
    });
    await appendAudit(trx, {
      actor: { id: user.id, role: user.role },
      action: 'complaint.routed',
      objectType: 'complaint',
      objectId: c.code,
      requestId: ctx.requestId,
      at: ctx.now,
      details: { by: 'verifier', department: dept.code, category_from: c.category_code, category_to: category.code },
    });
    return { ok: true };
  });
}

/**
 * Rejects a complaint as spam, a duplicate (of another code: merged into it, supporters/merge.ts) or
 * outside the government's remit.
 */
export async function rejectComplaint(
  db: Db,
  code: string,
  input: { reason: RejectionReason; duplicateOf?: string; note: string },
  ctx: ActorContext,
): Promise<CommandOutcome> {
  if (!canVerify(ctx.user)) return { ok: false, error: 'forbidden' };
  const user = ctx.user!;
  try {
    return await db.transaction().execute(async (trx): Promise<CommandOutcome> => {
      const c = await findComplaintForWork(trx, code);
      if (!c) return { ok: false, error: 'not_found' };
      const t = transition(c.state, 'reject', 'verifier');
      if (!t.ok || stale(ctx, c.version)) return { ok: false, error: 'conflict' };
      const now = ctx.now.getTime();
      const patch = { state: t.to, rejection_reason: input.reason, rejected_at: now, closed_at: now, updated_at: now };
      let duplicateOf: { id: number; code: string } | null = null;
      let reporterNote = input.note;
      if (input.reason === 'duplicate') {
        if (!input.duplicateOf) return { ok: false, error: 'duplicate_not_found' };
        const merged = await mergeDuplicate(
          trx,
          c,
          input.duplicateOf,
          patch,
          { userId: user.id, role: user.role, kind: 'verifier' },
          { now: ctx.now, requestId: ctx.requestId, siteUrl: config().siteUrl },
        );
        if (!merged.ok) return merged;
        duplicateOf = { id: merged.originalId, code: merged.originalCode };
        reporterNote = [input.note, merged.reporterNote].filter(Boolean).join('\n\n');
      } else if (!(await repo.updateComplaintAtVersion(trx, c.id, c.version, { ...patch, duplicate_of_id: null }))) {
        return { ok: false, error: 'conflict' };
      }
      await repo.insertEvent(trx, {
        complaint_id: c.id,
        at: now,
        actor_user_id: user.id,
        actor_kind: 'verifier',
        action: 'reject',
        from_state: t.from,
        to_state: t.to,
        note: input.note,
        visibility: 'public',
        department_id: null,
        details: JSON.stringify({ reason: input.reason, duplicate_of: duplicateOf?.code ?? null }),
      });
      await appendAudit(trx, {
        actor: { id: user.id, role: user.role },
        action: 'complaint.rejected',
        objectType: 'complaint',
        objectId: code,
        requestId: ctx.requestId,
        at: ctx.now,
        details: { reason: input.reason, duplicate_of_id: duplicateOf?.id ?? null },
      });
      // The reporter hears of a rejection (every public event); spam is not answered; a merged
      // duplicate's reporter is told where it is handled now.
      await notifyRejection(trx, { code, reason: input.reason, note: reporterNote, now: ctx.now });
      return { ok: true };
    });
  } catch (e) {
    if (e instanceof MergeConflict) return { ok: false, error: 'conflict' };
    throw e;
  }
}

/** Raises the privacy level (public → anonymous → confidential); lowering is refused. */
export async function raisePrivacy(
  db: Db,
  code: string,
  input: { privacy: Privacy; note?: string },
  ctx: ActorContext,
): Promise<CommandOutcome> {
  if (!canVerify(ctx.user)) return { ok: false, error: 'forbidden' };
  const user = ctx.user!;
  return db.transaction().execute(async (trx) => {
    const c = await trx.selectFrom('complaints').select(['id', 'state', 'privacy', 'version']).where('code', '=', code).executeTakeFirst();
    if (!c) return { ok: false, error: 'not_found' };
    if (stale(ctx, c.version)) return { ok: false, error: 'conflict' };
    if (!canRaisePrivacy(c.privacy, input.privacy, c.state)) return { ok: false, error: 'privacy_not_higher' };
    const now = ctx.now.getTime();
    if (!(await repo.updateComplaintAtVersion(trx, c.id, c.version, { privacy: input.privacy, show_name: 0, updated_at: now })))
      return { ok: false, error: 'conflict' };
    await repo.insertEvent(trx, {
      complaint_id: c.id,
      at: now,
      actor_user_id: user.id,
      actor_kind: 'verifier',
      action: 'privacy_raised',
      from_state: c.state,
      to_state: c.state,
      note: input.note ?? '',
      visibility: 'internal',
      department_id: null,
      details: JSON.stringify({ from: c.privacy, to: input.privacy }),
    });
    await appendAudit(trx, {
      actor: { id: user.id, role: user.role },
      action: 'complaint.privacy_raised',
      objectType: 'complaint',
      objectId: code,
      requestId: ctx.requestId,
      at: ctx.now,
      details: { from: c.privacy, to: input.privacy },
    });
    return { ok: true };
  });
}
