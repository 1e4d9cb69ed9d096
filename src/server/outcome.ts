// The shape every command answers with: success with its payload, or a refusal named by a snake_case code
// (an expected answer, not an exception: thrown errors stay for what the caller cannot handle).

import type { MessageKey } from '../i18n/index.ts';

/** A refusal: `error` is the snake_case code, `X` any detail the caller needs (the field, a retry time). */
export type Failure<E extends string = string, X extends object = object> = { ok: false; error: E } & X;

/** A command's outcome: `{ ok: true }` with its payload, or a refusal. */
export type Outcome<T extends object = object, E extends string = string> = ({ ok: true } & T) | Failure<E>;

/** A refusal tied to one form field; `message` is the i18n key shown next to it. */
export type FieldFailure = Failure<'invalid', { field: string; message: MessageKey }>;
