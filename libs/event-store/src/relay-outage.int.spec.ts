import { deleteEventStream, ensureEventStream } from '@uehub/messaging';
import { eventually, testSubjectPrefix } from '@uehub/testing';
import { EventStore } from './event-store';
import { OutboxRelay } from './outbox-relay';
import type { RelayLog } from './relay-publisher';
import { newStreamId, openStoreFixture, streamMessageIds, systemContext, type StoreFixture } from './store.fixture';

/** Records what the relay logs. */
function recorder(): RelayLog & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (_f, m) => lines.push(m), warn: (_f, m) => lines.push(m), error: (_f, m) => lines.push(m) };
}

describe('outbox relay under a JetStream outage, and pruning (PostgreSQL + NATS)', () => {
  let f: StoreFixture;

  beforeAll(async () => {
    f = await openStoreFixture('relay_outage');
  });
  afterAll(() => f.close());

  async function appendMany(store: EventStore, count: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const [event] = await f.orm.em.fork().transactional((tx) =>
        store.append(tx, { streamType: 'user', streamId: newStreamId(), expectedVersion: 0, events: [{ type: 'auth.user.reactivated', data: {} }], context: systemContext }),
      );
      ids.push(event.id);
    }
    return ids;
  }

  it('should back off while JetStream refuses every message, say so once, count no attempts, and resume', async () => {
    // a prefix without a stream: JetStream refuses every message; a plain subscriber sees each try
    const prefix = testSubjectPrefix('relay_refused');
    const store = new EventStore(f.tables, prefix);
    let tries = 0;
    const sub = f.nc.subscribe(`${prefix}.events.>`, {
      callback: () => {
        tries++;
      },
    });
    const log = recorder();
    const relay = new OutboxRelay({ orm: f.orm, nc: f.nc, tables: f.tables, listenUrl: f.db.target.directUrl, pollIntervalMs: 50, publishTimeoutMs: 100, outageMaxDelayMs: 1000, log });
    await relay.start();
    try {
      const ids = await appendMany(store, 20); // 20 notifications plus a poll every 50 ms
      await new Promise((r) => setTimeout(r, 3000));
      expect(tries).toBeLessThanOrEqual(20 + 10); // the first pass, then one row per back-off step (250 ms doubling to 1 s)
      expect(relay.waiting).toBe(true);
      const [row] = await f.orm.em.fork().execute<{ n: number; attempts: number }[]>(
        `select count(*)::int as n, coalesce(sum(attempts), 0)::int as attempts from ${f.tables.outbox} where published_at is null`,
      );
      expect(row).toEqual({ n: 20, attempts: 0 });
      expect(log.lines).toEqual(['JetStream is not accepting messages; the outbox relay waits and retries with back-off']);

      await ensureEventStream(f.nc, prefix);
      await eventually(async () => ((await relay.pending()) === 0 ? true : undefined), 10_000, 'published once JetStream takes messages');
      const published = await streamMessageIds(f.nc, prefix);
      expect([...published].sort()).toEqual([...ids].sort());
      // said once each; a row whose publish timed out (100 ms) while the stream came up may be
      // counted as one row failure in between, which is the relay's normal per-row retry
      const outageLines = log.lines.filter((line) => !line.startsWith('JetStream refused an outbox row'));
      expect(outageLines).toEqual([
        'JetStream is not accepting messages; the outbox relay waits and retries with back-off',
        'JetStream accepts messages again; the outbox relay resumes',
      ]);
    } finally {
      sub.unsubscribe();
      await relay.stop();
      await deleteEventStream(f.nc, prefix);
    }
  });

  it('should prune published rows past the retention and keep the rest', async () => {
    const store = new EventStore(f.tables, f.prefix);
    const relay = new OutboxRelay({ orm: f.orm, nc: f.nc, tables: f.tables, retentionMs: 3600_000 });
    const [old, recent] = await appendMany(store, 2);
    const [pending] = await f.orm.em.fork().transactional((tx) =>
      store.append(tx, { streamType: 'user', streamId: newStreamId(), expectedVersion: 0, events: [{ type: 'auth.user.reactivated', data: {} }], context: systemContext }),
    );
    await relay.drain();
    await f.orm.em.fork().execute(`update ${f.tables.outbox} set published_at = null where event_id = ?`, [pending.id]);
    await f.orm.em.fork().execute(`update ${f.tables.outbox} set published_at = now() - interval '2 hours' where event_id = ?`, [old]);
    expect(await relay.prune()).toBeGreaterThanOrEqual(1);
    const rows = await f.orm.em.fork().execute<{ event_id: string }[]>(`select event_id from ${f.tables.outbox} where event_id = any(?::uuid[])`, [
      `{${[old, recent, pending.id].join(',')}}`,
    ]);
    expect(rows.map((r) => r.event_id).sort()).toEqual([recent, pending.id].sort());
  });
});
