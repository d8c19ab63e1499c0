import type { EventEnvelope } from '@uehub/contracts';

/** An event row's columns as the event tables hold them. */
export interface StoredEventRow {
  event_id: string;
  event_type: string;
  schema_version: number;
  stream_type: string;
  stream_id: string;
  stream_version: number;
  data: unknown;
  metadata: Partial<EventEnvelope>;
  occurred_at: Date | string;
}

/** The column list a `StoredEventRow` is read with. */
export const STORED_EVENT_COLUMNS = 'event_id, event_type, schema_version, stream_type, stream_id, stream_version, data, metadata, occurred_at';

/** The envelope of a stored event as the relay published it (metadata carries actor, correlation, request). */
export function storedEnvelope(row: StoredEventRow): EventEnvelope {
  const { actor, correlationId, causationId, requestId, client, changes } = row.metadata;
  return {
    id: row.event_id,
    type: row.event_type,
    schemaVersion: row.schema_version,
    stream: { type: row.stream_type, id: row.stream_id, version: row.stream_version },
    occurredAt: new Date(row.occurred_at).toISOString(),
    actor: actor!,
    correlationId: correlationId!,
    causationId: causationId!,
    ...(requestId !== undefined && { requestId }),
    ...(client !== undefined && { client }),
    data: row.data,
    ...(changes !== undefined && { changes }),
  };
}
