import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { EntityManager } from '@mikro-orm/postgresql';
import { eventStreamName, eventSubject, type EventEnvelope } from '@uehub/contracts';
import { eventually } from '@uehub/testing';
import { v7 as uuidv7 } from 'uuid';
import type { Delivery } from './consumer-types';
import { DeadLetters } from './dead-letters';
import { EventConsumer } from './event-consumer';
import { newStreamId, openStoreFixture, userEventEnvelope, type StoreFixture } from './store.fixture';

const envelope = (overrides: Partial<EventEnvelope> = {}) => userEventEnvelope('auth.user.role_changed', { data: { from: 'worker', to: 'superadmin' }, ...overrides });

describe('dead letters and events checked where they land (PostgreSQL + NATS)', () => {
  let f: StoreFixture;
  let consumer: EventConsumer;
  let letters: DeadLetters;
  const poisoned = new Set<string>();

  beforeAll(async () => {
    f = await openStoreFixture('dead_letters');
    await f.orm.em.fork().execute('create table es.es_sequences (event_id uuid not null, stream_sequence bigint not null)');
    consumer = new EventConsumer({
      orm: f.orm,
      nc: f.nc,
      tables: f.tables,
      subjectPrefix: f.prefix,
      durable: 'sequences',
      maxDeliver: 2,
      backoffMs: [50],
      handler: {
        async handle(tx: EntityManager, event: EventEnvelope, delivery: Delivery) {
          if (poisoned.has(event.id)) throw new Error('cannot apply this event');
          await tx.execute('insert into es.es_sequences (event_id, stream_sequence) values (?, ?)', [event.id, delivery.streamSequence]);
        },
      },
    });
    await consumer.start();
    letters = new DeadLetters(f.orm, f.tables);
  });
  afterAll(async () => {
    await consumer.stop();
    await f.close();
  });

  /** Publishes on a subject (the event's own type unless told) and returns the JetStream sequence. */
  const publish = async (body: EventEnvelope | string, subjectType?: string): Promise<number> => {
    const type = subjectType ?? (typeof body === 'string' ? 'auth.user.updated' : body.type);
    const ack = await jetstream(f.nc).publish(eventSubject(f.prefix, type), typeof body === 'string' ? body : JSON.stringify(body), { msgID: uuidv7() });
    return ack.seq;
  };
  const applied = async (id: string) =>
    f.orm.em.fork().execute<{ stream_sequence: string }[]>('select stream_sequence::text from es.es_sequences where event_id = ?', [id]);
  const letterOf = (predicate: (payload: string) => boolean) =>
    eventually(async () => (await letters.list({ consumer: 'sequences' })).find((letter) => predicate(letter.payload)), 15_000, 'the dead letter');

  it('should give a message up only after its dead letter is committed, even when the first writes fail', async () => {
    await f.orm.em.fork().execute('alter table es.es_dead_letters rename to es_dead_letters_away');
    const poison = envelope();
    poisoned.add(poison.id);
    const seq = await publish(poison);
    await new Promise((r) => setTimeout(r, 1200)); // both deliveries used up while the table is missing
    await f.orm.em.fork().execute('alter table es.es_dead_letters_away rename to es_dead_letters');
    const letter = await letterOf((payload) => payload.includes(poison.id));
    expect(letter).toMatchObject({ eventId: poison.id, attempts: 2, streamSequence: seq, error: 'Error: cannot apply this event' });
    const jsm = await jetstreamManager(f.nc);
    // terminated (nats-server 2.9 ignores a "+TERM <reason>": it would redeliver and dead-letter twice)
    await eventually(async () => ((await jsm.consumers.info(eventStreamName(f.prefix), 'sequences')).num_ack_pending === 0 ? true : undefined), 5000, 'terminated');
  });

  it('should keep the original stream sequence when a dead letter is retried', async () => {
    const poison = envelope();
    poisoned.add(poison.id);
    const seq = await publish(poison);
    const letter = await letterOf((payload) => payload.includes(poison.id));
    expect(letter.streamSequence).toBe(seq);
    poisoned.delete(poison.id);
    expect(await letters.retry(letter.id, consumer)).toBe(true);
    expect(await applied(poison.id)).toEqual([{ stream_sequence: String(seq) }]);
    expect((await letters.find(letter.id))?.resolvedAt).toBeInstanceOf(Date);
  });

  it('should refuse a forged event (subject, service and stream type disagree) and a malformed one: dead letters with the reason, never applied', async () => {
    const wrongSubject = envelope(); // auth's event on a subject inventory may publish to
    const wrongStream = envelope({ stream: { type: 'item', id: newStreamId(), version: 2 } });
    const unknownService = envelope({ type: 'billing.invoice.paid', stream: { type: 'invoice', id: newStreamId(), version: 1 } });
    const malformed = { ...envelope(), stream: undefined };
    await publish(wrongSubject, 'inventory.item.created');
    await publish(wrongStream);
    await publish(unknownService);
    await publish(JSON.stringify(malformed), 'auth.user.role_changed');
    const reasons = await Promise.all(
      [wrongSubject.id, wrongStream.id, unknownService.id, malformed.id].map(async (id) => {
        const letter = await letterOf((payload) => payload.includes(id));
        expect(letter.attempts).toBe(1); // refused at once: it never becomes valid
        return letter.error;
      }),
    );
    expect(reasons).toEqual([
      `event refused: subject "${f.prefix}.events.inventory.item.created" does not carry event type "auth.user.role_changed"`,
      'event refused: auth.user.role_changed belongs to stream type "user", not "item"',
      'event refused: no service "billing" publishes events',
      'event envelope is not valid: stream: Invalid input: expected object, received undefined',
    ]);
    for (const id of [wrongSubject.id, wrongStream.id, unknownService.id, malformed.id]) expect(await applied(id)).toEqual([]);

    const forged = await letterOf((payload) => payload.includes(wrongSubject.id));
    expect(await letters.retry(forged.id, consumer)).toBe(false); // a retry checks it again
    expect(await applied(wrongSubject.id)).toEqual([]);
  });
});
