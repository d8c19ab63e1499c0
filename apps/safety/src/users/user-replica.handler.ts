import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { EventEnvelope, EventPayloads, UserView } from '@uehub/contracts';
import type { EventHandler } from '@uehub/event-store';
import { UserRefs } from './user-refs.service';

const REFS = 'safety.safety_user_refs';

type UserEvent = { [T in keyof EventPayloads]: EventEnvelope<T, EventPayloads[T]> }[keyof EventPayloads];

/** What `prepare` fetched from auth before the transaction: auth's current user (undefined: auth does not know it). */
type Fetched = { snapshot: UserView | undefined } | undefined;

/**
 * Applies `auth.user.*` events to the replica, only when newer than the row. Delivery across
 * replicas is not ordered: when an event skips versions the replica cannot fill the gap from
 * it, so it takes auth's current snapshot instead. That snapshot is fetched in `prepare`,
 * before the consumer's transaction opens, so no row lock waits on auth; while auth is
 * unavailable the consumer holds the event (an outage delays the replica, never loses an update).
 */
@Injectable()
export class UserReplicaHandler implements EventHandler<Fetched> {
  constructor(private readonly refs: UserRefs) {}

  async prepare(envelope: EventEnvelope): Promise<Fetched> {
    if (envelope.type === 'auth.user.created') return undefined;
    const held = await this.refs.versionOf(envelope.stream.id);
    if (held !== undefined && envelope.stream.version <= held + 1) return undefined; // the event itself is enough
    return { snapshot: await this.refs.fetchFromAuth(envelope.stream.id) };
  }

  async handle(tx: EntityManager, envelope: EventEnvelope, _delivery: unknown, fetched?: Fetched): Promise<void> {
    const event = envelope as UserEvent;
    const id = event.stream.id;
    const version = event.stream.version;
    const [row] = await tx.execute<{ version: number }[]>(`select version from ${REFS} where id = ? for update`, [id]);
    if (row && row.version >= version) return;
    if (event.type === 'auth.user.created') {
      const d = event.data;
      await this.refs.upsert(tx, { id, email: d.email, name: d.name, role: d.role, isActive: d.isActive, version });
      return;
    }
    if (!row || version > row.version + 1) {
      // row versions only grow, so a gap seen here was seen by `prepare` too
      if (!fetched) throw new Error(`The replica of user ${id} is behind version ${version} and auth's snapshot was not fetched`);
      if (fetched.snapshot) await this.refs.upsert(tx, fetched.snapshot);
      return;
    }
    const set = (assignments: string[], params: unknown[]) =>
      tx.execute(`update ${REFS} set ${[...assignments, 'version = ?', 'updated_at = now()'].join(', ')} where id = ?`, [...params, version, id]);
    switch (event.type) {
      case 'auth.user.updated':
        return void (await (event.data.name !== undefined ? set(['name = ?'], [event.data.name]) : set([], [])));
      case 'auth.user.role_changed':
        return void (await set(['role = ?'], [event.data.to]));
      case 'auth.user.deactivated':
        return void (await set(['is_active = false'], []));
      case 'auth.user.reactivated':
        return void (await set(['is_active = true'], []));
      default:
        // password changes and fields the replica does not keep: only the version moves
        await set([], []);
    }
  }
}
