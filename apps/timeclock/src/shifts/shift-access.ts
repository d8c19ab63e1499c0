import type { Actor, RequestContext } from '@uehub/contracts';
import { AppError } from '@uehub/errors';

/** Roles that read everybody's time records (auditors read, and change nothing). */
const READ_ALL = new Set(['superadmin', 'admin', 'manager', 'auditor']);

export function readsAll(actor: Actor): boolean {
  return actor.kind === 'user' && READ_ALL.has(actor.role);
}

/** Workers and employees see their own records only. */
export function assertMayRead(actor: Actor, userId: string): void {
  if (readsAll(actor) || (actor.kind === 'user' && actor.id === userId)) return;
  throw new AppError('FORBIDDEN', 'You may read only your own time records');
}

/** Whoever asked for a correction does not resolve it (as nobody approves their own week). */
export function assertNotOwnRequest(requesterId: string, context: RequestContext): void {
  if (context.actor.id === requesterId) throw new AppError('FORBIDDEN', 'You may not resolve your own correction request');
}
