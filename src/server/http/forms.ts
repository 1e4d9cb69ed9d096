// Reading request bodies: the size limit turned into a 413, a body that is not a form into a 400/415,
// and form values into plain objects with control characters removed.
import type { z } from 'zod';
import { config } from '../config.ts';
import { HttpError, PayloadTooLargeError } from './errors.ts';
import { isKeyOf, isMessageKey, type MessageKey } from '../../i18n/index.ts';

/** A request body that cannot be read as a form: wrong content type, no multipart boundary, garbage. */
export class UnreadableFormError extends HttpError {
  constructor(status: 400 | 415, message: string) {
    super(status, message);
    this.name = 'UnreadableFormError';
  }
}

/**
 * request.formData(), but a body over the limit becomes PayloadTooLargeError (413), and a body that is
 * not a form (JSON, text/plain, multipart without a boundary, broken encoding) UnreadableFormError,
 * instead of the TypeError undici throws, which would answer 500.
 */
export async function readForm(request: Request): Promise<FormData> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > config().bodyLimitBytes) throw new PayloadTooLargeError();
  const type = request.headers.get('content-type') ?? '';
  const mime = type.split(';')[0]!.trim().toLowerCase();
  if (mime !== 'application/x-www-form-urlencoded' && mime !== 'multipart/form-data') {
    throw new UnreadableFormError(415, 'expected application/x-www-form-urlencoded or multipart/form-data');
  }
  if (mime === 'multipart/form-data' && !/;\s*boundary=/i.test(type))
    throw new UnreadableFormError(400, 'multipart/form-data without a boundary');
  try {
    return await request.formData();
  } catch (e) {
    if (e instanceof Error && /limit|too large|exceed/i.test(e.message)) throw new PayloadTooLargeError();
    throw new UnreadableFormError(400, 'the form body could not be parsed');
  }
}

// C0 controls other than tab, LF and CR, and DEL. Word's Shift+Enter pastes \v; a NUL ends strings in C
// tools and PostgreSQL refuses it in text; none of them is allowed in the XML 1.0 of the Open311 feed.
const CONTROL_CHARS = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g;

/** Removes the control characters no typed text needs (keeps tab, line feed and carriage return). */
export function stripControlChars(s: string): string {
  return s.replace(CONTROL_CHARS, '');
}

/**
 * The text fields of a form as an object (files left out); repeated names become arrays. Every value is
 * stripped of control characters here, the one place every form and the Open311 POST read their input.
 */
export function formFields(form: FormData): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, raw] of form.entries()) {
    if (typeof raw !== 'string') continue;
    const v = stripControlChars(raw);
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

/** The first value of each field, for forms whose fields are single (a repeated name keeps its first). */
export function firstValues(fields: Record<string, string | string[]>): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, Array.isArray(v) ? v[0]! : v]));
}

/** The field name of an error that belongs to no field (a refinement of the whole form, a conflict). */
export const FORM_ERROR = 'form';

/**
 * A form's errors: a message key per field name, the form's own errors under FORM_ERROR. `K` is the kind
 * of key: a full catalogue key (MessageKey), or a key of one catalogue section for forms that name their
 * messages by that section (`consultations.errors`: 'titleRequired').
 */
export type FieldErrors<K extends string = MessageKey> = Record<string, K>;

/**
 * A form's zod errors as one message key per field (the first one), for the error summary and the fields.
 * A zod message that `isKey` does not accept (zod's own English text) becomes `fallback`.
 */
export function fieldErrorsOf<K extends string>(
  error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] },
  isKey: (message: string) => message is K,
  fallback: K,
): FieldErrors<K> {
  const out: FieldErrors<K> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? FORM_ERROR);
    out[field] ??= isKey(issue.message) ? issue.message : fallback;
  }
  return out;
}

/** The errors of a form whose zod messages are catalogue keys ('auth.errors.emailInvalid'). */
export function fieldErrors(error: z.ZodError): FieldErrors {
  return fieldErrorsOf(error, isMessageKey, 'common.errors.invalidField');
}

/**
 * The errors of a form whose zod messages are keys of one catalogue section (`id.consultations.errors`:
 * 'titleRequired'); zod's own text becomes the section's `invalid`.
 */
export function sectionErrors<T extends { invalid: unknown }>(error: z.ZodError, section: T): FieldErrors<keyof T & string> {
  return fieldErrorsOf(error, isKeyOf(section), 'invalid');
}
