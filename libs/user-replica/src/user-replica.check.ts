import { jetstream } from '@nats-io/jetstream';
import { eventStreamName, eventSubject, type EventEnvelope } from '@uehub/contracts';
import { eventOf, parseEnvelope, type RebuildTarget } from '@uehub/event-store';
import { retryStreamRead, type NatsConnection, type StreamReadRetry } from '@uehub/messaging';
import { evolveUserRef, isUserEvent, type UserRefState } from './user-ref';
import { replicaColumns } from './user-replica.columns';
import type { UserReplicaOptions } from './user-replica.options';

/**
 * The user replica in a service's rebuild check: auth's `auth.user.*` events, read from the event
 * stream (the replica's own source) when the check's snapshot is taken, are folded per user with
 * the pure `evolveUserRef` up to the version the live row holds, and compared with it. A user the
 * stream has gone past is `behind` (the consumer is catching up), not a difference; a row no
 * event explains, or one that differs from the fold at its version, is.
 */
export function userReplicaTarget(options: UserReplicaOptions, loadEvents: () => Promise<EventEnvelope[]>): RebuildTarget {
  const columns = replicaColumns(options);
  return {
    name: 'user_refs',
    live: columns.table,
    columns: columns.compared,
    indexes: true,
    async fill(tx, scratch) {
      // read the live versions first: the snapshot is then taken, and the stream read after it holds every event it applied
      const held = await tx.execute<{ id: string; version: number }[]>(`select id, version from ${columns.table}`);
      const events = await loadEvents();
      const streams = byUser(events);
      for (const { id, version } of held) {
        const folded = foldUpTo(streams.get(id) ?? [], version);
        if (folded) await columns.upsert(tx, scratch, { ...folded.state, id, version: folded.version });
      }
      const heldVersion = new Map(held.map((r) => [r.id, r.version]));
      const behind = [...streams].filter(([id, stream]) => stream[stream.length - 1].stream.version > (heldVersion.get(id) ?? 0)).length;
      return { events: events.length, behind };
    },
  };
}

function byUser(events: readonly EventEnvelope[]): Map<string, EventEnvelope[]> {
  const streams = new Map<string, EventEnvelope[]>();
  for (const event of events) streams.set(event.stream.id, [...(streams.get(event.stream.id) ?? []), event]);
  for (const stream of streams.values()) stream.sort((a, b) => a.stream.version - b.stream.version);
  return streams;
}

/** A user's state folded from its first event up to `version` (a redelivered duplicate is folded once). */
function foldUpTo(stream: readonly EventEnvelope[], version: number): { state: UserRefState; version: number } | undefined {
  let state: UserRefState | null = null;
  let at = 0;
  for (const envelope of stream) {
    if (envelope.stream.version > version) break;
    const event = eventOf(envelope);
    if (envelope.stream.version <= at || !isUserEvent(event)) continue;
    state = evolveUserRef(state, event);
    at = envelope.stream.version;
  }
  return state ? { state, version: at } : undefined;
}

/**
 * Every `auth.user.*` event in the event stream, in stream order, through an ordered (ephemeral)
 * consumer; an event the replica's consumer refuses (forged subject, bad envelope) is left out,
 * as the consumer leaves it out of the replica. While a cluster re-elects the stream's leader
 * (a node down) the read is tried again, within bounds (`retryStreamRead`).
 */
export function readUserEvents(nc: NatsConnection, prefix: string, retry?: StreamReadRetry): Promise<EventEnvelope[]> {
  return retryStreamRead(async (signal) => {
    const consumer = await jetstream(nc).consumers.get(eventStreamName(prefix), { filter_subjects: eventSubject(prefix, 'auth.user.>') });
    if ((await consumer.info()).num_pending === 0) return [];
    const events: EventEnvelope[] = [];
    const messages = await consumer.consume();
    signal.addEventListener('abort', () => void messages.close().catch(() => undefined), { once: true });
    for await (const msg of messages) {
      const parsed = parseEnvelope(msg.string(), msg.subject, prefix);
      if (parsed.ok) events.push(parsed.event);
      if (msg.info.pending === 0) break;
    }
    return events;
  }, retry);
}
