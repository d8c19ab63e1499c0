import type { EntityManager } from '@mikro-orm/postgresql';
import type { BackendService, EventEnvelope } from '@uehub/contracts';
import type { UserRefState } from './user-ref';

/** The services that keep a replica of auth's users. */
export type ReplicaService = Extract<BackendService, 'inventory' | 'timeclock' | 'safety'>;

/** Columns a replica may keep besides id, email, name, role, is_active and version. */
export type OptionalUserColumn = 'department';

/** Which service's replica: its table is `<service>.<service>_user_refs`, its durable the service's first in `EVENT_CONSUMERS`. */
export interface UserReplicaOptions {
  service: ReplicaService;
  /** Optional columns this service's table has (timeclock groups hours by department). */
  keeps?: readonly OptionalUserColumn[];
}

/** A change the consumer applied to a replica row, for a service's own follow-up in the same transaction. */
export interface ReplicaChange {
  userId: string;
  /** The row before (undefined: the replica did not know the user). */
  before: UserRefState | undefined;
  after: UserRefState;
  /** The event that made the change (when it skipped versions, the latest one: the row is auth's snapshot). */
  event: EventEnvelope;
}

/**
 * The extension point of a service: runs in the consumer's transaction after each change to a
 * replica row (timeclock closes the open shift of a user who is now inactive). Throwing rolls
 * the change back and the event is retried.
 */
export interface UserReplicaHook {
  applied(tx: EntityManager, change: ReplicaChange): Promise<void>;
}

export const USER_REPLICA_OPTIONS = Symbol('USER_REPLICA_OPTIONS');
export const USER_REPLICA_HOOKS = Symbol('USER_REPLICA_HOOKS');

/** The schema-qualified replica table of a service. */
export function userRefsTable(service: ReplicaService): string {
  return `${service}.${service}_user_refs`;
}
