import type { JsMsg } from '@nats-io/jetstream';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { NatsConnection } from '@nats-io/transport-node';
import type { EventEnvelope } from '@uehub/contracts';
import { parseEnvelope } from './envelope-guard';
import type { StoreTables } from './tables';

/** Delivery facts a handler may record (the audit keeps the stream sequence). */
export interface Delivery {
  subject: string;
  streamSequence: number;
  deliveryCount: number;
}

export interface EventHandler<P = unknown> {
  /**
   * Runs before the consumer's transaction opens, for work that must not hold one (asking
   * another service). Its result is handed to `handle`. When it fails because the other side is
   * unavailable (`SERVICE_UNAVAILABLE`, lost connection), the event is held and tried again
   * later without using up a delivery. `batch` holds the events applied in the same
   * transaction, before and after this one (an earlier one may fill a gap this one sees).
   */
  prepare?(event: EventEnvelope, batch: readonly EventEnvelope[]): Promise<P>;
  /** Applies one event inside the consumer's transaction; throwing rolls it back and retries later. */
  handle(tx: EntityManager, event: EventEnvelope, delivery: Delivery, prepared?: P): Promise<void>;
  /**
   * Applies the new events of a batch at once, instead of `handle` one by one: the consumer has
   * recorded their ids in the inbox (one statement) in the same transaction and left out the
   * ones seen before, so a handler can write its effects in one statement too (the audit log).
   */
  handleBatch?(tx: EntityManager, items: readonly BatchItem<P>[]): Promise<void>;
  /** Runs once at the start of each batch transaction (e.g. to take a lock). */
  beforeBatch?(tx: EntityManager): Promise<void>;
}

/** One new event of a batch as `handleBatch` gets it. */
export interface BatchItem<P = unknown> {
  event: EventEnvelope;
  delivery: Delivery;
  prepared?: P;
}

export interface EventConsumerOptions {
  orm: MikroORM;
  nc: NatsConnection;
  tables: StoreTables;
  subjectPrefix: string;
  /** Durable name, shared by every replica of the consuming service. */
  durable: string;
  filterSubject?: string;
  handler: EventHandler;
  maxDeliver?: number;
  backoffMs?: number[];
  batchSize?: number;
}

/** A message as the consumer holds it: parsed, or with the reason it could not be. */
export interface Received {
  msg: JsMsg;
  delivery: Delivery;
  event?: EventEnvelope;
  parseError?: string;
  /** The id of an event refused for its origin (its envelope was valid). */
  refusedId?: string;
}

/** Reads a JetStream message into what the consumer needs (refusing one whose envelope or origin is wrong). */
export function receive(msg: JsMsg, subjectPrefix: string): Received {
  const delivery: Delivery = {
    subject: msg.subject,
    streamSequence: msg.info.streamSequence,
    deliveryCount: msg.info.deliveryCount,
  };
  const parsed = parseEnvelope(msg.string(), msg.subject, subjectPrefix);
  return parsed.ok ? { msg, delivery, event: parsed.event } : { msg, delivery, parseError: parsed.error, refusedId: parsed.eventId };
}

/** A one-line description of any thrown value. */
export function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
