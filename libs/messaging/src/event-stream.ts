import {
  AckPolicy,
  DeliverPolicy,
  DiscardPolicy,
  jetstreamManager,
  RetentionPolicy,
  StorageType,
  type JetStreamManager,
} from '@nats-io/jetstream';
import { eventStreamName, eventSubjectFilter } from '@uehub/contracts';
import type { NatsConnection } from '@nats-io/transport-node';

const NANOS_PER_MS = 1_000_000;
/** Server-side de-duplication window for `Nats-Msg-Id`. */
const DUPLICATE_WINDOW_MS = 10 * 60_000;
/**
 * The server's heartbeat on a waiting pull request (`idle_heartbeat` of every `consume()`); two
 * missed make the client act. A pull request lives on the consumer's leader node only: when that
 * node dies the new leader has none, and nothing is delivered until the client pulls again (a
 * durable consumer) or makes a new consumer (an ordered one: one replica, gone with its node).
 */
export const PULL_HEARTBEAT_MS = 1000;

/**
 * Creates the domain-event stream of a prefix if missing, with `replicas` copies (3 on a
 * three-node cluster), and changes the replica count of an existing one to it. Uses only
 * options that nats-server 2.9 understands (no metadata, compression or subject transforms).
 */
export async function ensureEventStream(nc: NatsConnection, prefix: string, { replicas = 1 } = {}): Promise<string> {
  const jsm = await jetstreamManager(nc);
  const name = eventStreamName(prefix);
  const existing = await jsm.streams.info(name).catch(() => undefined);
  if (existing) {
    if (existing.config.num_replicas !== replicas) await jsm.streams.update(name, { num_replicas: replicas });
    return name;
  }
  await jsm.streams
    .add({
      name,
      subjects: [eventSubjectFilter(prefix)],
      retention: RetentionPolicy.Limits,
      storage: StorageType.File,
      discard: DiscardPolicy.Old,
      duplicate_window: DUPLICATE_WINDOW_MS * NANOS_PER_MS,
      num_replicas: replicas,
    })
    .catch(async (error: unknown) => {
      // another replica created it first
      await jsm.streams.info(name).catch(() => {
        throw error;
      });
    });
  return name;
}

export interface DurableConsumerSpec {
  durable: string;
  /** Subject filter; defaults to every event of the prefix. */
  filterSubject?: string;
  /** Deliveries before the server stops delivering a message; -1 for no limit (the event consumer counts failures itself). */
  maxDeliver: number;
  /** Redelivery delays in ms, one per retry (the last repeats); never shorter than the ack wait on the server. */
  backoffMs: number[];
  ackWaitMs?: number;
}

/** Creates or updates a durable pull consumer with explicit acks, shared by a service's replicas. */
export async function ensureDurableConsumer(nc: NatsConnection, prefix: string, spec: DurableConsumerSpec): Promise<void> {
  const jsm: JetStreamManager = await jetstreamManager(nc);
  const stream = eventStreamName(prefix);
  // The server uses backoff[0] as the ack wait of every first delivery: a short back-off would
  // redeliver (and count) messages still being processed. Failures are retried sooner by the
  // consumer's own nak delays; ack timeouts (crashed or stuck consumers) never come before ack_wait.
  const ackWaitMs = spec.ackWaitMs ?? 30_000;
  // (without a delivery limit the server takes no back-off list: every redelivery waits ack_wait)
  const backoff = spec.maxDeliver > 0 ? spec.backoffMs.slice(0, Math.max(1, spec.maxDeliver - 1)).map((ms) => Math.max(ms, ackWaitMs) * NANOS_PER_MS) : [];
  const config = {
    durable_name: spec.durable,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    filter_subject: spec.filterSubject ?? eventSubjectFilter(prefix),
    max_deliver: spec.maxDeliver,
    ack_wait: ackWaitMs * NANOS_PER_MS,
    backoff,
    max_ack_pending: 1000,
  };
  try {
    await jsm.consumers.info(stream, spec.durable);
    await jsm.consumers.update(stream, spec.durable, {
      max_deliver: config.max_deliver,
      ack_wait: config.ack_wait,
      backoff: config.backoff,
      max_ack_pending: config.max_ack_pending,
    });
  } catch {
    await jsm.consumers.add(stream, config).catch(async (error: unknown) => {
      await jsm.consumers.info(stream, spec.durable).catch(() => {
        throw error;
      });
    });
  }
}

/** Deletes the event stream of a prefix (test clean-up). */
export async function deleteEventStream(nc: NatsConnection, prefix: string): Promise<void> {
  const jsm = await jetstreamManager(nc);
  await jsm.streams.delete(eventStreamName(prefix)).catch(() => undefined);
}
