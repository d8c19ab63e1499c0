import { deleteEventStream, ensureEventStream } from '@uehub/messaging';
import { EventStore } from './event-store';
import { OutboxRelay } from './outbox-relay';
import { republishEvents } from './outbox-republish';
import { newStreamId, openStoreFixture, streamMessageIds, systemContext, type StoreFixture } from './store.fixture';
import { streamMessages } from './republish.fixture';

describe('republishing after the broker lost data (PostgreSQL + NATS)', () => {
  let f: StoreFixture;

  beforeAll(async () => {
    f = await openStoreFixture('republish');
  });
  afterAll(() => f.close());

  it('should publish the stored events again from a position, in order, with the envelopes the relay sent', async () => {
    const store = new EventStore(f.tables, f.prefix);
    const stream = newStreamId();
    for (let version = 0; version < 5; version++) {
      await f.orm.em.fork().transactional((tx) =>
        store.append(tx, {
          streamType: 'user',
          streamId: stream,
          expectedVersion: version,
          events: [{ type: 'auth.user.updated', data: { name: `v${version + 1}` }, changes: { name: { from: `v${version}`, to: `v${version + 1}` } } }],
          context: { ...systemContext, requestId: 'r-1' },
        }),
      );
    }
    await new OutboxRelay({ orm: f.orm, nc: f.nc, tables: f.tables }).drain();
    const original = await streamMessages(f.nc, f.prefix);
    expect(original).toHaveLength(5);
    const positions = await f.orm.em.fork().execute<{ p: string }[]>(`select global_position::text as p from ${f.tables.events} order by global_position`);

    // the broker loses its stream
    await deleteEventStream(f.nc, f.prefix);
    await ensureEventStream(f.nc, f.prefix);
    const fromThird = await republishEvents({ orm: f.orm, nc: f.nc, tables: f.tables, subjectPrefix: f.prefix, fromPosition: BigInt(positions[2].p) });
    expect(fromThird).toEqual({ published: 3, lastPosition: positions[4].p });
    expect(await streamMessages(f.nc, f.prefix)).toEqual(original.slice(2));

    // after the outbox was pruned the envelopes are rebuilt from the event rows: the same envelopes
    await f.orm.em.fork().execute(`delete from ${f.tables.outbox}`);
    await deleteEventStream(f.nc, f.prefix);
    await ensureEventStream(f.nc, f.prefix);
    await republishEvents({ orm: f.orm, nc: f.nc, tables: f.tables, subjectPrefix: f.prefix, fromPosition: 1n });
    expect(await streamMessages(f.nc, f.prefix)).toEqual(original);
    expect(await streamMessageIds(f.nc, f.prefix)).toHaveLength(5);
  });
});
