// What a new password must be: 8–128 characters and not one of the most common passwords.
import { COMMON_PASSWORDS_TEXT } from './common-passwords.data.ts';

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

let common: Set<string> | undefined;

export function isCommonPassword(password: string): boolean {
  common ??= new Set(
    COMMON_PASSWORDS_TEXT.split('\n')
      .map((l) => l.trim())
      .filter(Boolean),
  );
  return common.has(password.trim().toLowerCase());
}

export type PasswordProblem = 'tooShort' | 'tooLong' | 'common' | null;

/** Why a new password is refused, or null when it is acceptable. Length counts characters, not bytes. */
export function passwordProblem(password: string): PasswordProblem {
  const length = [...password].length;
  if (length < PASSWORD_MIN) return 'tooShort';
  if (length > PASSWORD_MAX) return 'tooLong';
  if (isCommonPassword(password)) return 'common';
  return null;
}
