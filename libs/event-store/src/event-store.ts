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
import type { StatementPart } from './decider';
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

  /**
   * One statement per append, whatever the number of events: the events and their outbox rows
   * go in as one JSON array (a bind parameter), inserted in stream order by data-modifying CTEs,
   * with the statements `alongside` returns (the projection's writes) as further CTEs of the
   * same statement. All of it runs in one snapshot: the parts must not depend on each other's rows.
   */
  async append(tx: EntityManager, request: AppendRequest, alongside?: (envelopes: EventEnvelope[]) => StatementPart[]): Promise<EventEnvelope[]> {
    if (!tx.isInTransaction()) throw new Error('EventStore.append must run inside a transaction');
    const envelopes = request.events.map((event, index) => this.envelope(request, event, index));
    const rows = envelopes.map((envelope) => ({
      stream_version: envelope.stream.version,
      event_id: envelope.id,
      event_type: envelope.type,
      schema_version: envelope.schemaVersion,
      data: envelope.data,
      metadata: metadataOf(envelope),
      occurred_at: envelope.occurredAt,
      subject: eventSubject(this.subjectPrefix, envelope.type),
      envelope,
    }));
    const parts = alongside?.(envelopes) ?? [];
    const sql = `${this.appendSql}${parts.map((part, i) => `,\n      w${i} as (${part.sql})`).join('')}\n      select 1`;
    try {
      await tx.execute(sql, [JSON.stringify(rows), request.streamType, request.streamId, ...parts.flatMap((part) => part.params)]);
    } catch (error) {
      if (isUniqueViolation(error, 'stream_id')) throw new StreamVersionConflict(request.streamId, request.expectedVersion);
      throw error;
    }
    return envelopes;
  }

  /** Events, then their outbox rows, in stream order (the identity columns follow it). */
  private get appendSql(): string {
    return `with r as (
        select * from jsonb_to_recordset(?::jsonb)
          as r(stream_version integer, event_id uuid, event_type text, schema_version integer, data jsonb, metadata jsonb,
               occurred_at timestamptz, subject text, envelope jsonb)
      ), e as (
        insert into ${this.tables.events}
          (stream_type, stream_id, stream_version, event_id, event_type, schema_version, data, metadata, occurred_at)
        select ?, ?::uuid, stream_version, event_id, event_type, schema_version, data, metadata, occurred_at from r order by stream_version
        returning event_id
      ), o as (
        insert into ${this.tables.outbox} (event_id, subject, envelope)
        select r.event_id, r.subject, r.envelope from r join e using (event_id) order by r.stream_version
      )`;
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
