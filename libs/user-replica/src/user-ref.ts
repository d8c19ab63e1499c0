import type { EventPayloads, UserView } from '@uehub/contracts';

/** What a replica row keeps of a user: the fields of auth's events other services read. */
export interface UserRefState {
  email: string | null;
  name: string | null;
  role: string | null;
  department: string | null;
  isActive: boolean;
}

/** A replica row: the user's state at one version of auth's stream. */
export interface UserRef extends UserRefState {
  id: string;
  version: number;
}

export type UserEventType = Extract<keyof EventPayloads, `auth.user.${string}`>;

/** One `auth.user.*` event: its type and payload, typed together. */
export type UserEvent = { [T in UserEventType]: { type: T; data: EventPayloads[T] } }[UserEventType];

export function isUserEvent(event: { type: string }): event is UserEvent {
  return event.type.startsWith('auth.user.');
}

/**
 * Folds one `auth.user.*` event into a replica row (null before the user's creation): the one
 * place the meaning of a user event for a replica is written. The consumer writes what it
 * computes; the rebuild check folds the whole stream with it.
 */
export function evolveUserRef(state: UserRefState | null, event: UserEvent): UserRefState | null {
  switch (event.type) {
    case 'auth.user.created': {
      const { email, name, role, department, isActive } = event.data;
      return { email, name, role, department: department ?? null, isActive };
    }
    case 'auth.user.updated': {
      if (!state) return state;
      const { name, department } = event.data;
      return { ...state, ...(name !== undefined && { name }), ...(department !== undefined && { department }) };
    }
    case 'auth.user.role_changed':
      return state && { ...state, role: event.data.to };
    case 'auth.user.deactivated':
      return state && { ...state, isActive: false };
    case 'auth.user.reactivated':
      return state && { ...state, isActive: true };
    case 'auth.user.password_changed':
      return state;
    default:
      return keptAsIs(event, state);
  }
}

/** A user event this build does not know yet (the type check says when one is added): the row keeps what it has, its version moves. */
function keptAsIs(_event: never, state: UserRefState | null): UserRefState | null {
  return state;
}

/** The replica row of auth's current view of a user (what `auth.users.get` answers). */
export function userRefOf(user: UserView): UserRef {
  return { id: user.id, email: user.email, name: user.name, role: user.role, department: user.department, isActive: user.isActive, version: user.version };
}
