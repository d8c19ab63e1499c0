import type { EntityManager } from '@mikro-orm/postgresql';
import type { EventEnvelope } from '@uehub/contracts';
import { connectNats, drainNats } from '@uehub/messaging';
import { eventually, TcpProxy, testServers } from '@uehub/testing';
import type { EventHandler } from './consumer-types';
import { EventConsumer } from './event-consumer';
import { EventStore } from './event-store';
import { OutboxRelay } from './outbox-relay';
import { newStreamId, openStoreFixture, streamMessageIds, systemContext, type StoreFixture } from './store.fixture';

/** Records each applied event in es_effects: a second effect would show as a duplicate row. */
const recordEffect: EventHandler = {
  async handle(tx: EntityManager, event: EventEnvelope) {
    await tx.execute('insert into es.es_effects (event_id) values (?)', [event.id]);
  },
};

describe('outbox relay guarantees (PostgreSQL + NATS)', () => {
  let f: StoreFixture;
  let store: EventStore;
  let consumer: EventConsumer;

  beforeAll(async () => {
    f = await openStoreFixture('relay');
    store = new EventStore(f.tables, f.prefix);
    consumer = new EventConsumer({ orm: f.orm, nc: f.nc, tables: f.tables, subjectPrefix: f.prefix, durable: 'effects', handler: recordEffect });
    await consumer.start();
  });
  afterAll(async () => {
    await consumer.stop();
    await f.close();
  });

  async function appendMany(count: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const [event] = await f.orm.em.fork().transactional((tx) =>
        store.append(tx, { streamType: 'user', streamId: newStreamId(), expectedVersion: 0, events: [{ type: 'auth.user.reactivated', data: {} }], context: systemContext }),
      );
      ids.push(event.id);
    }
    return ids;
  }

  async function pendingCount(): Promise<number> {
    const [row] = await f.orm.em.fork().execute<{ n: number }[]>(`select count(*)::int as n from ${f.tables.outbox} where published_at is null`);
    return row.n;
  }

  /** Every id applied exactly once by the consumer. */
  async function expectAppliedOnce(ids: string[]): Promise<void> {
    const rows = await eventually(async () => {
      const found = await f.orm.em.fork().execute<{ event_id: string; n: number }[]>(
        'select event_id, count(*)::int as n from es.es_effects where event_id = any(?::uuid[]) group by event_id',
        [`{${ids.join(',')}}`],
      );
      return found.length === ids.length ? found : undefined;
    }, 15_000, 'every event applied');
    expect(rows.every((row) => row.n === 1)).toBe(true);
  }

  it('(a) should publish events committed while NATS was unreachable once it is back, none lost, none twice', async () => {
    const nats = new URL(testServers().natsUrl);
    const proxy = new TcpProxy(nats.hostname, Number(nats.port || 4222));
    const port = await proxy.open();
    const nc = await connectNats(`nats://127.0.0.1:${port}`, 'relay-behind-proxy');
    const relay = new OutboxRelay({ orm: f.orm, nc, tables: f.tables, pollIntervalMs: 100, publishTimeoutMs: 500 });
    await relay.start();
    try {
      await proxy.cut();
      const ids = await appendMany(20);
      await new Promise((r) => setTimeout(r, 1500));
      expect(await pendingCount()).toBe(20);

      await proxy.open();
      await eventually(async () => ((await pendingCount()) === 0 ? true : undefined), 20_000, 'outbox drained after reconnect');
      const published = await streamMessageIds(f.nc, f.prefix);
      for (const id of ids) expect(published.filter((p) => p === id)).toHaveLength(1);
      await expectAppliedOnce(ids);
    } finally {
      await relay.stop();
      await drainNats(nc);
      await proxy.cut();
    }
  });

  it('(b) should lose nothing when a relay dies between publishing and marking', async () => {
    const ids = await appendMany(10);
    const doomedNc = await connectNats(testServers().natsUrl, 'doomed-relay');
    const lease = { claimLeaseMs: 500 };
    const doomed = new OutboxRelay({
      orm: f.orm,
      nc: doomedNc,
      tables: f.tables,
      ...lease,
      onPublished: async () => {
        // the process dies here: nothing after this line runs, its claims stay until the lease ends
        await doomedNc.close();
        throw new Error('relay process died');
      },
    });
    await expect(doomed.drain()).rejects.toThrow('relay process died');
    expect(await pendingCount()).toBe(10);
    const survivorNow = new OutboxRelay({ orm: f.orm, nc: f.nc, tables: f.tables, ...lease });
    expect(await survivorNow.drain()).toBe(0); // still claimed by the dead relay
    await new Promise((r) => setTimeout(r, 600));

    const survivor = new OutboxRelay({ orm: f.orm, nc: f.nc, tables: f.tables, ...lease });
    expect(await survivor.drain()).toBe(10);
    const published = await streamMessageIds(f.nc, f.prefix);
    for (const id of ids) expect(published.filter((p) => p === id)).toHaveLength(1);
    await expectAppliedOnce(ids);
  });
});
