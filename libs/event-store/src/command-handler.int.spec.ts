import type { EntityManager } from '@mikro-orm/postgresql';
import type { RequestContext } from '@uehub/contracts';
import { type AppError } from '@uehub/errors';
import { CommandHandler } from './command-handler';
import type { Aggregate, Folded } from './decider';
import { EventStore, type NewEvent } from './event-store';
import { idempotencyDdl } from './idempotency-store';
import { newStreamId, openStoreFixture, systemContext, type StoreFixture } from './store.fixture';

// A counter stream whose state is folded from its events on every load (no row, no lock), so
// concurrent writers really race on the (stream_id, stream_version) index.
type Count = number;
const tick: NewEvent = { type: 'inventory.item.deleted', data: {} };
const counter = (f: StoreFixture, options: { slowMs?: number } = {}): Aggregate<Count, 'tick'> => ({
  streamType: 'counter',
  decider: { initialState: 0, decide: () => [tick], evolve: (n) => n + 1 },
  projection: {
    async load(tx: EntityManager, id: string): Promise<Folded<Count> | undefined> {
      const [row] = await tx.execute<{ n: number }[]>(`select count(*)::int as n from ${f.tables.events} where stream_id = ?`, [id]);
      if (options.slowMs) await new Promise((resolve) => setTimeout(resolve, options.slowMs));
      return row.n ? { state: row.n, version: row.n, createdAt: '', updatedAt: '' } : undefined;
    },
    save: async () => undefined,
  },
});

describe('CommandHandler (PostgreSQL)', () => {
  let f: StoreFixture;
  let handler: CommandHandler;
  const count = async (id: string) =>
    (await f.orm.em.fork().execute<{ n: number }[]>(`select count(*)::int as n from ${f.tables.events} where stream_id = ?`, [id]))[0].n;
  const errorOf = (promise: Promise<unknown>) => promise.then(() => undefined, (error: AppError) => error.code);

  beforeAll(async () => {
    f = await openStoreFixture('cmd_handler');
    for (const sql of idempotencyDdl(f.tables)) await f.orm.em.fork().execute(sql);
    handler = new CommandHandler(f.orm, new EventStore(f.tables, f.prefix));
  });
  afterAll(() => f.close());

  describe('when writers race on one stream', () => {
    it('should re-decide the losers so that every command lands', async () => {
      const id = newStreamId();
      const results = await Promise.allSettled(Array.from({ length: 4 }, () => handler.handle(counter(f, { slowMs: 30 }), id, 'tick', { context: systemContext }, () => 'ok')));
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
      expect(await count(id)).toBe(4);
    });
    it('should answer 412 VERSION_MISMATCH, without retrying, to a caller whose If-Match is stale', async () => {
      const id = newStreamId();
      await handler.handle(counter(f), id, 'tick', { context: systemContext }, () => 'ok');
      expect(await errorOf(handler.handle(counter(f), id, 'tick', { context: systemContext, expectedVersion: 3 }, () => 'ok'))).toBe('VERSION_MISMATCH');
      expect(await count(id)).toBe(1);
    });
  });

  describe('when the caller has a deadline', () => {
    it('should not start work whose deadline has passed', async () => {
      const id = newStreamId();
      const context: RequestContext = { ...systemContext, deadline: Date.now() - 1 };
      expect(await errorOf(handler.handle(counter(f), id, 'tick', { context }, () => 'ok'))).toBe('SERVICE_TIMEOUT');
      expect(await count(id)).toBe(0);
    });
    it('should roll back work that would commit after the deadline', async () => {
      const id = newStreamId();
      const context: RequestContext = { ...systemContext, deadline: Date.now() + 100 };
      const late = handler.run({ context }, async (session) => {
        await session.execute(counter(f), id, 'tick');
        await new Promise((resolve) => setTimeout(resolve, 200));
      });
      expect(await errorOf(late)).toBe('SERVICE_TIMEOUT');
      expect(await count(id)).toBe(0);
    });
    it('should cut a statement that would outlive the deadline', async () => {
      const context: RequestContext = { ...systemContext, deadline: Date.now() + 200 };
      const started = Date.now();
      expect(await errorOf(handler.run({ context }, (session) => session.tx.execute('select pg_sleep(5)')))).toBe('SERVICE_TIMEOUT');
      expect(Date.now() - started).toBeLessThan(2000);
    });
  });

  describe('when a repeat comes while the first request with its key still runs', () => {
    it('should wait for it (bounded), then answer 409 IDEMPOTENCY_KEY_IN_USE', async () => {
      const id = newStreamId();
      const context: RequestContext = { ...systemContext, idempotencyKey: 'slow-one', deadline: Date.now() + 5000 };
      const request = { pattern: 'test.tick', payload: { id } };
      const first = handler.run({ context, request }, async (session) => {
        await session.execute(counter(f), id, 'tick');
        await new Promise((resolve) => setTimeout(resolve, 1200));
        return 'first';
      });
      await new Promise((resolve) => setTimeout(resolve, 100));
      const repeat = handler.run({ context: { ...context, deadline: Date.now() + 600 }, request }, async () => 'second');
      expect(await errorOf(repeat)).toBe('IDEMPOTENCY_KEY_IN_USE');
      await expect(first).resolves.toBe('first');
      await expect(handler.run({ context: { ...context, deadline: undefined }, request }, async () => 'third')).resolves.toBe('first');
      expect(await count(id)).toBe(1);
    });
  });
});
