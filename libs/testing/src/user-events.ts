import type { EntityManager } from '@mikro-orm/postgresql';
import { jetstream } from '@nats-io/jetstream';
import { eventSubject, type EventEnvelope, type EventPayloads, type UserSnapshot } from '@uehub/contracts';
import { ensureEventStream, type NatsConnection } from '@uehub/messaging';
import { v7 as uuidv7 } from 'uuid';

type UserEventType = Extract<keyof EventPayloads, `auth.user.${string}`>;

/**
 * Publishes an `auth.user.*` event as auth's relay would (`subjectType` lets a test forge the
 * subject). Fixtures that put a user into a replica directly publish its creation too, so the
 * rebuild checks, which fold the replica from these events, find the row explained.
 */
export async function publishUserEvent<T extends UserEventType>(
  nc: NatsConnection,
  prefix: string,
  type: T,
  userId: string,
  version: number,
  data: EventPayloads[T],
  subjectType: string = type,
): Promise<EventEnvelope> {
  const envelope: EventEnvelope = {
    id: uuidv7(),
    type,
    schemaVersion: 1,
    stream: { type: 'user', id: userId, version },
    occurredAt: new Date().toISOString(),
    actor: { kind: 'system', id: 'auth' },
    correlationId: 'c',
    causationId: 'c',
    data,
  };
  await ensureEventStream(nc, prefix);
  await jetstream(nc).publish(eventSubject(prefix, subjectType), JSON.stringify(envelope), { msgID: envelope.id });
  return envelope;
}

/** A user's creation event payload with test defaults. */
export function userSnapshot(id: string, fields: Partial<UserSnapshot> = {}): UserSnapshot {
  return { email: `${id}@example.com`, name: `User ${id.slice(-4)}`, role: 'worker', isActive: true, phone: null, department: null, notes: null, ...fields };
}

/**
 * A user as a service's replica holds it after auth created it: the `auth.user.created` event on
 * the stream and the replica row (as the consumer writes it, without waiting for one).
 */
export async function addReplicaUser(
  em: Pick<EntityManager, 'execute'>,
  nc: NatsConnection,
  prefix: string,
  service: string,
  fields: Partial<UserSnapshot> = {},
): Promise<string> {
  const id = uuidv7();
  const user = userSnapshot(id, fields);
  await publishUserEvent(nc, prefix, 'auth.user.created', id, 1, user);
  // a running service's consumer may have written the same row first; written as the service (no out-of-band change)
  await em.execute(`insert into ${service}.${service}_user_refs (id, email, name, role, is_active, version)
     select ?::uuid, ?, ?, ?, ?::boolean, 1 from (select set_config('uehub.writer', ?, true)) as writer
     on conflict (id) do nothing`, [
    id,
    user.email,
    user.name,
    user.role,
    user.isActive,
    service,
  ]);
  return id;
}
