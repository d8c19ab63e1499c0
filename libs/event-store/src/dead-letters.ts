import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { DeadLetterView } from '@uehub/contracts';
import { v7 as uuidv7 } from 'uuid';
import type { StoreTables } from './tables';

/** A dead letter as stored: the operators' view (`DeadLetterView`) with real dates. */
export type DeadLetter = Omit<DeadLetterView, 'createdAt' | 'retriedAt' | 'resolvedAt'> & {
  createdAt: Date;
  retriedAt: Date | null;
  resolvedAt: Date | null;
};

/** A dead letter with the JetStream sequence of the message (null for an outbox row or an old letter). */
export type StoredDeadLetter = DeadLetter & { streamSequence: number | null };

/** What takes a dead letter back: a consumer applies it again, the outbox relay publishes it again. */
export interface DeadLetterTarget {
  /** Runs the letter again; `resolve` must run in the transaction that commits the effect. Throws when it still fails. */
  redeliver(letter: StoredDeadLetter, resolve: (tx: EntityManager) => Promise<void>): Promise<void>;
}

interface DeadLetterRow {
  id: string;
  consumer: string;
  event_id: string | null;
  subject: string;
  payload: string;
  error: string;
  attempts: number;
  stream_sequence: string | null;
  created_at: Date;
  retried_at: Date | null;
  resolved_at: Date | null;
}

const COLUMNS = 'id, consumer, event_id, subject, payload, error, attempts, stream_sequence::text, created_at, retried_at, resolved_at';

/** PostgreSQL text cannot hold NUL: a hostile payload must not make its own dead letter unwritable. */
const storable = (text: string): string => text.replaceAll('\u0000', '\uFFFD');

/** Stores an event a consumer (or the relay) gave up on, with the error, the attempts and the stream sequence. */
export async function recordDeadLetter(
  em: EntityManager,
  tables: StoreTables,
  letter: Pick<StoredDeadLetter, 'consumer' | 'eventId' | 'subject' | 'payload' | 'error' | 'attempts' | 'streamSequence'>,
): Promise<void> {
  await em.execute(
    `insert into ${tables.deadLetters} (id, consumer, event_id, subject, payload, error, attempts, stream_sequence) values (?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      uuidv7(),
      letter.consumer,
      letter.eventId,
      storable(letter.subject),
      storable(letter.payload),
      storable(letter.error),
      letter.attempts,
      letter.streamSequence,
    ],
  );
}

/** Lists and retries the events a consumer (or the outbox relay) gave up on. */
export class DeadLetters {
  constructor(
    private readonly orm: MikroORM,
    private readonly tables: StoreTables,
  ) {}

  /** Dead letters in the order they were made (by their time-ordered id), `limit` after the id `after`. */
  async list(options: { consumer?: string; unresolvedOnly?: boolean; after?: string; limit?: number } = {}): Promise<StoredDeadLetter[]> {
    const rows = await this.orm.em.fork().execute<DeadLetterRow[]>(
      `select ${COLUMNS} from ${this.tables.deadLetters}
        where (?::text is null or consumer = ?) and (not ?::boolean or resolved_at is null)
          and (?::uuid is null or id > ?::uuid)
        order by id limit ?`,
      [
        options.consumer ?? null,
        options.consumer ?? null,
        options.unresolvedOnly ?? true,
        options.after ?? null,
        options.after ?? null,
        options.limit ?? 1000,
      ],
    );
    return rows.map(toLetter);
  }

  /** One dead letter by id (reads that row only). */
  async find(id: string): Promise<StoredDeadLetter | undefined> {
    const [row] = await this.orm.em.fork().execute<DeadLetterRow[]>(`select ${COLUMNS} from ${this.tables.deadLetters} where id = ?`, [id]);
    return row ? toLetter(row) : undefined;
  }

  /** Runs a dead letter again through its target; marks it resolved with the effect, keeps the new error otherwise. */
  async retry(id: string, target: DeadLetterTarget): Promise<boolean> {
    const letter = await this.find(id);
    if (!letter) throw new Error(`No dead letter ${id}`);
    try {
      await target.redeliver(letter, async (tx) => {
        await tx.execute(`update ${this.tables.deadLetters} set retried_at = now(), resolved_at = now() where id = ?`, [id]);
      });
      return true;
    } catch (error) {
      await this.orm.em.fork().execute(
        `update ${this.tables.deadLetters} set retried_at = now(), attempts = attempts + 1, error = ? where id = ?`,
        [storable(error instanceof Error ? error.message : String(error)), id],
      );
      return false;
    }
  }
}

function toLetter(row: DeadLetterRow): StoredDeadLetter {
  return {
    id: row.id,
    consumer: row.consumer,
    eventId: row.event_id,
    subject: row.subject,
    payload: row.payload,
    error: row.error,
    attempts: row.attempts,
    streamSequence: row.stream_sequence === null ? null : Number(row.stream_sequence),
    createdAt: new Date(row.created_at),
    retriedAt: row.retried_at ? new Date(row.retried_at) : null,
    resolvedAt: row.resolved_at ? new Date(row.resolved_at) : null,
  };
}
