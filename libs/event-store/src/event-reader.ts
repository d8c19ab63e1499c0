import type { EntityManager } from '@mikro-orm/postgresql';
import type { StoreTables } from './tables';

/** Where a position-based reader stands: the transaction id and position of the last event it read. */
export interface Checkpoint {
  transactionId: string;
  position: string;
}

export const START: Checkpoint = { transactionId: '0', position: '0' };

export interface StoredEvent {
  globalPosition: string;
  transactionId: string;
  streamType: string;
  streamId: string;
  streamVersion: number;
  eventId: string;
  eventType: string;
  schemaVersion: number;
  data: unknown;
  metadata: Record<string, unknown>;
  occurredAt: Date;
}

interface EventRow {
  global_position: string;
  transaction_id: string;
  stream_type: string;
  stream_id: string;
  stream_version: number;
  event_id: string;
  event_type: string;
  schema_version: number;
  data: unknown;
  metadata: Record<string, unknown>;
  occurred_at: Date | string;
}

const COLUMNS =
  'global_position::text, transaction_id::text, stream_type, stream_id, stream_version, event_id, event_type, schema_version, data, metadata, occurred_at';

/**
 * Reads the event log in commit-safe order. Identity values become visible out of commit
 * order, so "position > last" alone would skip a slow transaction's rows; instead only rows
 * of transactions older than every running one (`pg_snapshot_xmin`) are read, ordered by
 * (transaction_id, position), and the checkpoint is that pair.
 */
export class EventReader {
  constructor(private readonly tables: StoreTables) {}

  async readAll(em: EntityManager, after: Checkpoint, limit = 500): Promise<StoredEvent[]> {
    const rows = await em.execute<EventRow[]>(
      `select ${COLUMNS} from ${this.tables.events}
        where transaction_id < pg_snapshot_xmin(pg_current_snapshot())
          and (transaction_id > ?::xid8 or (transaction_id = ?::xid8 and global_position > ?::bigint))
        order by transaction_id, global_position
        limit ?`,
      [after.transactionId, after.transactionId, after.position, limit],
    );
    return rows.map(toStored);
  }

  /**
   * The events of one stream in version order; with `upTo`, the stream as it was then: every
   * event up to the highest version whose time is at or before `upTo`. Selecting by version,
   * not by each event's own time, means skewed clocks between replicas can never fold v1 and
   * v3 without v2: the state returned is always one the stream had.
   */
  async readStream(em: EntityManager, streamId: string, options: { upTo?: Date } = {}): Promise<StoredEvent[]> {
    const upTo = options.upTo
      ? `and stream_version <= (select max(stream_version) from ${this.tables.events} where stream_id = ? and occurred_at <= ?)`
      : '';
    const params: unknown[] = options.upTo ? [streamId, streamId, options.upTo.toISOString()] : [streamId];
    const rows = await em.execute<EventRow[]>(
      `select ${COLUMNS} from ${this.tables.events} where stream_id = ? ${upTo} order by stream_version`,
      params,
    );
    return rows.map(toStored);
  }
}

/** The checkpoint just after an event. */
export function checkpointOf(event: StoredEvent): Checkpoint {
  return { transactionId: event.transactionId, position: event.globalPosition };
}

function toStored(row: EventRow): StoredEvent {
  return {
    globalPosition: row.global_position,
    transactionId: row.transaction_id,
    streamType: row.stream_type,
    streamId: row.stream_id,
    streamVersion: row.stream_version,
    eventId: row.event_id,
    eventType: row.event_type,
    schemaVersion: row.schema_version,
    data: row.data,
    metadata: row.metadata,
    occurredAt: new Date(row.occurred_at),
  };
}
