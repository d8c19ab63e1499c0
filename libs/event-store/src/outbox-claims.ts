import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { recordDeadLetter } from './dead-letters';
import type { StoreTables } from './tables';

/** The dead-letter `consumer` of outbox rows the relay parked. */
export const OUTBOX_DEAD_LETTER_CONSUMER = 'outbox-relay';

/** An outbox row claimed by one relay for one pass. */
export interface ClaimedRow {
  position: bigint;
  eventId: string;
  subject: string;
  payload: string;
  streamId: string;
  /** Failed publishes so far. */
  attempts: number;
  /** The W3C trace context of the transaction that appended it (JSON), when it was traced. */
  traceContext?: string | null;
}

interface ClaimedDbRow {
  position: string;
  event_id: string;
  subject: string;
  envelope: unknown;
  stream_id: string;
  attempts: number;
  trace_context: string | null;
}

/** The stream a row belongs to (the envelope carries it; the event id stands in for a row without one). */
const STREAM_KEY = `coalesce(envelope #>> '{stream,id}', event_id::text)`;

/**
 * The outbox rows' state changes, each in a short transaction of its own: no transaction is
 * open while the relay waits for JetStream.
 */
export class OutboxClaims {
  constructor(
    private readonly orm: MikroORM,
    private readonly tables: StoreTables,
  ) {}

  /**
   * Claims pending rows for `relayId` until `leaseMs` from now. A stream is claimable only
   * when none of its pending rows is claimed by another relay, waiting to be retried or
   * parked, so each stream is published by one relay at a time, in position (= version) order,
   * and a failing stream never holds up the others. Claims are serialised by an advisory lock
   * held for the few milliseconds of this statement, so two relays never split a stream.
   */
  async claim(relayId: string, limit: number, leaseMs: number): Promise<ClaimedRow[]> {
    const { outbox } = this.tables;
    const rows = await this.orm.em.fork().transactional(async (tx) => {
      await tx.execute(`select pg_advisory_xact_lock(hashtext(?))`, [outbox]);
      return tx.execute<ClaimedDbRow[]>(
        `with blocked as (
           select distinct ${STREAM_KEY} as stream_id from ${outbox}
            where published_at is null
              and (parked_at is not null or claimed_until > now() or next_attempt_at > now())
         ), candidates as (
           select position from ${outbox}
            where published_at is null and ${STREAM_KEY} not in (select stream_id from blocked)
            order by position limit ?
         )
         update ${outbox} o set claimed_by = ?, claimed_until = now() + make_interval(secs => ?)
           from candidates c where o.position = c.position
         returning o.position::text, o.event_id, o.subject, o.envelope, o.attempts, o.trace_context, coalesce(o.envelope #>> '{stream,id}', o.event_id::text) as stream_id`,
        [limit, relayId, leaseMs / 1000],
      );
    });
    return rows
      .map((row) => ({ position: BigInt(row.position), eventId: row.event_id, subject: row.subject, payload: JSON.stringify(row.envelope), streamId: row.stream_id, attempts: row.attempts, traceContext: row.trace_context }))
      .sort((a, b) => (a.position < b.position ? -1 : 1));
  }

  /** Marks rows published (whoever holds their claim now: a published row is published). */
  async markPublished(rows: ClaimedRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.orm.em.fork().execute(
      `update ${this.tables.outbox} set published_at = now(), claimed_by = null, claimed_until = null, parked_at = null
        where position = any(?::bigint[]) and published_at is null`,
      [positions(rows)],
    );
  }

  /** Gives claimed rows back without counting anything (a broker outage, or rows behind a failed one). */
  async release(relayId: string, rows: ClaimedRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.orm.em.fork().execute(
      `update ${this.tables.outbox} set claimed_by = null, claimed_until = null
        where position = any(?::bigint[]) and claimed_by = ? and published_at is null`,
      [positions(rows), relayId],
    );
  }

  /**
   * Counts a failed publish against the row and keeps its error; at `maxAttempts` the row is
   * parked and a dead letter written in the same transaction. Returns the attempts so far and
   * whether the row is now parked.
   */
  async recordFailure(row: ClaimedRow, error: string, retryInMs: number, maxAttempts: number): Promise<{ attempts: number; parked: boolean }> {
    return this.orm.em.fork().transactional(async (tx) => {
      const [updated] = await tx.execute<{ attempts: number; parked: boolean }[]>(
        `update ${this.tables.outbox}
            set attempts = attempts + 1, last_error = ?, claimed_by = null, claimed_until = null,
                next_attempt_at = now() + make_interval(secs => ?),
                parked_at = case when attempts + 1 >= ? then now() end
          where position = ? and published_at is null
          returning attempts, parked_at is not null as parked`,
        [error.slice(0, 2000), retryInMs / 1000, maxAttempts, row.position.toString()],
      );
      if (!updated) return { attempts: 0, parked: false };
      if (updated.parked) await this.deadLetter(tx, row, error, updated.attempts);
      return updated;
    });
  }

  /** The row of a parked event, for an operator's retry (undefined when it was pruned). */
  async parkedRow(eventId: string): Promise<(ClaimedRow & { published: boolean }) | undefined> {
    const [row] = await this.orm.em.fork().execute<(ClaimedDbRow & { published: boolean })[]>(
      `select position::text, event_id, subject, envelope, attempts, trace_context, ${STREAM_KEY} as stream_id, published_at is not null as published
         from ${this.tables.outbox} where event_id = ?`,
      [eventId],
    );
    if (!row) return undefined;
    return { position: BigInt(row.position), eventId: row.event_id, subject: row.subject, payload: JSON.stringify(row.envelope), streamId: row.stream_id, attempts: row.attempts, traceContext: row.trace_context, published: row.published };
  }

  /** Marks a retried parked row published, in the caller's transaction (with its dead letter resolved). */
  async unparkPublished(tx: EntityManager, row: ClaimedRow): Promise<void> {
    await tx.execute(
      `update ${this.tables.outbox} set published_at = coalesce(published_at, now()), parked_at = null, claimed_by = null,
          claimed_until = null, next_attempt_at = null where position = ?`,
      [row.position.toString()],
    );
  }

  /** Deletes published rows older than the retention, in batches; returns how many. */
  async prune(retentionMs: number, batch = 1000): Promise<number> {
    let total = 0;
    for (;;) {
      const deleted = await this.orm.em.fork().execute<{ position: string }[]>(
        `delete from ${this.tables.outbox} where position in (
           select position from ${this.tables.outbox}
            where published_at < now() - make_interval(secs => ?) order by published_at limit ?)
         returning position::text`,
        [retentionMs / 1000, batch],
      );
      total += deleted.length;
      if (deleted.length < batch) return total;
    }
  }

  private async deadLetter(tx: EntityManager, row: ClaimedRow, error: string, attempts: number): Promise<void> {
    await recordDeadLetter(tx, this.tables, {
      consumer: OUTBOX_DEAD_LETTER_CONSUMER,
      eventId: row.eventId,
      subject: row.subject,
      payload: row.payload,
      error: `publish failed ${attempts} times: ${error}`,
      attempts,
      streamSequence: null,
    });
  }
}

const positions = (rows: ClaimedRow[]): string => `{${rows.map((row) => row.position.toString()).join(',')}}`;
