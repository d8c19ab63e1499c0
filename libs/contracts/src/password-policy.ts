import { dictionary } from '@zxcvbn-ts/language-common';
import { z } from 'zod';

/** Shortest password that may be set (NIST SP 800-63B asks for at least 8; we ask 12). */
export const MIN_PASSWORD_LENGTH = 12;

let common: Set<string> | undefined;

/** True for one of the ~49k most common passwords (zxcvbn-ts's list), compared case-insensitively. */
export function isCommonPassword(password: string): boolean {
  common ??= new Set(dictionary['passwords-common']);
  return common.has(password.toLowerCase());
}

/**
 * A password being set (new user, password change): long enough and not on the common list.
 * Login never applies it: a short password there simply fails to match.
 */
export const newPasswordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, { message: `must be at least ${MIN_PASSWORD_LENGTH} characters`, abort: true })
  .max(200)
  .refine((password) => !isCommonPassword(password), 'is one of the most common passwords; choose another');
