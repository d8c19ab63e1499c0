import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { EventEnvelope, UserView } from '@uehub/contracts';
import { eventOf, type EventHandler } from '@uehub/event-store';
import { evolveUserRef, isUserEvent, userRefOf, type UserRef } from './user-ref';
import { UserRefs } from './user-refs.service';
import { USER_REPLICA_HOOKS, type UserReplicaHook } from './user-replica.options';

/** What `prepare` fetched from auth before the transaction: auth's current user (undefined: auth does not know it). */
type Fetched = { snapshot: UserView | undefined } | undefined;

/**
 * Applies `auth.user.*` events to the replica, only when newer than the row: the row is what
 * `evolveUserRef` makes of it. Delivery across replicas is not ordered: when an event skips
 * versions the replica cannot fill the gap from it, so it takes auth's current snapshot instead.
 * That snapshot is fetched in `prepare`, before the consumer's transaction opens, so no row lock
 * waits on auth; while auth is unavailable the consumer holds the event (an outage delays the
 * replica, never loses an update). Each change is then handed to the service's hooks.
 */
@Injectable()
export class UserReplicaHandler implements EventHandler<Fetched> {
  constructor(
    private readonly refs: UserRefs,
    @Inject(USER_REPLICA_HOOKS) private readonly hooks: UserReplicaHook[],
  ) {}

  async prepare(envelope: EventEnvelope, batch: readonly EventEnvelope[]): Promise<Fetched> {
    if (envelope.type === 'auth.user.created') return undefined;
    const { id, version } = envelope.stream;
    const held = (await this.refs.versionOf(id)) ?? 0;
    // the versions in between arrive in the same batch (a backlog): no need to ask auth
    const inBatch = new Set(batch.filter((e) => e.stream.id === id).map((e) => e.stream.version));
    let missing = false;
    for (let v = held + 1; v < version && !missing; v++) missing = !inBatch.has(v);
    if (!missing) return undefined;
    return { snapshot: await this.refs.fetchFromAuth(id) };
  }

  async handle(tx: EntityManager, envelope: EventEnvelope, _delivery: unknown, fetched?: Fetched): Promise<void> {
    const { id, version } = envelope.stream;
    const row = await this.refs.lockRow(tx, id);
    if (row && row.version >= version) return;
    const next = this.next(row, envelope, fetched);
    if (!next) return;
    await this.refs.upsert(tx, next);
    for (const hook of this.hooks) await hook.applied(tx, { userId: id, before: row, after: next, event: envelope });
  }

  /** The row after the event: folded onto the row when it is the next version, else auth's snapshot. */
  private next(row: UserRef | undefined, envelope: EventEnvelope, fetched: Fetched): UserRef | undefined {
    const { id, version } = envelope.stream;
    const event = eventOf(envelope);
    if (!isUserEvent(event)) throw new Error(`${envelope.type} is not a user event`);
    if (event.type === 'auth.user.created' || (row && version === row.version + 1)) {
      const state = evolveUserRef(row ?? null, event);
      return state ? { ...state, id, version } : undefined;
    }
    // row versions only grow, so a gap seen here was seen by `prepare` too
    if (!fetched) throw new Error(`The replica of user ${id} is behind version ${version} and auth's snapshot was not fetched`);
    return fetched.snapshot && userRefOf(fetched.snapshot);
  }
}
