import type { RequestContext } from '@uehub/contracts';
import { readUserEvents } from '@uehub/user-replica';
import { openInventoryFixture, type InventoryFixture } from './inventory.fixture';
import { ItemCommands } from './items/item-commands.service';
import { rebuildAndCompare, rebuildInventory } from './rebuild/rebuild-projections';

const manager: RequestContext = { actor: { kind: 'user', id: 'a1b2', role: 'admin' }, correlationId: 'rebuild-test' };

describe('rebuilding inventory projections from events (PostgreSQL + NATS)', () => {
  let f: InventoryFixture;
  let commands: ItemCommands;

  beforeAll(async () => {
    f = await openInventoryFixture('inv_rebuild', { withService: true });
    commands = f.app!.get(ItemCommands);
    const holder = await f.addUser();
    const drill = await commands.create({ sku: 'DR-1', name: 'Drill', location: 'Depot', qty: 10, minQty: 3, userId: holder }, manager);
    await commands.move(drill.id, { kind: 'issue', quantity: 8, reason: 'job 17' }, undefined, manager);
    await commands.move(drill.id, { kind: 'receive', quantity: 5 }, undefined, manager);
    await commands.move(drill.id, { kind: 'transfer', quantity: 4, toLocation: 'Van 3' }, undefined, manager);
    await commands.move(drill.id, { kind: 'transfer', quantity: 1, toLocation: 'Van 3' }, undefined, manager);
    await commands.move(drill.id, { kind: 'adjust', quantity: 9, reason: 'stock count' }, 9, manager);
    await commands.update(drill.id, { name: 'Drill 18V', description: 'cordless', minQty: 2, userId: null }, undefined, manager);
    const gloves = await commands.create({ sku: 'GL-9', name: 'Gloves', location: 'Depot', qty: 100, minQty: 20 }, manager);
    await Promise.all(Array.from({ length: 10 }, () => commands.move(gloves.id, { kind: 'issue', quantity: 3 }, undefined, manager)));
    const old = await commands.create({ sku: 'OLD-1', name: 'Retired', location: 'Yard', qty: 0, minQty: 0 }, manager);
    await commands.delete(old.id, undefined, manager);
  });
  afterAll(() => f.close());
  const userEvents = () => readUserEvents(f.nc, f.config.subjectPrefix);

  it('should reproduce the live tables exactly', async () => {
    const report = await rebuildAndCompare(f.orm.em.fork(), userEvents);
    expect(report).toEqual({
      ok: true,
      events: expect.any(Number),
      tables: {
        items: { live: 4, rebuilt: 4, differing: 0 },
        movements: { live: 19, rebuilt: 19, differing: 0 },
        user_refs: { live: 1, rebuilt: 1, differing: 0, behind: 0 },
      },
    });
    expect(report.events).toBeGreaterThan(25);
  });

  it('should name the difference when a live row was changed behind the events', async () => {
    await f.orm.em.fork().execute(`update inventory.inventory_items set qty = qty + 1 where sku = 'GL-9'`);
    const report = await rebuildAndCompare(f.orm.em.fork(), userEvents);
    expect(report.ok).toBe(false);
    expect(report.tables.items.differing).toBe(2); // the live row and its rebuilt twin
    await f.orm.em.fork().execute(`update inventory.inventory_items set qty = qty - 1 where sku = 'GL-9'`);
    expect((await rebuildInventory(f.config)).ok).toBe(true); // the command form of the same check
  });

  it("should name a user replica row changed behind auth's events", async () => {
    await f.orm.em.fork().execute(`update inventory.inventory_user_refs set is_active = not is_active`);
    const report = await rebuildInventory(f.config);
    expect(report).toMatchObject({ ok: false, tables: { items: { differing: 0 }, user_refs: { live: 1, differing: 2 } } });
    await f.orm.em.fork().execute(`update inventory.inventory_user_refs set is_active = not is_active`);
    expect((await rebuildInventory(f.config)).ok).toBe(true);
  });
});
