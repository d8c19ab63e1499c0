import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { traceHeaders } from '@uehub/messaging';
import { carrierFromText, contextOf, inSpan, SpanKind, tracingEnabled } from '@uehub/observability';
import type { ClaimedRow } from './outbox-claims';

/** Publishes one outbox row and resolves once JetStream acknowledged it. */
export type RowPublisher = (row: ClaimedRow) => Promise<void>;

/** The few log calls the relay makes (a pino logger fits; tests pass a recorder). */
export interface RelayLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

/** JetStream refuses every message (down, unreachable, or no stream for the subject): back off, count nothing. */
export class BrokerOutage extends Error {}

/** Publishes with `Nats-Msg-Id` = event id, so a row published twice is stored once (duplicate window). */
export function jetStreamPublisher(nc: NatsConnection, timeoutMs: number): RowPublisher {
  const js = jetstream(nc);
  const publish = async (row: ClaimedRow) => {
    await js.publish(row.subject, row.payload, { msgID: row.eventId, timeout: timeoutMs, headers: traceHeaders() });
  };
  return (row) => (tracingEnabled() ? publishTraced(row, publish) : publish(row));
}

/**
 * The publish in a producer span, child of the transaction that appended the row (its stored
 * trace context); the message headers carry the span on to the consumers.
 */
function publishTraced(row: ClaimedRow, publish: RowPublisher): Promise<void> {
  const eventType = row.subject.slice(row.subject.indexOf('.events.') + '.events.'.length);
  const attributes = { 'messaging.system': 'nats', 'messaging.operation.type': 'send', 'messaging.destination.name': row.subject, 'messaging.message.id': row.eventId };
  return inSpan(`publish ${eventType}`, { kind: SpanKind.PRODUCER, attributes, parent: contextOf(carrierFromText(row.traceContext)) }, () => publish(row));
}

/**
 * Tells a broker outage from a row JetStream refuses: asks JetStream which stream takes the
 * subject. An answer means JetStream works and would store that subject, so the failure belongs
 * to the row; no answer (or no stream) means JetStream refuses everything for now.
 */
export function jetStreamProbe(nc: NatsConnection, timeoutMs: number): (subject: string) => Promise<string | undefined> {
  let manager: Promise<JetStreamManager> | undefined;
  return async (subject) => {
    try {
      manager ??= jetstreamManager(nc, { timeout: timeoutMs });
      await (await manager).streams.find(subject);
      return undefined;
    } catch (error) {
      manager = undefined;
      return error instanceof Error ? error.message : String(error);
    }
  };
}
