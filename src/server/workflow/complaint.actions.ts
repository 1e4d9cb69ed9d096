// The forms of the staff complaint page (take, take over, assign, respond, note, transfer, priority, resolve,
// duplicate): each entry parses its fields, calls the workflow command and names the outcome. A lost race
// or stale page is a 409 (the page re-renders as it is now, what was typed kept); bad input is a 422.
import type { MessageKey } from '../../i18n/index.ts';
import { STAFF_COMPLAINT_ACTIONS } from '../limits.ts';
import type { Db } from '../db/index.ts';
import { loadCalendar } from '../calendar/calendar.repository.ts';
import { fieldErrors } from '../http/forms.ts';
import { readChosenPhotos } from '../complaints/complaint-photos.ts';
import { invalidForm, rateLimited, runPageAction, type ActionRefusal, type ActionTable } from '../http/page-actions.ts';
import { consume, rateLimitKey } from '../security/rate-limit.ts';
import {
  assignSchema,
  duplicateSchema,
  noteSchema,
  prioritySchema,
  resolveSchema,
  respondSchema,
  transferSchema,
} from './workflow.schema.ts';
import {
  addInternalNote,
  assignComplaint,
  rejectAsDuplicate,
  resolveComplaint,
  respondToComplaint,
  setComplaintPriority,
  takeComplaint,
  takeOverComplaint,
  transferComplaint,
  type StaffContext,
  type WorkflowError,
  type WorkflowOutcome,
} from './workflow.service.ts';

export interface StaffActionInput {
  db: Db;
  code: string;
  form: FormData;
  values: Record<string, string>;
  ctx: StaffContext & { user: NonNullable<StaffContext['user']> };
  uploadDir: string;
}

export type StaffActionResult = { ok: true } | ActionRefusal;

/** The field (or page message) each refusal is shown at; the rest say only that the complaint changed. */
const ERROR_FIELDS: Partial<Record<WorkflowError, { field: string; key: MessageKey }>> = {
  invalid_assignee: { field: 'assignee', key: 'workflow.errors.assigneeRequired' },
  invalid_department: { field: 'department', key: 'workflow.errors.departmentRequired' },
  same_department: { field: 'department', key: 'workflow.errors.sameDepartment' },
  duplicate_not_found: { field: 'duplicate_of', key: 'workflow.errors.duplicateNotFound' },
  photo_required: { field: 'photo', key: 'credit.resolve.photoRequired' },
  original_rejected: { field: 'duplicate_of', key: 'supporters.errors.originalRejected' },
};
const ERROR_MESSAGES: Partial<Record<WorkflowError, MessageKey>> = {
  // Someone else's complaint (taken or assigned since the page loaded): the page now offers the take-over.
  not_assignee: 'credit.takeOver.needed',
  support_open: 'collaboration.lead.resolveBlocked',
};
const CONFLICTS: ReadonlySet<WorkflowError> = new Set(['conflict', 'not_assignee', 'support_open']);

async function outcomeOf(run: Promise<WorkflowOutcome>): Promise<StaffActionResult> {
  const r = await run;
  if (r.ok) return r;
  if (r.error === 'not_found') return { ok: false, status: 404, errors: {} };
  const field = ERROR_FIELDS[r.error];
  return {
    ok: false,
    status: CONFLICTS.has(r.error) ? 409 : 422,
    errors: field ? { [field.field]: field.key } : {},
    message: ERROR_MESSAGES[r.error],
  };
}

const ACTIONS: ActionTable<StaffActionInput, StaffActionResult> = {
  take: ({ db, code, ctx }) => outcomeOf(takeComplaint(db, code, ctx)),
  takeover: ({ db, code, ctx }) => outcomeOf(takeOverComplaint(db, code, ctx)),
  assign: async ({ db, code, values, ctx }) => {
    const p = assignSchema.safeParse(values);
    return p.success ? outcomeOf(assignComplaint(db, code, { assigneeId: p.data.assignee }, ctx)) : invalidForm(fieldErrors(p.error));
  },
  respond: async ({ db, code, values, ctx }) => {
    const p = respondSchema.safeParse(values);
    return p.success ? outcomeOf(respondToComplaint(db, code, { note: p.data.note }, ctx)) : invalidForm(fieldErrors(p.error));
  },
  note: async ({ db, code, values, ctx }) => {
    const p = noteSchema.safeParse(values);
    return p.success ? outcomeOf(addInternalNote(db, code, { note: p.data.note }, ctx)) : invalidForm(fieldErrors(p.error));
  },
  transfer: async ({ db, code, values, ctx }) => {
    const p = transferSchema.safeParse(values);
    if (!p.success) return invalidForm(fieldErrors(p.error));
    const input = { departmentCode: p.data.department, reason: p.data.note };
    return outcomeOf(transferComplaint(db, code, input, { ...ctx, calendar: await loadCalendar(db) }));
  },
  priority: async ({ db, code, values, ctx }) => {
    const p = prioritySchema.safeParse(values);
    return p.success ? outcomeOf(setComplaintPriority(db, code, { priority: p.data.priority }, ctx)) : invalidForm(fieldErrors(p.error));
  },
  resolve: async ({ db, code, form, values, ctx, uploadDir }) => {
    const p = resolveSchema.safeParse(values);
    const chosen = await readChosenPhotos(form, 'photo', 1);
    if (!p.success) return invalidForm({ ...fieldErrors(p.error), ...(chosen.ok ? {} : chosen.errors) });
    if (!chosen.ok) return invalidForm(chosen.errors);
    const point = p.data.latitude !== undefined && p.data.longitude !== undefined ? { lat: p.data.latitude, lon: p.data.longitude } : null;
    return outcomeOf(resolveComplaint(db, code, { note: p.data.note, point }, chosen.photos, { ...ctx, uploadDir }));
  },
  duplicate: async ({ db, code, values, ctx }) => {
    const p = duplicateSchema.safeParse(values);
    if (!p.success) return invalidForm(fieldErrors(p.error));
    return outcomeOf(rejectAsDuplicate(db, code, { duplicateOf: p.data.duplicate_of, note: p.data.note }, ctx));
  },
};

/** Runs the posted action (600 an hour per officer); undefined when the form names none (the page answers 404). */
export async function runStaffComplaintAction(input: StaffActionInput): Promise<StaffActionResult | undefined> {
  const limit = await consume(input.db, rateLimitKey('workflow', String(input.ctx.user.id)), STAFF_COMPLAINT_ACTIONS);
  if (!limit.allowed) return rateLimited('workflow.staff.rateLimited', limit.retryAfterMs);
  return runPageAction(ACTIONS, input.values.action, input);
}
