// The ack wait is short (what a dead replica held comes to another within seconds) and a replica
// keeps what it holds from redelivery however long it works on it (issue 13: after a fault the
// audit log waited for a 30 s ack wait).
import { jetstream } from '@nats-io/jetstream';
import { eventSubject, type EventEnvelope } from '@uehub/contracts';
import { connectNats, type NatsConnection } from '@uehub/messaging';
import { eventually, testServers } from '@uehub/testing';
import { CONSUMER_ACK_WAIT_MS, EventConsumer } from './event-consumer';
import type { EventHandler } from './consumer-types';
import { openStoreFixture, userEventEnvelope, type StoreFixture } from './store.fixture';

describe('event consumer: ack wait and keeping held messages (PostgreSQL + NATS)', () => {
  let f: StoreFixture;
  /** Every time a replica took up an event (its `prepare`), by event id. */
  const takenBy = new Map<string, string[]>();
  /** What a replica's `prepare` waits for before it returns, by replica and event id. */
  const stalls = new Map<string, Promise<void>>();

  const replica = (name: string, durable: string, type: string, nc: NatsConnection = f.nc) => {
    const handler: EventHandler = {
      async prepare(event) {
        takenBy.set(event.id, [...(takenBy.get(event.id) ?? []), name]);
        await stalls.get(`${name}/${event.id}`);
      },
      async handle(tx, event) {
        await tx.execute('insert into es.es_effects (event_id) values (?)', [event.id]);
      },
    };
    return new EventConsumer({ orm: f.orm, nc, tables: f.tables, subjectPrefix: f.prefix, durable, filterSubject: eventSubject(f.prefix, type), handler });
  };

  beforeAll(async () => {
    f = await openStoreFixture('consumer_ack_wait');
  });
  afterAll(() => f.close());

  const publish = (event: EventEnvelope) => jetstream(f.nc).publish(eventSubject(f.prefix, event.type), JSON.stringify(event), { msgID: event.id });
  const applied = (id: string) => async () => {
    const [row] = await f.orm.em.fork().execute<{ n: number }[]>('select count(*)::int as n from es.es_effects where event_id = ?', [id]);
    return row.n > 0 ? row.n : undefined;
  };

  it('should keep an event it works on for longer than the ack wait from going to another replica', async () => {
    const type = 'auth.user.reactivated';
    const [a, b] = [replica('a', 'slow', type), replica('b', 'slow', type)];
    await a.start();
    const event = userEventEnvelope(type);
    stalls.set(`a/${event.id}`, new Promise((resolve) => setTimeout(resolve, CONSUMER_ACK_WAIT_MS + 2500)));
    try {
      await publish(event);
      await eventually(async () => takenBy.get(event.id), 5000, 'replica a took the event');
      await b.start(); // idle: a redelivery would go to it at once
      expect(await eventually(applied(event.id), CONSUMER_ACK_WAIT_MS + 10_000, 'the event applied')).toBe(1);
      expect(takenBy.get(event.id)).toEqual(['a']);
    } finally {
      await a.stop();
      await b.stop();
    }
  });

  it('should give what a replica held when it died to another replica within the ack wait', async () => {
    const type = 'auth.user.deactivated';
    const dying = await connectNats(testServers().natsUrl, 'test-dying-replica');
    const [a, b] = [replica('a', 'died', type, dying), replica('b', 'died', type)];
    let release = () => {};
    await a.start();
    const event = userEventEnvelope(type);
    stalls.set(`a/${event.id}`, new Promise<void>((resolve) => (release = resolve)));
    try {
      await publish(event);
      await eventually(async () => takenBy.get(event.id), 5000, 'replica a took the event');
      await b.start();
      // a dies holding it: no ack and no more `working()` from it
      const diedAt = Date.now();
      await dying.close();
      expect(await eventually(applied(event.id), CONSUMER_ACK_WAIT_MS + 5000, 'the event applied by replica b')).toBe(1);
      expect({ takenBy: takenBy.get(event.id), withinAckWait: Date.now() - diedAt < CONSUMER_ACK_WAIT_MS + 3000 }).toEqual({ takenBy: ['a', 'b'], withinAckWait: true });
    } finally {
      release();
      await a.stop();
      await b.stop();
    }
  });
});
