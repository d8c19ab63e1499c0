// Only a poison event may reach the dead-letter table: outages, lost races and redeliveries after
// a crashed replica never count as failures of an event (issue 13: audit records lost in a fault run).
import { jetstream } from '@nats-io/jetstream';
import type { EntityManager } from '@mikro-orm/postgresql';
import { eventStreamName, eventSubject, type EventEnvelope } from '@uehub/contracts';
import { eventually } from '@uehub/testing';
import { v7 as uuidv7 } from 'uuid';
import { DeadLetters } from './dead-letters';
import { EventConsumer } from './event-consumer';
import type { EventHandler } from './consumer-types';
import { openStoreFixture, userEventEnvelope, type StoreFixture } from './store.fixture';

const envelope = (type?: string) => userEventEnvelope(type);

describe('event consumer: transient failures and redeliveries are no failures of the event (PostgreSQL + NATS)', () => {
  let f: StoreFixture;
  /** Failures still to throw, by event id, before the handler applies the event. */
  const failFirst = new Map<string, { left: number; fail: (tx: EntityManager) => Promise<void> }>();
  const handler: EventHandler = {
    async handle(tx, event) {
      const planned = failFirst.get(event.id);
      if (planned && planned.left > 0) {
        planned.left -= 1;
        await planned.fail(tx);
      }
      await tx.execute('insert into es.es_effects (event_id) values (?)', [event.id]);
    },
  };
  const consumerOf = (durable: string, filterSubject?: string) =>
    new EventConsumer({ orm: f.orm, nc: f.nc, tables: f.tables, subjectPrefix: f.prefix, durable, filterSubject, maxDeliver: 2, backoffMs: [20], handler });

  beforeAll(async () => {
    f = await openStoreFixture('consumer_transient');
  });
  afterAll(() => f.close());

  const publish = (event: EventEnvelope) => jetstream(f.nc).publish(eventSubject(f.prefix, event.type), JSON.stringify(event), { msgID: uuidv7() });
  const effects = async (id: string) => {
    const [row] = await f.orm.em.fork().execute<{ n: number }[]>('select count(*)::int as n from es.es_effects where event_id = ?', [id]);
    return row.n;
  };
  const lettersOf = async (durable: string) => (await new DeadLetters(f.orm, f.tables).list({ consumer: durable })).map((letter) => letter.error);

  it('should hold events through real serialization failures, too many connections and NATS no-responders, and dead-letter none', async () => {
    const raise = (sqlstate: string) => async (tx: EntityManager) => {
      await tx.execute(`do $$ begin raise exception 'transient' using errcode = '${sqlstate}'; end $$`);
    };
    const noResponders = async () => {
      await f.nc.request(`${f.prefix}.nobody.listens`, '', { timeout: 500 });
    };
    const events = [envelope(), envelope(), envelope()];
    const failures = [raise('40001'), raise('53300'), noResponders];
    // more tries than a poison event gets: maxDeliver (2) deliveries, each as part of a batch and alone
    events.forEach((event, index) => failFirst.set(event.id, { left: 5, fail: failures[index] }));
    const consumer = consumerOf('transient');
    await consumer.start();
    try {
      for (const event of events) {
        await publish(event);
        await eventually(async () => ((await effects(event.id)) === 1 ? true : undefined), 20_000, 'applied after its transient failures');
      }
      expect(events.map((event) => failFirst.get(event.id)!.left)).toEqual([0, 0, 0]);
      expect(await lettersOf('transient')).toEqual([]);
    } finally {
      await consumer.stop();
    }
  });

  // (a nak stands for the redelivery a crashed replica's lost ack wait brings; the server used to stop at maxDeliver + 1)
  it('should apply an event whose deliveries were used up by replicas that died holding it, counting only its own failures', async () => {
    const durable = 'crashed';
    const type = 'auth.user.deactivated'; // a subject of its own: the first test's events are not in its way
    const consumer = consumerOf(durable, eventSubject(f.prefix, type));
    await consumer.start(); // creates the durable with the consumer's settings
    await consumer.stop();
    const event = envelope(type);
    failFirst.set(event.id, { left: 1, fail: () => Promise.reject(new Error('fails once for a reason of its own')) });
    await publish(event);
    // five replicas take it and die before they ack (nak: the redelivery a lost ack wait would bring)
    const pull = await jetstream(f.nc).consumers.get(eventStreamName(f.prefix), durable);
    for (let delivery = 1; delivery <= 5; delivery++) {
      const msg = await pull.next({ expires: 5000 });
      expect(msg?.info.deliveryCount).toBe(delivery);
      msg!.nak();
    }
    const restarted = consumerOf(durable, eventSubject(f.prefix, type));
    await restarted.start();
    try {
      await eventually(async () => ((await effects(event.id)) === 1 ? true : undefined), 15_000, 'applied on its sixth delivery, after one failure of its own');
      expect(await lettersOf(durable)).toEqual([]);
    } finally {
      await restarted.stop();
    }
  });
});
