import type { MikroORM } from '@mikro-orm/postgresql';
import { jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { eventSubject, type EventEnvelope } from '@uehub/contracts';
import { storedEnvelope, type StoredEventRow } from './stored-envelope';
import type { StoreTables } from './tables';

interface StoredRow extends StoredEventRow {
  global_position: string;
  envelope: EventEnvelope | null;
}

/** The envelope as the relay published it: the outbox copy while it exists, else rebuilt from the event row. */
function envelopeOf(row: StoredRow): EventEnvelope {
  return row.envelope ?? storedEnvelope(row);
}

/**
 * Publishes the stored events from `fromPosition` (global position) on, in position order,
 * with `Nats-Msg-Id` = event id: after a broker lost data. Events it still holds are dropped
 * by its de-duplication window or by the consumers' inboxes. Returns how many were sent.
 */
export async function republishEvents(
  options: { orm: MikroORM; nc: NatsConnection; tables: StoreTables; subjectPrefix: string; fromPosition: bigint; batchSize?: number },
): Promise<{ published: number; lastPosition: string | null }> {
  const js = jetstream(options.nc);
  const batch = options.batchSize ?? 500;
  let after = options.fromPosition - 1n;
  let published = 0;
  let lastPosition: string | null = null;
  for (;;) {
    const rows = await options.orm.em.fork().execute<StoredRow[]>(
      `select e.global_position::text, e.event_id, e.event_type, e.schema_version, e.stream_type, e.stream_id, e.stream_version,
              e.data, e.metadata, e.occurred_at, o.envelope
         from ${options.tables.events} e left join ${options.tables.outbox} o on o.event_id = e.event_id
        where e.global_position > ?::bigint order by e.global_position limit ?`,
      [after.toString(), batch],
    );
    for (const row of rows) {
      const envelope = envelopeOf(row);
      await js.publish(eventSubject(options.subjectPrefix, envelope.type), JSON.stringify(envelope), { msgID: envelope.id });
      published++;
      lastPosition = row.global_position;
    }
    if (rows.length < batch) return { published, lastPosition };
    after = BigInt(rows[rows.length - 1].global_position);
  }
}
