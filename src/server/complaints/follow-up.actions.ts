// The reporter's follow-up forms (confirm, dispute, rate, add information): each entry parses its fields,
// calls the resident workflow command and names the outcome. A refused command is a 409 (the complaint
// moved on, or the window closed); bad input is a 422.
import type { MessageKey } from '../../i18n/index.ts';
import { FOLLOW_UP_POSTS } from '../limits.ts';
import type { Db } from '../db/index.ts';
import { invalidForm, rateLimited, runPageAction, type ActionRefusal, type ActionTable } from '../http/page-actions.ts';
import { consume, rateLimitKey } from '../security/rate-limit.ts';
import { disputeSchema, infoSchema, rateSchema } from '../workflow/workflow.schema.ts';
import {
  addReporterInformation,
  confirmResolution,
  disputeResolution,
  rateComplaint,
  type ReporterContext,
  type ResidentError,
  type ResidentOutcome,
} from '../workflow/resident.service.ts';
import { fieldErrors } from '../http/forms.ts';
import { readChosenPhotos } from './complaint-photos.ts';

export interface FollowUpInput {
  db: Db;
  code: string;
  form: FormData;
  values: Record<string, string>;
  ctx: ReporterContext;
  uploadDir: string;
  clientIp: string;
}

export type FollowUpResult = { ok: true } | ActionRefusal;

const MESSAGES: Partial<Record<ResidentError, MessageKey>> = {
  too_late: 'workflow.reporter.tooLate',
  already_rated: 'workflow.reporter.alreadyRated',
};

async function outcomeOf(run: Promise<ResidentOutcome>): Promise<FollowUpResult> {
  const r = await run;
  if (r.ok) return r;
  if (r.error === 'not_found') return { ok: false, status: 404, errors: {} };
  return { ok: false, status: 409, errors: {}, message: MESSAGES[r.error] };
}

const ACTIONS: ActionTable<FollowUpInput, FollowUpResult> = {
  confirm: ({ db, code, ctx }) => outcomeOf(confirmResolution(db, code, ctx)),
  dispute: async ({ db, code, values, ctx }) => {
    const p = disputeSchema.safeParse(values);
    return p.success ? outcomeOf(disputeResolution(db, code, { reason: p.data.note }, ctx)) : invalidForm(fieldErrors(p.error));
  },
  rate: async ({ db, code, values, ctx }) => {
    const p = rateSchema.safeParse(values);
    return p.success ? outcomeOf(rateComplaint(db, code, p.data, ctx)) : invalidForm(fieldErrors(p.error));
  },
  info: async ({ db, code, form, values, ctx, uploadDir }) => {
    const p = infoSchema.safeParse(values);
    const chosen = await readChosenPhotos(form, 'photo', 1);
    if (!p.success) return invalidForm({ ...fieldErrors(p.error), ...(chosen.ok ? {} : chosen.errors) });
    if (!chosen.ok) return invalidForm(chosen.errors);
    return outcomeOf(addReporterInformation(db, code, { note: p.data.note }, chosen.photos, { ...ctx, uploadDir }));
  },
};

/** Runs the posted action (30 in 10 minutes per address); undefined when the form names none (the page answers 404). */
export async function runFollowUpAction(input: FollowUpInput): Promise<FollowUpResult | undefined> {
  const limit = await consume(input.db, rateLimitKey('follow-up', input.clientIp), FOLLOW_UP_POSTS);
  if (!limit.allowed) return rateLimited('workflow.reporter.rateLimited', limit.retryAfterMs);
  return runPageAction(ACTIONS, input.values.action, input);
}
