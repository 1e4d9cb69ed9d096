// Reading request bodies: the size limit turned into a 413, a body that is not a form into a 400/415,
// and form values into plain objects with control characters removed.
import { config } from '../config.ts';
import { HttpError, PayloadTooLargeError } from './errors.ts';

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

export interface FieldErrorOptions {
  /** The key of an error that belongs to no field (a refinement of the whole form). */
  formKey: string;
  /** Whether a zod message is one of the form's message keys; any other message becomes `fallback`. */
  isKey: (message: string) => boolean;
  /** The message key shown for a zod message that is not a key (zod's own English text). */
  fallback: string;
}

/** A form's zod errors as one message key per field (the first one), for the error summary and fields. */
export function fieldErrorsOf(
  error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] },
  o: FieldErrorOptions,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? o.formKey);
    out[key] ??= o.isKey(issue.message) ? issue.message : o.fallback;
  }
  return out;
}
