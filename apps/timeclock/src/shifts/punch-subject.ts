import { MANAGER_ROLES, type PunchInput, type RequestContext } from '@uehub/contracts';
import { AppError, assertActorRole } from '@uehub/errors';

/**
 * Whose punch this is. Anyone but an auditor punches for themself; a manager (or up) may
 * punch for someone else or enter a time outside the offline window, always with a reason.
 */
export function punchSubject(input: PunchInput, context: RequestContext): string {
  const { actor } = context;
  if (actor.kind !== 'user' || actor.role === 'auditor') throw new AppError('FORBIDDEN', 'Auditors read time records and change nothing');
  const forOther = input.userId !== undefined && input.userId !== actor.id;
  if (forOther || input.reason !== undefined) assertActorRole(actor, MANAGER_ROLES, 'punch for someone else or enter a punch with a reason');
  if (forOther && input.reason === undefined) {
    throw new AppError('VALIDATION_FAILED', 'A punch for someone else needs a reason', [{ path: 'reason', message: 'required when userId is given' }]);
  }
  return input.userId ?? actor.id;
}

/** The command's context: a `punchId` is the punch's idempotency key (the shared mechanism), else the request's own key. */
export function punchContext(input: PunchInput, context: RequestContext): RequestContext {
  return input.punchId ? { ...context, idempotencyKey: `punch:${input.punchId}` } : context;
}
