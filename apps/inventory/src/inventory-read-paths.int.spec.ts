import type { ItemView, Page, RequestContext } from '@uehub/contracts';
import { openInventoryFixture, type InventoryFixture } from './inventory.fixture';
import { ItemCommands } from './items/item-commands.service';
import { itemViewOf, ItemRecord } from './items/item.entity';
import { ISO_MS_UTC } from '@uehub/database';
import { ItemQueries } from './items/item-queries.service';
import { itemRepository, toItemView } from './items/item.repository';

/** Calls per path: a few in the suite; `READ_PATHS_CALLS=2000` for the figures in the docs. */
const CALLS = Number(process.env.READ_PATHS_CALLS ?? 200);
const admin: RequestContext = { actor: { kind: 'user', id: 'a1b2', role: 'admin' }, correlationId: 'read-paths' };

/**
 * The figures behind docs/architecture.md "MikroORM: entities and typed reads": the same reads
 * through the ORM's typed queries and through SQL with bind parameters, CALLS calls each way,
 * two alternating rounds, in one process. Printed, not asserted (the machine is shared); the test checks
 * that both paths answer the same.
 */
describe('inventory reads: typed ORM queries and plain SQL (PostgreSQL)', () => {
  let f: InventoryFixture;
  let holder: string;
  let itemId: string;
  beforeAll(async () => {
    f = await openInventoryFixture('inv_read_paths', { withService: true });
    holder = await f.addUser();
    const commands = f.app!.get(ItemCommands);
    for (let n = 0; n < 20; n++) {
      const item = await commands.create({ sku: `RP-${n}`, name: `Tool ${n}`, location: 'Depot', qty: 5, minQty: 1, userId: holder }, admin);
      itemId = item.id;
    }
  });
  afterAll(() => f.close());

  async function perCall(work: () => Promise<unknown>): Promise<number> {
    const started = performance.now();
    for (let i = 0; i < CALLS; i++) await work();
    return ((performance.now() - started) * 1000) / CALLS;
  }

  it('should give the same answers both ways, and print what each costs per call', async () => {
    const orm = f.orm;
    const ormGet = async () => itemViewOf((await orm.em.fork().findOne(ItemRecord, { id: itemId, deletedAt: null }))!);
    const sqlGet = async () => toItemView((await itemRepository.find(orm.em.fork(), itemId))!);
    const ormHeldBy = async () =>
      (await orm.em.fork().find(ItemRecord, { user: holder, deletedAt: null }, { orderBy: { name: 'asc', id: 'asc' }, limit: 50 })).map(itemViewOf);
    const sqlHeldBy = () => itemRepository.heldBy(orm.em.fork(), holder, 50);
    expect(await ormGet()).toEqual(await sqlGet());
    expect(await ormHeldBy()).toEqual(await sqlHeldBy());

    const figures: Record<string, number[]> = { 'get by id, ORM': [], 'get by id, SQL': [], 'held by (20 rows), ORM': [], 'held by (20 rows), SQL': [] };
    for (let round = 0; round < 2; round++) {
      figures['get by id, ORM'].push(await perCall(ormGet));
      figures['get by id, SQL'].push(await perCall(sqlGet));
      figures['held by (20 rows), ORM'].push(await perCall(ormHeldBy));
      figures['held by (20 rows), SQL'].push(await perCall(sqlHeldBy));
    }
    const lines = Object.entries(figures).map(([name, runs]) => `${name.padEnd(24)} ${runs.map((us) => `${us.toFixed(0)} µs`).join(' / ')} per call`);
    process.stdout.write(`\n${CALLS} calls each, two alternating rounds:\n${lines.join('\n')}\n`);
  }, 600_000);

  it('should send bind parameters on the typed path too: a NUL is refused as data (22021), not a broken connection', async () => {
    const failure = await f.orm.em
      .fork()
      .findOne(ItemRecord, { sku: 'a\u0000b' })
      .then(() => undefined, (error: unknown) => error);
    expect((failure as { code?: string }).code).toBe('22021');
    expect(await f.orm.em.fork().count(ItemRecord, { user: holder })).toBe(20);
  });

  it('should answer a list with the page encoded once: the items as the entity gives them, times as toISOString', async () => {
    const views = (await f.orm.em.fork().find(ItemRecord, { user: holder, deletedAt: null }, { orderBy: { id: 'asc' } })).map(itemViewOf);
    const queries = f.app!.get(ItemQueries);
    const page = await queries.list({ userId: holder, limit: 50 });
    expect(page.json).toBe(JSON.stringify({ items: views, nextCursor: null }));
    expect(page.count).toBe(20);
    const held = JSON.parse((await queries.heldBy(holder, { limit: 5 }, admin)).json) as Page<ItemView>;
    expect(held.items).toHaveLength(5);
    for (const item of held.items) expect(item).toEqual(views.find((view) => view.id === item.id));
    expect(held.nextCursor).toEqual(expect.any(String));
  });

  it('should format times in SQL exactly as Date.toISOString does, whatever the session time zone', async () => {
    const times = ['2026-11-28 04:30:00.123999+00', '1999-12-31 23:59:59.999999-05', '2026-03-29 01:59:59.5+01', '2026-01-01 00:00:00+00'];
    await f.orm.em.fork().transactional(async (tx) => {
      await tx.execute(`set local time zone 'America/New_York'`);
      for (const time of times) {
        const [row] = await tx.execute<{ iso: string; at: Date }[]>(`select ${ISO_MS_UTC('t')} as iso, t as at from (select ?::timestamptz as t) s`, [time]);
        expect(row.iso).toBe(new Date(row.at).toISOString());
      }
    });
  });
});
