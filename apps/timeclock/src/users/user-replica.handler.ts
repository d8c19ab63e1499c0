import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { EventEnvelope, EventPayloads } from '@uehub/contracts';
import type { EventHandler } from '@uehub/event-store';
import { DeactivationCloser } from './deactivation-closer';
import { UserRefs } from './user-refs.service';

const REFS = 'timeclock.timeclock_user_refs';

type UserEvent = { [T in keyof EventPayloads]: EventEnvelope<T, EventPayloads[T]> }[keyof EventPayloads];

/**
 * Applies `auth.user.*` events to the replica, only when newer than the row. Delivery across
 * replicas is not ordered: when an event skips versions the replica cannot fill the gap from
 * it, so it takes auth's current snapshot instead.
 */
@Injectable()
export class UserReplicaHandler implements EventHandler {
  constructor(
    private readonly refs: UserRefs,
    private readonly closer: DeactivationCloser,
  ) {}

  async handle(tx: EntityManager, envelope: EventEnvelope): Promise<void> {
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
      const current = await this.refs.fetchFromAuth(id);
      if (current) await this.refs.upsert(tx, current);
      if (current && !current.isActive) await this.closer.closeOpenShift(tx, id, envelope);
      return;
    }
    const set = (sql: string, params: unknown[]) =>
      tx.execute(`update ${REFS} set ${sql}, version = ?, updated_at = now() where id = ?`, [...params, version, id]);
    switch (event.type) {
      case 'auth.user.updated':
        if (event.data.name !== undefined) await set('name = ?', [event.data.name]);
        else await set('version = version', []);
        return;
      case 'auth.user.role_changed':
        return void (await set('role = ?', [event.data.to]));
      case 'auth.user.deactivated':
        await set('is_active = false', []);
        return this.closer.closeOpenShift(tx, id, envelope);
      case 'auth.user.reactivated':
        return void (await set('is_active = true', []));
      default:
        await set('version = version', []);
    }
  }
}
