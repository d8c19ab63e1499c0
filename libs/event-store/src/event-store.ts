import type { EntityManager } from '@mikro-orm/postgresql';
import {
  EVENT_SCHEMA_VERSIONS,
  eventSubject,
  type Changes,
  type EventEnvelope,
  type EventPayloads,
  type EventType,
  type RequestContext,
} from '@uehub/contracts';
import { AppError } from '@uehub/errors';
import { v7 as uuidv7 } from 'uuid';
import type { StoreTables } from './tables';

/** An event a command decided on, before it has a stream position. */
export type NewEvent = { [T in EventType]: { type: T; data: EventPayloads[T]; changes?: Changes } }[EventType];

export interface AppendRequest {
  streamType: string;
  streamId: string;
  /** The version the command decided on (0 for a new stream). */
  expectedVersion: number;
  events: NewEvent[];
  context: RequestContext;
  /** The event or request that caused these; defaults to the correlation id. */
  causationId?: string;
}

/** Raised when another writer appended to the stream first: the caller decides between 409/412 and retry. */
export class StreamVersionConflict extends AppError {
  constructor(streamId: string, expected: number) {
    super('CONCURRENT_MODIFICATION', `Stream ${streamId} changed after version ${expected}`);
  }
}

/**
 * Appends events and their outbox rows in the caller's transaction. The unique
 * (stream_id, stream_version) constraint is the optimistic-concurrency check.
 */
export class EventStore {
  constructor(
    readonly tables: StoreTables,
    private readonly subjectPrefix: string,
  ) {}

  async append(tx: EntityManager, request: AppendRequest): Promise<EventEnvelope[]> {
    if (!tx.isInTransaction()) throw new Error('EventStore.append must run inside a transaction');
    const envelopes = request.events.map((event, index) => this.envelope(request, event, index));
    for (const envelope of envelopes) {
      try {
        await tx.execute(
          `insert into ${this.tables.events}
             (stream_type, stream_id, stream_version, event_id, event_type, schema_version, data, metadata, occurred_at)
           values (?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?)`,
          [
            envelope.stream.type,
            envelope.stream.id,
            envelope.stream.version,
            envelope.id,
            envelope.type,
            envelope.schemaVersion,
            JSON.stringify(envelope.data),
            JSON.stringify(metadataOf(envelope)),
            envelope.occurredAt,
          ],
        );
      } catch (error) {
        if (isUniqueViolation(error, 'stream_id')) throw new StreamVersionConflict(request.streamId, request.expectedVersion);
        throw error;
      }
      await tx.execute(`insert into ${this.tables.outbox} (event_id, subject, envelope) values (?, ?, ?::jsonb)`, [
        envelope.id,
        eventSubject(this.subjectPrefix, envelope.type),
        JSON.stringify(envelope),
      ]);
    }
    return envelopes;
  }

  private envelope(request: AppendRequest, event: NewEvent, index: number): EventEnvelope {
    const { context } = request;
    const envelope: EventEnvelope = {
      id: uuidv7(),
      type: event.type,
      schemaVersion: EVENT_SCHEMA_VERSIONS[event.type],
      stream: { type: request.streamType, id: request.streamId, version: request.expectedVersion + index + 1 },
      occurredAt: new Date().toISOString(),
      actor: context.actor,
      correlationId: context.correlationId,
      causationId: request.causationId ?? context.correlationId,
      data: event.data,
    };
    if (context.requestId) envelope.requestId = context.requestId;
    if (context.ip || context.userAgent) envelope.client = { ip: context.ip, userAgent: context.userAgent };
    if (event.changes) envelope.changes = event.changes;
    return envelope;
  }
}

/** The envelope fields kept beside `data` in the `metadata` column. */
function metadataOf(envelope: EventEnvelope): Record<string, unknown> {
  const { actor, correlationId, causationId, requestId, client, changes } = envelope;
  return { actor, correlationId, causationId, requestId, client, changes };
}

export function isUniqueViolation(error: unknown, constraintHint?: string): boolean {
  const e = error as { code?: string; message?: string; constraint?: string };
  if (e?.code !== '23505') return false;
  if (!constraintHint) return true;
  return `${e.constraint ?? ''} ${e.message ?? ''}`.includes(constraintHint);
}
