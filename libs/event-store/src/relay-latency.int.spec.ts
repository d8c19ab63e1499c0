import { connectNats, drainNats, type NatsConnection } from '@uehub/messaging';
import { eventually, testServers } from '@uehub/testing';
import { EventStore } from './event-store';
import type { ClaimedRow } from './outbox-claims';
import { OutboxRelay } from './outbox-relay';
import { jetStreamPublisher, type RowPublisher } from './relay-publisher';
import { newStreamId, openStoreFixture, streamMessageIds, systemContext, type StoreFixture } from './store.fixture';

/** The sweep never runs during these tests: whatever is published was published on a notification. */
const NO_SWEEP = { pollIntervalMs: 600_000 };

describe('outbox relay latency: passes side by side, woken by NOTIFY (PostgreSQL + NATS)', () => {
  let f: StoreFixture;
  let store: EventStore;
  const connections: NatsConnection[] = [];

  beforeAll(async () => {
    f = await openStoreFixture('relay_latency');
    store = new EventStore(f.tables, f.prefix);
  });
  afterAll(async () => {
    for (const nc of connections) await drainNats(nc);
    await f.close();
  });

  async function append(streamId: string, version: number): Promise<string> {
    const [event] = await f.orm.em.fork().transactional((tx) =>
      store.append(tx, { streamType: 'user', streamId, expectedVersion: version - 1, events: [{ type: 'auth.user.reactivated', data: {} }], context: systemContext }),
    );
    return event.id;
  }

  async function published(ids: string[]): Promise<boolean> {
    const inStream = await streamMessageIds(f.nc, f.prefix);
    return ids.every((id) => inStream.includes(id));
  }

  async function unpublished(): Promise<number> {
    const [row] = await f.orm.em.fork().execute<{ n: number }[]>(`select count(*)::int as n from ${f.tables.outbox} where published_at is null`);
    return row.n;
  }

  async function relayOn(publisher: (nc: NatsConnection) => RowPublisher, extra: { maxPassesInFlight?: number } = {}): Promise<OutboxRelay> {
    const nc = await connectNats(testServers().natsUrl, `relay-latency-${connections.length}`);
    connections.push(nc);
    return new OutboxRelay({ orm: f.orm, nc, tables: f.tables, listenUrl: f.db.target.directUrl, ...NO_SWEEP, publisher: publisher(nc), ...extra });
  }

  /** A publisher that holds the publishes of one stream until `release()`. */
  function holding(streamId: string) {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const held: string[] = [];
    const publisher = (nc: NatsConnection): RowPublisher => {
      const real = jetStreamPublisher(nc, 5000);
      return async (row: ClaimedRow) => {
        if (row.streamId === streamId) {
          held.push(row.eventId);
          await gate;
        }
        await real(row);
      };
    };
    return { publisher, held, release };
  }

  it('should publish a commit notified while another pass is still publishing, without waiting for that pass or the sweep', async () => {
    await f.orm.em.fork().execute(`update ${f.tables.outbox} set published_at = now() where published_at is null`);
    const slow = newStreamId();
    const hold = holding(slow);
    const relay = await relayOn(hold.publisher);
    await relay.start();
    try {
      const slowId = await append(slow, 1);
      await eventually(async () => (hold.held.includes(slowId) ? true : undefined), 10_000, 'the first pass holds its publish');
      // committed while the first pass waits on JetStream: published by a pass of its own
      const quick = await append(newStreamId(), 1);
      await eventually(async () => ((await published([quick])) ? true : undefined), 10_000, 'the second commit published beside the held pass');
      expect(await published([slowId])).toBe(false);

      // the held stream's next version waits for its head, then follows it without the sweep
      const next = await append(slow, 2);
      hold.release();
      await eventually(async () => ((await unpublished()) === 0 ? true : undefined), 10_000, 'the held stream published');
      const inStream = await streamMessageIds(f.nc, f.prefix);
      expect(inStream.indexOf(slowId)).toBeLessThan(inStream.indexOf(next));
      expect(inStream.filter((id) => id === slowId || id === next || id === quick)).toHaveLength(3);
    } finally {
      hold.release();
      await relay.stop();
    }
  });

  it('should have two relays, each with passes side by side, publish every row once (counted at the publisher) and keep each stream in order', async () => {
    const calls = new Map<string, number>();
    const counting = (nc: NatsConnection): RowPublisher => {
      const real = jetStreamPublisher(nc, 5000);
      return async (row) => {
        calls.set(row.eventId, (calls.get(row.eventId) ?? 0) + 1);
        await real(row);
      };
    };
    const relays = [await relayOn(counting), await relayOn(counting)];
    for (const relay of relays) await relay.start();
    try {
      const streams = await Promise.all(
        Array.from({ length: 16 }, async () => {
          const streamId = newStreamId();
          const ids: string[] = [];
          for (let version = 1; version <= 6; version++) ids.push(await append(streamId, version));
          return ids;
        }),
      );
      await eventually(async () => ((await unpublished()) === 0 ? true : undefined), 20_000, 'every row published');
      const all = streams.flat();
      expect(all.map((id) => calls.get(id))).toEqual(all.map(() => 1));
      const inStream = await streamMessageIds(f.nc, f.prefix);
      for (const ids of streams) {
        const at = ids.map((id) => inStream.indexOf(id));
        expect(at).toEqual([...at].sort((a, b) => a - b));
      }
    } finally {
      for (const relay of relays) await relay.stop();
    }
  });

  it('should mark the rows a pass published with one statement', async () => {
    await f.orm.em.fork().execute(`update ${f.tables.outbox} set published_at = now() where published_at is null`);
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) ids.push(await append(newStreamId(), 1));
    const relay = await relayOn((nc) => jetStreamPublisher(nc, 5000));
    expect(await relay.drain()).toBe(30);
    // now() is the statement's transaction start: one time for all 30 rows means one UPDATE
    const marks = await f.orm.em
      .fork()
      .execute<{ n: number }[]>(`select count(distinct published_at)::int as n from ${f.tables.outbox} where event_id = any(?::uuid[])`, [`{${ids.join(',')}}`]);
    expect(marks).toEqual([{ n: 1 }]);
  });
});
