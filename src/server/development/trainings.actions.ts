// The forms of a training's page (edit, state, enrol, withdraw, attendance, completion, certificate):
// parse with zod, call the command, and name the outcome — a 303 target on success, or a status with
// messages (keys under trainings.errors.*) for the form they belong to.
import type { Db } from '../db/index.ts';
import type { SessionUser } from '../auth/session.ts';
import { TRAINING_STATES } from './training.tables.ts';
import { cancelInput, certificateInput, enrolInput, fieldErrors, trainingInput, versionInput } from './trainings.schema.ts';
import { moveTraining, updateTraining } from './trainings.service.ts';
import {
  completeParticipants,
  enrolParticipant,
  recordAttendance,
  setCertificate,
  withdrawParticipant,
} from './training-participants.service.ts';
import type { TrainingError } from './trainings.command.ts';

export type TrainingActionResult =
  | { ok: true; done: 'saved' | 'enrolled' | 'attendance' | 'completed'; anchor?: string }
  | { ok: false; status: 404 | 409 | 422; errors: Record<string, string>; /** The form the errors belong to. */ target: string };

export function statusOf(e: TrainingError): 404 | 409 | 422 {
  return e === 'not_found' ? 404 : e === 'stale' ? 409 : 422;
}

export function errorsOf(e: TrainingError): Record<string, string> {
  if (e === 'capacity') return { form: 'capacity_full' };
  if (e === 'unknown_nip' || e === 'duplicate') return { nip: e };
  if (e === 'competency') return { competency: e };
  return { form: e };
}

export async function runTrainingAction(
  db: Db,
  opts: { user: SessionUser; trainingId: number; fields: Record<string, string | string[]>; now: Date; requestId?: string },
): Promise<TrainingActionResult> {
  const all = opts.fields;
  const fields = Object.fromEntries(Object.entries(all).map(([k, v]) => [k, Array.isArray(v) ? v[0]! : v]));
  const intent = fields.intent ?? '';
  const target = intent === 'certificate' ? `cert-${fields.participant ?? ''}` : intent;
  const ctx = { actor: opts.user, now: opts.now, requestId: opts.requestId };
  const invalid = (errors: Record<string, string>): TrainingActionResult => ({ ok: false, status: 422, errors, target });
  const failed = (e: TrainingError): TrainingActionResult => ({ ok: false, status: statusOf(e), errors: errorsOf(e), target });
  const v = versionInput.safeParse(fields);
  if (!v.success) return invalid({ form: 'invalid' });
  const version = v.data.version;
  const id = opts.trainingId;
  const participant = Number(fields.participant);

  switch (intent) {
    case 'edit': {
      const p = trainingInput.safeParse(fields);
      if (!p.success) return invalid(fieldErrors(p.error));
      const r = await updateTraining(db, ctx, id, version, p.data);
      return r.ok ? { ok: true, done: 'saved' } : failed(r.error);
    }
    case 'move': {
      const to = TRAINING_STATES.find((s) => s === fields.to);
      if (!to || to === 'cancelled') return invalid({ form: 'transition' });
      const r = await moveTraining(db, ctx, id, version, to);
      return r.ok ? { ok: true, done: 'saved' } : failed(r.error);
    }
    case 'cancel': {
      const p = cancelInput.safeParse(fields);
      if (!p.success) return invalid(fieldErrors(p.error));
      const r = await moveTraining(db, ctx, id, version, 'cancelled', p.data.reason);
      return r.ok ? { ok: true, done: 'saved' } : failed(r.error);
    }
    case 'enrol': {
      const p = enrolInput.safeParse(fields);
      if (!p.success) return invalid(fieldErrors(p.error));
      const r = await enrolParticipant(db, ctx, id, version, p.data);
      return r.ok ? { ok: true, done: 'enrolled', anchor: 'participants' } : failed(r.error);
    }
    case 'withdraw': {
      if (!Number.isInteger(participant)) return invalid({ form: 'participant' });
      const r = await withdrawParticipant(db, ctx, id, version, participant);
      return r.ok ? { ok: true, done: 'saved', anchor: 'participants' } : failed(r.error);
    }
    case 'attendance': {
      const raw = all.present;
      const ticks = new Set(
        (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter((x) => /^\d{1,9}\|\d{4}-\d{2}-\d{2}$/.test(x)),
      );
      const r = await recordAttendance(db, ctx, id, version, ticks);
      return r.ok ? { ok: true, done: 'attendance', anchor: 'attendance' } : failed(r.error);
    }
    case 'complete': {
      const r = await completeParticipants(
        db,
        ctx,
        id,
        version,
        fields.which === 'present' ? 'present' : Number.isInteger(participant) ? [participant] : [],
      );
      return r.ok ? { ok: true, done: 'completed', anchor: 'participants' } : failed(r.error);
    }
    case 'certificate': {
      const p = certificateInput.safeParse(fields);
      if (!p.success || !Number.isInteger(participant)) return invalid(p.success ? { form: 'participant' } : fieldErrors(p.error));
      const r = await setCertificate(db, ctx, id, version, participant, p.data.certificate_no);
      return r.ok ? { ok: true, done: 'saved', anchor: 'participants' } : failed(r.error);
    }
    default:
      return invalid({ form: 'invalid' });
  }
}
