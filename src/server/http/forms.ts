// Reading request bodies with the size limit turned into a 413, and form values into plain objects.
import { config } from '../config.ts';
import { PayloadTooLargeError } from './errors.ts';

/** request.formData(), but a body over the limit becomes PayloadTooLargeError (413), not a 500. */
export async function readForm(request: Request): Promise<FormData> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > config().bodyLimitBytes) throw new PayloadTooLargeError();
  try {
    return await request.formData();
  } catch (e) {
    if (e instanceof Error && /limit|too large|exceed/i.test(e.message)) throw new PayloadTooLargeError();
    throw e;
  }
}

/** The text fields of a form as an object (files left out); repeated names become arrays. */
export function formFields(form: FormData): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of form.entries()) {
    if (typeof v !== 'string') continue;
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

/** The first value of each field, for forms whose fields are single (a repeated name keeps its first). */
export function firstValues(fields: Record<string, string | string[]>): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, Array.isArray(v) ? v[0]! : v]));
}
