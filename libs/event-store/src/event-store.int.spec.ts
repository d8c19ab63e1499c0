import { EventReader, START, checkpointOf } from './event-reader';
import { EventStore, StreamVersionConflict } from './event-store';
import { OutboxRelay } from './outbox-relay';
import { newStreamId, openStoreFixture, streamMessageIds, systemContext, type StoreFixture } from './store.fixture';
import { eventually } from '@uehub/testing';

describe('event store (PostgreSQL + NATS)', () => {
  let f: StoreFixture;
  let store: EventStore;
  let reader: EventReader;

  beforeAll(async () => {
    f = await openStoreFixture('es');
    store = new EventStore(f.tables, f.prefix);
    reader = new EventReader(f.tables);
  });
  afterAll(() => f.close());

  async function appendDeactivation(streamId: string, expectedVersion: number, slowMs = 0) {
    return f.orm.em.fork().transactional(async (tx) => {
      const events = await store.append(tx, {
        streamType: 'user',
        streamId,
        expectedVersion,
        events: [{ type: 'auth.user.deactivated', data: {} }],
        context: systemContext,
      });
      // keeps the transaction open, so identity values commit out of order
      if (slowMs) await tx.execute(`select pg_sleep(${slowMs / 1000})`);
      return events;
    });
  }

  describe('when appending with an expected version', () => {
    it('should number the stream and refuse a stale version', async () => {
      const id = newStreamId();
      const [first] = await appendDeactivation(id, 0);
      expect(first.stream.version).toBe(1);
      await expect(appendDeactivation(id, 0)).rejects.toBeInstanceOf(StreamVersionConflict);
      const [second] = await appendDeactivation(id, 1);
      expect(second.stream.version).toBe(2);
      const stored = await reader.readStream(f.orm.em.fork(), id);
      expect(stored.map((e) => e.streamVersion)).toEqual([1, 2]);
      expect(stored[0].metadata).toMatchObject({ correlationId: 'test-correlation', actor: { kind: 'system' } });
    });
  });

  describe('when many writers commit out of order', () => {
    it('should let a position-based reader and the relay see every event exactly once', async () => {
      // transaction ids are cluster-wide, so other test files' transactions may hold back
      // what the reader may see yet: count on event ids, not on positions
      const earlier = new Set(
        (await f.orm.em.fork().execute<{ event_id: string }[]>(`select event_id from ${f.tables.events}`)).map((r) => r.event_id),
      );
      const writers = 12;
      const perWriter = 15;
      const expected = new Set<string>();
      const seen: string[] = [];
      let checkpoint = START;
      let writing = true;
      let giveUpAt = Infinity;
      const missing = () => [...expected].some((id) => !seen.includes(id));
      const readLoop = (async () => {
        while ((writing || missing()) && Date.now() < giveUpAt) {
          const batch = await reader.readAll(f.orm.em.fork(), checkpoint, 50);
          for (const event of batch) seen.push(event.eventId);
          if (batch.length) checkpoint = checkpointOf(batch[batch.length - 1]);
          else await new Promise((r) => setTimeout(r, 5));
        }
      })();
      await Promise.all(
        Array.from({ length: writers }, async (_, w) => {
          for (let i = 0; i < perWriter; i++) {
            const [event] = await appendDeactivation(newStreamId(), 0, ((w * 7 + i * 13) % 5) * 10);
            expected.add(event.id);
          }
        }),
      );
      writing = false;
      giveUpAt = Date.now() + 5000;
      await readLoop;
      expect(new Set(seen).size).toBe(seen.length);
      expect(missing()).toBe(false);
      expect(seen.filter((id) => !expected.has(id) && !earlier.has(id))).toEqual([]);

      const relay = new OutboxRelay({ orm: f.orm, nc: f.nc, tables: f.tables });
      await relay.drain();
      const published = await streamMessageIds(f.nc, f.prefix);
      expect(new Set(published).size).toBe(published.length);
      for (const id of expected) expect(published).toContain(id);
    });
  });

  describe('when reading a stream as of a time', () => {
    it('should return only the events that occurred up to then', async () => {
      const id = newStreamId();
      await appendDeactivation(id, 0);
      await new Promise((r) => setTimeout(r, 20));
      const middle = new Date();
      await new Promise((r) => setTimeout(r, 20));
      await appendDeactivation(id, 1);
      const upToMiddle = await reader.readStream(f.orm.em.fork(), id, { upTo: middle });
      expect(upToMiddle.map((e) => e.streamVersion)).toEqual([1]);
    });

    it('should select by stream version, so skewed clocks never fold v1 and v3 without v2', async () => {
      const id = newStreamId();
      for (let version = 0; version < 3; version++) await appendDeactivation(id, version);
      const t0 = Date.parse('2026-01-01T12:00:00Z');
      // v2 was written by a replica whose clock ran 10 s ahead; v3 by one with the right time
      for (const [version, offsetMs] of [[1, 0], [2, 10_000], [3, 5_000]]) {
        await f.orm.em.fork().execute(`update ${f.tables.events} set occurred_at = ? where stream_id = ? and stream_version = ?`, [
          new Date(t0 + offsetMs).toISOString(),
          id,
          version,
        ]);
      }
      const versionsAt = async (offsetMs: number) =>
        (await reader.readStream(f.orm.em.fork(), id, { upTo: new Date(t0 + offsetMs) })).map((e) => e.streamVersion);
      expect(await versionsAt(6_000)).toEqual([1, 2, 3]);
      expect(await versionsAt(2_000)).toEqual([1]);
      expect(await versionsAt(-1)).toEqual([]);
    });
  });

  it('should wake the relay through LISTEN/NOTIFY without waiting for the poll', async () => {
    const relay = new OutboxRelay({ orm: f.orm, nc: f.nc, tables: f.tables, listenUrl: f.db.target.directUrl, pollIntervalMs: 60_000 });
    await relay.start();
    try {
      await relay.drain();
      const [event] = await appendDeactivation(newStreamId(), 0);
      await eventually(async () => ((await streamMessageIds(f.nc, f.prefix)).includes(event.id) ? true : undefined), 5000, 'notified publish');
    } finally {
      await relay.stop();
    }
  });
});
