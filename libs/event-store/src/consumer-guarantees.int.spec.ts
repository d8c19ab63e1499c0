import { jetstream } from '@nats-io/jetstream';
import type { EntityManager } from '@mikro-orm/postgresql';
import { eventSubject, type EventEnvelope } from '@uehub/contracts';
import { openServiceOrm } from '@uehub/database';
import { eventually, TcpProxy } from '@uehub/testing';
import { v7 as uuidv7 } from 'uuid';
import { DeadLetters } from './dead-letters';
import { EventConsumer } from './event-consumer';
import { openStoreFixture, userEventEnvelope, type StoreFixture } from './store.fixture';

const envelope = () => userEventEnvelope();

describe('idempotent consumer (PostgreSQL + NATS)', () => {
  let f: StoreFixture;
  let consumer: EventConsumer;
  const poisoned = new Set<string>();

  beforeAll(async () => {
    f = await openStoreFixture('consumer');
    consumer = new EventConsumer({
      orm: f.orm,
      nc: f.nc,
      tables: f.tables,
      subjectPrefix: f.prefix,
      durable: 'effects',
      maxDeliver: 3,
      backoffMs: [50, 100],
      handler: {
        async handle(tx: EntityManager, event: EventEnvelope) {
          if (poisoned.has(event.id)) throw new Error('cannot apply this event');
          await tx.execute('insert into es.es_effects (event_id) values (?)', [event.id]);
        },
      },
    });
    await consumer.start();
  });
  afterAll(async () => {
    await consumer.stop();
    await f.close();
  });

  const publish = (event: EventEnvelope | string, msgID = uuidv7()) =>
    jetstream(f.nc).publish(eventSubject(f.prefix, 'auth.user.reactivated'), typeof event === 'string' ? event : JSON.stringify(event), { msgID });

  async function effects(id: string): Promise<number> {
    const [row] = await f.orm.em.fork().execute<{ n: number }[]>('select count(*)::int as n from es.es_effects where event_id = ?', [id]);
    return row.n;
  }

  it('(d) should give a redelivered event no second effect', async () => {
    const event = envelope();
    await publish(event);
    await publish(event); // same event under another message id: the broker cannot de-duplicate it
    const marker = envelope();
    await publish(marker);
    await eventually(async () => ((await effects(marker.id)) === 1 ? true : undefined), 10_000, 'marker applied');
    expect(await effects(event.id)).toBe(1);
  });

  it('(f) should dead-letter a poison event after bounded retries without blocking the others, and retry it later', async () => {
    const poison = envelope();
    poisoned.add(poison.id);
    const others = [envelope(), envelope(), envelope()];
    await publish(poison);
    await publish('{ this is not an event');
    for (const event of others) await publish(event);

    for (const event of others) {
      await eventually(async () => ((await effects(event.id)) === 1 ? true : undefined), 10_000, 'the other events applied');
    }
    const deadLetters = new DeadLetters(f.orm, f.tables);
    const letters = await eventually(async () => {
      const list = await deadLetters.list({ consumer: 'effects' });
      return list.length === 2 ? list : undefined;
    }, 15_000, 'two dead letters');
    const poisonLetter = letters.find((l) => l.eventId === poison.id)!;
    expect(poisonLetter).toMatchObject({ attempts: 3, error: expect.stringContaining('cannot apply this event') });
    expect(letters.find((l) => l.eventId === null)?.error).toContain('not valid JSON');
    expect(await effects(poison.id)).toBe(0);

    poisoned.delete(poison.id);
    expect(await deadLetters.retry(poisonLetter.id, consumer)).toBe(true);
    expect(await effects(poison.id)).toBe(1);
    expect(await deadLetters.retry(poisonLetter.id, consumer)).toBe(true);
    expect(await effects(poison.id)).toBe(1);
    expect((await deadLetters.list({ consumer: 'effects' })).map((l) => l.eventId)).toEqual([null]);
  });

  it('should hold events while its database is unreachable instead of dead-lettering them', async () => {
    const direct = new URL(f.db.target.pooledUrl);
    const proxy = new TcpProxy(direct.hostname, Number(direct.port || 5432));
    const proxied = new URL(direct);
    proxied.port = String(await proxy.open());
    // a plain TCP proxy, not a pooler: both of the service's URLs go through it
    const orm = await openServiceOrm({ ...f.db, target: { ...f.db.target, pooledUrl: proxied.toString(), directUrl: proxied.toString() } });
    const recordEffect = {
      async handle(tx: EntityManager, event: EventEnvelope) {
        await tx.execute('insert into es.es_effects (event_id) values (?)', [event.id]);
      },
    };
    const cutOff = new EventConsumer({ orm, nc: f.nc, tables: f.tables, subjectPrefix: f.prefix, durable: 'cut-off', maxDeliver: 2, backoffMs: [50], handler: recordEffect });
    await cutOff.start();
    try {
      await proxy.cut();
      const events = [envelope(), envelope(), envelope()];
      for (const event of events) await publish(event);
      await new Promise((r) => setTimeout(r, 3000)); // far longer than 2 deliveries × 50 ms back-off
      await proxy.open();
      for (const event of events) {
        // the durable 'effects' consumer applies them too, so each event has two effects in the end
        await eventually(async () => ((await effects(event.id)) === 2 ? true : undefined), 20_000, 'applied after the outage');
      }
      // (the unreadable message of test (f) is dead-lettered by this durable too: it reads the stream from the start)
      const letters = await new DeadLetters(f.orm, f.tables).list({ consumer: 'cut-off' });
      expect(letters.filter((letter) => events.some((event) => event.id === letter.eventId))).toEqual([]);
    } finally {
      await cutOff.stop();
      await orm.close(true);
      await proxy.cut();
    }
  });
});

