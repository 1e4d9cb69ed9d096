// How a page with several forms runs the one posted: a table from the form's action (or intent) field to a
// function that parses the fields, calls the command and names the outcome. The page keeps the rest
// (guard, redirect, re-render with the errors).
import type { MessageKey, Translate } from '../../i18n/index.ts';
import type { FieldErrors } from './forms.ts';

/** A refused action: the status to answer with and the messages (i18n keys) for the re-rendered form. */
export interface ActionRefusal {
  ok: false;
  status: number;
  /** Field name to i18n key. */
  errors: FieldErrors;
  /** An i18n key for the page's message, when the refusal is not about one field. */
  message?: MessageKey;
  /** The values the message names (minutes to wait, …). */
  messageValues?: Record<string, string | number>;
}

export type ActionTable<I, R> = Readonly<Record<string, (input: I) => Promise<R>>>;

/** Runs the table's entry for `name`; undefined when the form names no action of the table. */
export function runPageAction<I, R>(table: ActionTable<I, R>, name: string | undefined, input: I): Promise<R> | undefined {
  if (name === undefined || !Object.hasOwn(table, name)) return undefined;
  return table[name]!(input);
}

/** A form that did not parse: 422 with the fields' messages. */
export const invalidForm = (errors: FieldErrors): ActionRefusal => ({ ok: false, status: 422, errors });

/** Too many posts: 429 with the page's message saying in how many minutes to try again. */
export const rateLimited = (message: MessageKey, retryAfterMs: number): ActionRefusal => ({
  ok: false,
  status: 429,
  errors: {},
  message,
  messageValues: { minutes: Math.max(1, Math.ceil(retryAfterMs / 60000)) },
});

/** What a page shows for a refusal: the fields' messages (still keys) and its own message, translated. */
export function shownRefusal(r: ActionRefusal, t: Translate): { errors: FieldErrors; message: string | undefined } {
  return { errors: r.errors, message: r.message ? t(r.message, r.messageValues) : undefined };
}
