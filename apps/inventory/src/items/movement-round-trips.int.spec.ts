import type { RequestContext } from '@uehub/contracts';
import { CommandHandler, EventStore, storeTables } from '@uehub/event-store';
import { openCountingOrm, type CountingOrm } from '@uehub/testing';
import { inventoryDatabase } from '../inventory.app';
import { openInventoryFixture, type InventoryFixture } from '../inventory.fixture';
import { itemAggregate } from './item.aggregate';

const worker = (extra: Partial<RequestContext> = {}): RequestContext => ({
  actor: { kind: 'user', id: 'round-trips', role: 'admin' },
  correlationId: 'round-trips',
  deadline: Date.now() + 10_000,
  ...extra,
});

/**
 * The write path's round trips to PostgreSQL, counted on the connections themselves (begin and
 * commit included): a stock movement is one transaction of five statements (docs/performance.md).
 */
describe('round trips of a stock movement (PostgreSQL)', () => {
  let f: InventoryFixture;
  let counted: CountingOrm;
  let handler: CommandHandler;
  let itemId: string;

  beforeAll(async () => {
    f = await openInventoryFixture('inv_round_trips');
    counted = await openCountingOrm(inventoryDatabase(f.config));
    handler = new CommandHandler(counted.orm, new EventStore(storeTables('inventory'), f.config.subjectPrefix));
    itemId = '0193a8f2-7a51-7c3e-9d6b-3f2a1b0c9d8e';
    const item = { sku: 'RT-1', name: 'Round trips', description: null, location: 'Depot', qty: 10, minQty: 0, userId: null };
    await handler.run({ context: worker() }, (session) => session.execute(itemAggregate, itemId, { kind: 'create', item }));
    await receive(worker({ idempotencyKey: 'round-trips-0' })); // the first keyed command also prunes expired keys (once a minute)
  });
  afterAll(async () => {
    await counted?.orm.close(true);
    await f?.close();
  });

  const receive = (context: RequestContext) =>
    handler.run({ context, request: { pattern: 'inventory.items.move', payload: { itemId, quantity: 1 } } }, (session) =>
      session.execute(itemAggregate, itemId, { kind: 'move', movement: { kind: 'receive', quantity: 1 } }),
    );

  it('should lock, then append and project a movement in one statement: a transaction of five', async () => {
    counted.reset();
    const executed = await receive(worker());
    expect(executed.events.map((e) => e.type)).toEqual(['inventory.stock.received']);
    expect(counted.statements()).toEqual([
      'begin',
      'select set_config($1, $2,', // the deadline's statement timeout and the service-writer mark, together
      'select id, sku,', // the item row, locked
      'with r as', // the event, its outbox row, the item row and its ledger line
      'commit',
    ]);
    const [row] = await f.orm.em.fork().execute<{ qty: number; version: number; lines: string; outbox: string }[]>(
      `select qty, version, (select count(*) from inventory.inventory_movements where item_id = i.id)::text as lines,
              (select count(*) from inventory.inventory_outbox o where o.envelope->'stream'->>'id' = i.id::text)::text as outbox
         from inventory.inventory_items i where id = ?`,
      [itemId],
    );
    expect(row).toEqual({ qty: 12, version: 4, lines: '3', outbox: '4' }); // created with 10 (two events), two receipts
  });

  it('should claim and keep an Idempotency-Key with three statements more, and replay a repeat in five', async () => {
    counted.reset();
    await receive(worker({ idempotencyKey: 'round-trips-1' }));
    expect(counted.statements()).toEqual([
      'begin',
      'select set_config($1, $2,', // with the key's lock timeout
      'with claim as', // the key claimed (the lock timeout ends with it)
      'savepoint command_attempt',
      'select id, sku,',
      'with r as',
      'release savepoint command_attempt',
      'update "inventory"."inventory_idempotency" set',
      'commit',
    ]);
    counted.reset();
    await receive(worker({ idempotencyKey: 'round-trips-1' }));
    expect(counted.statements()).toEqual(['begin', 'select set_config($1, $2,', 'with claim as', 'select fingerprint, answer', 'commit']);
  });
});
