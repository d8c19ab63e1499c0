import {
  ADMIN_ROLES,
  PRIVILEGED_ROLES,
  type Actor,
  type Changes,
  type EventPayloads,
  type Role,
  type UpdateUserInput,
  type UserSnapshot,
} from '@uehub/contracts';
import { AppError } from '@uehub/errors';
import type { Decider, NewEvent } from '@uehub/event-store';

/** The decision state of a user stream: a fold of its events (null before creation). */
export type UserState = UserSnapshot | null;

export type UserCommand =
  | { kind: 'create'; user: UserSnapshot }
  | { kind: 'update'; patch: UpdateUserInput }
  | { kind: 'deactivate'; userId: string }
  | { kind: 'reactivate' }
  | { kind: 'change_password'; userId: string };

const EDITABLE: (keyof UpdateUserInput & keyof UserSnapshot)[] = ['name', 'phone', 'department', 'notes'];

/** Pure rules: a command, the current state and the actor go in; events come out (or a refusal). */
export function decideUser(command: UserCommand, state: UserState, actor: Actor): NewEvent[] {
  switch (command.kind) {
    case 'create':
      if (state) throw new AppError('ALREADY_EXISTS', 'The user exists already');
      assertMayGrant(actor, command.user.role);
      return [{ type: 'auth.user.created', data: command.user }];
    case 'update':
      return decideUpdate(command.patch, existing(state), actor);
    case 'deactivate': {
      const user = existing(state);
      if (actor.id === command.userId) throw new AppError('RULE_VIOLATED', 'You cannot deactivate yourself');
      assertMayManage(actor, user.role);
      if (!user.isActive) throw new AppError('RULE_VIOLATED', 'The user is already deactivated');
      return [{ type: 'auth.user.deactivated', data: {}, changes: { isActive: { from: true, to: false } } }];
    }
    case 'reactivate': {
      const user = existing(state);
      assertMayManage(actor, user.role);
      if (user.isActive) throw new AppError('RULE_VIOLATED', 'The user is already active');
      return [{ type: 'auth.user.reactivated', data: {}, changes: { isActive: { from: false, to: true } } }];
    }
    case 'change_password': {
      const user = existing(state);
      if (actor.id !== command.userId) throw new AppError('FORBIDDEN', 'Only the user may change their password');
      if (!user.isActive) throw new AppError('RULE_VIOLATED', 'The user is deactivated');
      return [{ type: 'auth.user.password_changed', data: {} }];
    }
    default: {
      const unknownCommand: never = command;
      throw new Error(`Unknown user command ${JSON.stringify(unknownCommand)}`);
    }
  }
}

function decideUpdate(patch: UpdateUserInput, user: UserSnapshot, actor: Actor): NewEvent[] {
  assertMayManage(actor, user.role);
  const events: NewEvent[] = [];
  const changes: Changes = {};
  const data: EventPayloads['auth.user.updated'] = {};
  for (const field of EDITABLE) {
    const next = patch[field];
    if (next === undefined || next === user[field]) continue;
    changes[field] = { from: user[field], to: next };
    Object.assign(data, { [field]: next });
  }
  if (Object.keys(changes).length) events.push({ type: 'auth.user.updated', data, changes });
  if (patch.role && patch.role !== user.role) {
    assertMayGrant(actor, patch.role);
    events.push({
      type: 'auth.user.role_changed',
      data: { from: user.role, to: patch.role },
      changes: { role: { from: user.role, to: patch.role } },
    });
  }
  return events;
}

/** Folds one event into the state. */
export function evolveUser(state: UserState, event: NewEvent): UserState {
  if (event.type === 'auth.user.created') return { ...event.data };
  if (!state) return state;
  switch (event.type) {
    case 'auth.user.updated':
      return { ...state, ...event.data };
    case 'auth.user.role_changed':
      return { ...state, role: event.data.to };
    case 'auth.user.deactivated':
      return { ...state, isActive: false };
    case 'auth.user.reactivated':
      return { ...state, isActive: true };
    default:
      return state;
  }
}

/** The user rules as the command handler and the decider specification take them (the actor comes from the context). */
export const userDecider: Decider<UserState, UserCommand> = {
  initialState: null,
  decide: (command, state, context) => decideUser(command, state, context.actor),
  evolve: evolveUser,
};

function existing(state: UserState): UserSnapshot {
  if (!state) throw new AppError('NOT_FOUND', 'No such user');
  return state;
}

function roleOf(actor: Actor): Role | null {
  return actor.kind === 'user' ? actor.role : null;
}

/** The in-process actor that creates the first superadmin at start-up (never reachable over NATS). */
export const BOOTSTRAP_ACTOR_ID = 'bootstrap';

/**
 * Admins manage people; only a superadmin manages admins and superadmins. Of the services,
 * only auth's own bootstrap may: no service principal manages users.
 */
function assertMayManage(actor: Actor, targetRole: Role): void {
  if (actor.kind === 'system' && actor.id === BOOTSTRAP_ACTOR_ID) return;
  const role = roleOf(actor);
  if (!role || !ADMIN_ROLES.includes(role)) throw new AppError('FORBIDDEN', 'Only an admin may manage users');
  if (PRIVILEGED_ROLES.includes(targetRole) && role !== 'superadmin') {
    throw new AppError('FORBIDDEN', 'Only a superadmin may manage an admin or superadmin');
  }
}

function assertMayGrant(actor: Actor, role: Role): void {
  assertMayManage(actor, role);
}
