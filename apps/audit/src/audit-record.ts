import { serviceOfEventType, type Changes, type EventEnvelope } from '@uehub/contracts';
import type { Delivery } from '@uehub/event-store';
import { canonicalTimestamp } from './canonical-hash';

/**
 * Every stored field of an audit record except `seq` (assigned by the database) and
 * `hash` (computed over the rest). Keys are the column names, so the chain can be
 * verified from the table alone: hash = sha256(canonical JSON of these fields).
 */
export interface AuditRecordFields {
  event_id: string;
  event_type: string;
  schema_version: number;
  service: string;
  entity_type: string;
  entity_id: string;
  actor_id: string;
  actor_role: string | null;
  actor_name: string | null;
  occurred_at: string;
  recorded_at: string;
  correlation_id: string;
  causation_id: string;
  request_id: string | null;
  client_ip: string | null;
  user_agent: string | null;
  changes: Changes | null;
  data: unknown;
  stream_version: number;
  jetstream_seq: number;
  prev_hash: string;
}

/** Column order of inserts and of the verifier's reads. */
export const RECORD_COLUMNS = [
  'event_id',
  'event_type',
  'schema_version',
  'service',
  'entity_type',
  'entity_id',
  'actor_id',
  'actor_role',
  'actor_name',
  'occurred_at',
  'recorded_at',
  'correlation_id',
  'causation_id',
  'request_id',
  'client_ip',
  'user_agent',
  'changes',
  'data',
  'stream_version',
  'jetstream_seq',
  'prev_hash',
] as const satisfies readonly (keyof AuditRecordFields)[];

/** What the audit keeps of one event; timestamps and ids in the form the database returns them. */
export function toAuditRecord(event: EventEnvelope, delivery: Delivery, recordedAt: Date, prevHash: string): AuditRecordFields {
  const { actor } = event;
  return {
    event_id: event.id.toLowerCase(),
    event_type: event.type,
    schema_version: event.schemaVersion,
    service: serviceOfEventType(event.type),
    entity_type: event.stream.type,
    entity_id: event.stream.id.toLowerCase(),
    actor_id: actor.id,
    actor_role: actor.kind === 'user' ? actor.role : null,
    actor_name: actor.kind === 'user' ? (actor.name ?? null) : null,
    occurred_at: canonicalTimestamp(event.occurredAt),
    recorded_at: canonicalTimestamp(recordedAt.toISOString()),
    correlation_id: event.correlationId,
    causation_id: event.causationId,
    request_id: event.requestId ?? null,
    client_ip: event.client?.ip ?? null,
    user_agent: event.client?.userAgent ?? null,
    changes: event.changes ?? null,
    data: event.data ?? null,
    stream_version: event.stream.version,
    jetstream_seq: delivery.streamSequence,
    prev_hash: prevHash,
  };
}
