import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { DeadLetterView } from '@uehub/contracts';
import { v7 as uuidv7 } from 'uuid';
import type { EventConsumer } from './event-consumer';
import type { StoreTables } from './tables';

/** A dead letter as stored: the operators' view (`DeadLetterView`) with real dates. */
export type DeadLetter = Omit<DeadLetterView, 'createdAt' | 'retriedAt' | 'resolvedAt'> & {
  createdAt: Date;
  retriedAt: Date | null;
  resolvedAt: Date | null;
};

interface DeadLetterRow {
  id: string;
  consumer: string;
  event_id: string | null;
  subject: string;
  payload: string;
  error: string;
  attempts: number;
  created_at: Date;
  retried_at: Date | null;
  resolved_at: Date | null;
}

/** Stores an event a consumer gave up on, with the error and the number of attempts. */
export async function recordDeadLetter(
  em: EntityManager,
  tables: StoreTables,
  letter: Pick<DeadLetter, 'consumer' | 'eventId' | 'subject' | 'payload' | 'error' | 'attempts'>,
): Promise<void> {
  await em.execute(
    `insert into ${tables.deadLetters} (id, consumer, event_id, subject, payload, error, attempts) values (?, ?, ?, ?, ?, ?, ?)`,
    [uuidv7(), letter.consumer, letter.eventId, letter.subject, letter.payload, letter.error, letter.attempts],
  );
}

/** Lists and retries the events a consumer gave up on. */
export class DeadLetters {
  constructor(
    private readonly orm: MikroORM,
    private readonly tables: StoreTables,
  ) {}

  async list(options: { consumer?: string; unresolvedOnly?: boolean } = {}): Promise<DeadLetter[]> {
    const rows = await this.orm.em.fork().execute<DeadLetterRow[]>(
      `select * from ${this.tables.deadLetters}
        where (?::text is null or consumer = ?) and (not ?::boolean or resolved_at is null)
        order by created_at`,
      [options.consumer ?? null, options.consumer ?? null, options.unresolvedOnly ?? true],
    );
    return rows.map((row) => ({
      id: row.id,
      consumer: row.consumer,
      eventId: row.event_id,
      subject: row.subject,
      payload: row.payload,
      error: row.error,
      attempts: row.attempts,
      createdAt: new Date(row.created_at),
      retriedAt: row.retried_at ? new Date(row.retried_at) : null,
      resolvedAt: row.resolved_at ? new Date(row.resolved_at) : null,
    }));
  }

  async find(id: string): Promise<DeadLetter | undefined> {
    return (await this.list({ unresolvedOnly: false })).find((letter) => letter.id === id);
  }

  /** Applies a dead letter again through its consumer; marks it resolved on success, keeps the new error otherwise. */
  async retry(id: string, consumer: EventConsumer): Promise<boolean> {
    const letter = await this.find(id);
    if (!letter) throw new Error(`No dead letter ${id}`);
    try {
      await this.orm.em.fork().transactional(async (tx) => {
        await consumer.applyPayload(tx, letter.payload, { subject: letter.subject, streamSequence: 0, deliveryCount: letter.attempts + 1 });
        await tx.execute(`update ${this.tables.deadLetters} set retried_at = now(), resolved_at = now() where id = ?`, [id]);
      });
      return true;
    } catch (error) {
      await this.orm.em.fork().execute(
        `update ${this.tables.deadLetters} set retried_at = now(), attempts = attempts + 1, error = ? where id = ?`,
        [error instanceof Error ? error.message : String(error), id],
      );
      return false;
    }
  }
}
