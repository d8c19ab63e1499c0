import type { Actor } from '@uehub/contracts';
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
