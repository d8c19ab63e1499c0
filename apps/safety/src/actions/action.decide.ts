import { MANAGER_ROLES, type ActionPriority, type ActionView, type Changes, type EventPayloads, type RequestContext, type UpdateActionInput } from '@uehub/contracts';
import { AppError } from '@uehub/errors';
import type { Decider, NewEvent } from '@uehub/event-store';

type Opened = EventPayloads['safety.action.opened'];

/** A corrective action folded. */
export type ActionState = Omit<ActionView, 'id' | 'overdue' | 'version' | 'createdAt' | 'updatedAt'> | null;

/** Days until an action is due when the caller gives no date: critical 1, high 3, medium 7, low 14. */
export const DUE_DAYS: Record<ActionPriority, number> = { critical: 1, high: 3, medium: 7, low: 14 };

export function defaultDueAt(priority: ActionPriority, at: string): string {
  return new Date(Date.parse(at) + DUE_DAYS[priority] * 86_400_000).toISOString();
}

export type ActionCommand =
  | { kind: 'open'; opened: Omit<Opened, 'dueAt'> & { dueAt?: string }; at: string }
  | { kind: 'update'; patch: UpdateActionInput; at: string }
  | { kind: 'resolve'; note: string; at: string }
  | { kind: 'verify'; at: string }
  | { kind: 'cancel'; reason: string; at: string }
  | { kind: 'mark_overdue'; at: string };

const OPEN = new Set(['open', 'in_progress']);

/** Action lifecycle: open → in_progress → resolved → verified, or cancelled with a reason; a manager other than the resolver verifies. */
export function decideAction(command: ActionCommand, state: ActionState, context: RequestContext): NewEvent[] {
  const by = context.actor.id;
  if (command.kind === 'open') {
    if (state) throw new AppError('ALREADY_EXISTS', 'The action exists already');
    const { opened, at } = command;
    return [{ type: 'safety.action.opened', data: { ...opened, dueAt: opened.dueAt ?? defaultDueAt(opened.priority, at) } }];
  }
  if (!state) throw new AppError('NOT_FOUND', 'No such action');
  switch (command.kind) {
    case 'update':
      return decideUpdate(command.patch, state, by, command.at);
    case 'resolve':
      if (!OPEN.has(state.status)) throw notAllowed(state, 'resolved');
      return [{ type: 'safety.action.resolved', data: { note: command.note, evidence: [], by, at: command.at } }];
    case 'verify': {
      if (state.status !== 'resolved') throw notAllowed(state, 'verified');
      const actor = context.actor;
      if (actor.kind !== 'user' || !MANAGER_ROLES.includes(actor.role)) throw new AppError('FORBIDDEN', 'Only a manager verifies an action');
      if (state.resolution?.by === by) throw new AppError('RULE_VIOLATED', 'The person who resolved an action cannot verify it');
      return [{ type: 'safety.action.verified', data: { by, at: command.at } }];
    }
    case 'cancel':
      if (state.status === 'verified' || state.status === 'cancelled') throw notAllowed(state, 'cancelled');
      return [{ type: 'safety.action.cancelled', data: { reason: command.reason, by, at: command.at } }];
    case 'mark_overdue':
      if (!OPEN.has(state.status) || state.overdueNotified || Date.parse(state.dueAt) >= Date.parse(command.at)) return [];
      return [{ type: 'safety.action.overdue', data: { dueAt: state.dueAt, at: command.at } }];
    default: {
      const unknown: never = command;
      throw new Error(`Unknown action command ${JSON.stringify(unknown)}`);
    }
  }
}

function decideUpdate(patch: UpdateActionInput, state: NonNullable<ActionState>, by: string, at: string): NewEvent[] {
  if (!OPEN.has(state.status)) throw notAllowed(state, 'changed');
  const events: NewEvent[] = [];
  const data: EventPayloads['safety.action.updated'] = {};
  const changes: Changes = {};
  for (const field of ['title', 'description', 'priority', 'assigneeId', 'dueAt'] as const) {
    const next = patch[field];
    if (next === undefined || next === state[field]) continue;
    changes[field] = { from: state[field], to: next };
    Object.assign(data, { [field]: next });
  }
  if (Object.keys(changes).length) events.push({ type: 'safety.action.updated', data, changes });
  if (patch.status === 'in_progress' && state.status === 'open') events.push({ type: 'safety.action.started', data: { by, at } });
  return events;
}

export function evolveAction(state: ActionState, event: NewEvent): ActionState {
  if (event.type === 'safety.action.opened') {
    return { ...event.data, status: 'open', resolution: null, verifiedBy: null, cancelReason: null, overdueNotified: false };
  }
  if (!state) return state;
  switch (event.type) {
    case 'safety.action.updated':
      // a new due date may pass again: it is announced again
      return { ...state, ...event.data, overdueNotified: event.data.dueAt !== undefined ? false : state.overdueNotified };
    case 'safety.action.overdue':
      return { ...state, overdueNotified: true };
    case 'safety.action.started':
      return { ...state, status: 'in_progress' };
    case 'safety.action.resolved':
      return { ...state, status: 'resolved', resolution: event.data };
    case 'safety.action.verified':
      return { ...state, status: 'verified', verifiedBy: event.data.by };
    case 'safety.action.cancelled':
      return { ...state, status: 'cancelled', cancelReason: event.data.reason };
    default:
      return state;
  }
}

export const actionDecider: Decider<ActionState, ActionCommand> = {
  initialState: null,
  decide: decideAction,
  evolve: evolveAction,
};

function notAllowed(state: NonNullable<ActionState>, what: string): AppError {
  return new AppError('RULE_VIOLATED', `An action that is ${state.status} cannot be ${what}`);
}
