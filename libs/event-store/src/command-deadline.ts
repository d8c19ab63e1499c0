import type { RequestContext } from '@uehub/contracts';
import { AppError } from '@uehub/errors';

/** The session `statement_timeout` (libs/database SESSION_SETTINGS): a deadline never lengthens it. */
const SESSION_STATEMENT_TIMEOUT_MS = 30_000;

/** Milliseconds left before the caller's deadline (Infinity without one). */
export function timeLeft(context: RequestContext): number {
  return typeof context.deadline === 'number' ? context.deadline - Date.now() : Infinity;
}

/** Refuses work (or its commit) once the caller has stopped waiting: nobody would learn its outcome. */
export function assertBeforeDeadline(context: RequestContext, what: string): void {
  if (timeLeft(context) <= 0) throw new AppError('SERVICE_TIMEOUT', `The caller's deadline passed before ${what}; nothing was changed`);
}

/** The transaction-local `statement_timeout` that bounds every statement of a command by the time left (none without a deadline). */
export function deadlineSettings(context: RequestContext): Record<string, string> {
  const left = timeLeft(context);
  if (left === Infinity) return {};
  return { statement_timeout: `${Math.max(1, Math.min(SESSION_STATEMENT_TIMEOUT_MS, Math.floor(left)))}ms` };
}

/** A statement cancelled by that limit (SQLSTATE 57014) after the deadline is the caller's timeout, not a fault. */
export function deadlineError(error: unknown, context: RequestContext): AppError | undefined {
  if ((error as { code?: string })?.code === '57014' && timeLeft(context) <= 0) {
    return new AppError('SERVICE_TIMEOUT', "The caller's deadline passed while the command ran; nothing was changed");
  }
  return undefined;
}
