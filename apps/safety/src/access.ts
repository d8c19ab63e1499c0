import { EMPLOYEE_ROLES, MANAGER_ROLES, type Actor, type RequestContext } from '@uehub/contracts';
import { AppError } from '@uehub/errors';

/** Managers and up act on anyone's inspections and actions. */
export function isManager(actor: Actor): boolean {
  return actor.kind === 'user' && MANAGER_ROLES.includes(actor.role);
}

/** Workers see only their own inspections and actions; employees, managers and auditors see all. */
export function seesOnlyOwn(actor: Actor): boolean {
  return actor.kind === 'user' && actor.role === 'worker';
}

/** Anyone but an auditor (who reads and changes nothing) may work on what is theirs. */
export function assertMayWork(context: RequestContext, ownerId: string | null, what: string): void {
  const { actor } = context;
  if (isManager(actor)) return;
  const worksHere = actor.kind === 'user' && (EMPLOYEE_ROLES.includes(actor.role) || actor.role === 'worker');
  if (!worksHere || actor.id !== ownerId) throw new AppError('FORBIDDEN', `Only the owner or a manager may ${what}`);
}

/** A worker asking for someone else's record is told it does not exist. */
export function assertMaySee(actor: Actor, ownerId: string | null, what: string): void {
  if (seesOnlyOwn(actor) && actor.id !== ownerId) throw new AppError('NOT_FOUND', `No such ${what}`);
}
