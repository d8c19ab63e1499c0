import { connectNats, drainNats, type NatsConnection } from '@uehub/messaging';
import { eventually, testServers } from '@uehub/testing';
import { DeadLetters } from './dead-letters';
import { EventStore } from './event-store';
import { OUTBOX_DEAD_LETTER_CONSUMER, type ClaimedRow } from './outbox-claims';
import { OutboxRelay } from './outbox-relay';
import { jetStreamPublisher, type RowPublisher } from './relay-publisher';
import { newStreamId, openStoreFixture, streamMessageIds, systemContext, type StoreFixture } from './store.fixture';

describe('outbox relay: three relays, stream order, a failing stream (PostgreSQL + NATS)', () => {
  let f: StoreFixture;
  let store: EventStore;
  const connections: NatsConnection[] = [];
  const relays: OutboxRelay[] = [];
  /** Stream id → publishes still to refuse (Infinity: until told otherwise). */
  const refuse = new Map<string, number>();
  const refused: string[] = [];

  /** A JetStream publisher that refuses the rows of chosen streams: the broker works, the row does not. */
  function failingFor(nc: NatsConnection): RowPublisher {
    const real = jetStreamPublisher(nc, 2000);
    return async (row: ClaimedRow) => {
      const left = refuse.get(row.streamId) ?? 0;
      if (left > 0) {
        refuse.set(row.streamId, left - 1);
        refused.push(row.eventId);
        throw new Error(`stream ${row.streamId} refused`);
      }
      await real(row);
    };
  }

  beforeAll(async () => {
    f = await openStoreFixture('relay_streams');
    store = new EventStore(f.tables, f.prefix);
    for (let i = 0; i < 3; i++) {
      const nc = await connectNats(testServers().natsUrl, `relay-${i}`);
      connections.push(nc);
      relays.push(
        new OutboxRelay({ orm: f.orm, nc, tables: f.tables, pollIntervalMs: 50, maxAttempts: 3, retryBaseMs: 100, retryMaxMs: 200, publisher: failingFor(nc) }),
      );
    }
    for (const relay of relays) await relay.start();
  });
  afterAll(async () => {
    for (const relay of relays) await relay.stop();
    for (const nc of connections) await drainNats(nc);
    await f.close();
  });

  async function append(streamId: string, version: number, holdMs = 0): Promise<string> {
    const [event] = await f.orm.em.fork().transactional(async (tx) => {
      const appended = await store.append(tx, {
        streamType: 'user',
        streamId,
        expectedVersion: version - 1,
        events: [{ type: version % 2 ? 'auth.user.deactivated' : 'auth.user.reactivated', data: {} }],
        context: systemContext,
      });
      if (holdMs > 0) await new Promise((r) => setTimeout(r, holdMs)); // a writer whose transaction commits late
      return appended;
    });
    return event.id;
  }

  async function outboxRow(eventId: string) {
    const [row] = await f.orm.em
      .fork()
      .execute<{ attempts: number; last_error: string | null; parked: boolean; published: boolean }[]>(
        `select attempts, last_error, parked_at is not null as parked, published_at is not null as published from ${f.tables.outbox} where event_id = ?`,
        [eventId],
      );
    return row;
  }

  async function unpublished(): Promise<number> {
    const [row] = await f.orm.em.fork().execute<{ n: number }[]>(`select count(*)::int as n from ${f.tables.outbox} where published_at is null`);
    return row.n;
  }

  /** Every id once in the JetStream stream, and each stream's ids in their order. */
  async function expectPublishedOnceInOrder(streams: string[][]): Promise<void> {
    const published = await streamMessageIds(f.nc, f.prefix);
    for (const ids of streams) {
      for (const id of ids) expect(published.filter((p) => p === id)).toHaveLength(1);
      expect(ids.map((id) => published.indexOf(id))).toEqual([...ids.map((id) => published.indexOf(id))].sort((a, b) => a - b));
    }
  }

  it('should publish the other streams, park the failing one (listed with the dead letters) and publish it in order after a retry', async () => {
    const failing = newStreamId();
    const flaky = newStreamId();
    refuse.set(failing, Infinity);
    refuse.set(flaky, 2); // recovers before it is parked
    const others = Array.from({ length: 10 }, () => newStreamId());
    const ids = new Map<string, string[]>([[failing, []], [flaky, []], ...others.map((s): [string, string[]] => [s, []])]);
    for (let version = 1; version <= 5; version++) {
      for (const [streamId, list] of ids) list.push(await append(streamId, version));
    }
    const othersIds = others.flatMap((s) => ids.get(s)!);

    // the other streams flow while the failing stream is refused
    const head = ids.get(failing)![0];
    await eventually(
      async () => ((await unpublished()) === 5 && (await outboxRow(head)).parked ? true : undefined),
      20_000,
      'every stream but the failing one published, and its head parked',
    );
    for (const id of [...othersIds, ...ids.get(flaky)!]) expect((await outboxRow(id)).published).toBe(true);
    expect(await outboxRow(head)).toEqual({ attempts: 3, last_error: `stream ${failing} refused`, parked: true, published: false });
    for (const id of ids.get(failing)!.slice(1)) expect(await outboxRow(id)).toMatchObject({ attempts: 0, published: false });
    expect(refused.filter((id) => id !== head && !ids.get(flaky)!.includes(id))).toEqual([]); // nothing behind the head was tried

    // listed with the dead letters, and a retry publishes it; the rest of its stream follows in order
    const letters = new DeadLetters(f.orm, f.tables);
    const [letter] = await letters.list({ consumer: OUTBOX_DEAD_LETTER_CONSUMER });
    expect(letter).toMatchObject({ eventId: head, attempts: 3, resolvedAt: null, error: `publish failed 3 times: stream ${failing} refused` });
    refuse.delete(failing);
    expect(await letters.retry(letter.id, relays[1])).toBe(true);
    await eventually(async () => ((await unpublished()) === 0 ? true : undefined), 20_000, 'the failing stream published after the retry');
    expect(await letters.list({ consumer: OUTBOX_DEAD_LETTER_CONSUMER })).toEqual([]);
    await expectPublishedOnceInOrder([...ids.values()]);
  });

  it('should skip nothing and keep each stream in order under concurrent writers whose transactions commit late', async () => {
    const writers = Array.from({ length: 12 }, () => newStreamId());
    const ids = await Promise.all(
      writers.map(async (streamId) => {
        const list: string[] = [];
        for (let version = 1; version <= 4; version++) list.push(await append(streamId, version, Math.floor(Math.random() * 40)));
        return list;
      }),
    );
    await eventually(async () => ((await unpublished()) === 0 ? true : undefined), 20_000, 'every event published');
    await expectPublishedOnceInOrder(ids);
  });
});
