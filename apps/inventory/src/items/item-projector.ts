import type { EntityManager } from '@mikro-orm/postgresql';
import type { EventEnvelope, EventPayloads, StockMovementData } from '@uehub/contracts';
import type { ItemTables } from './item-tables';

type ItemEvent = { [T in keyof EventPayloads]: EventEnvelope<T, EventPayloads[T]> }[keyof EventPayloads];

/**
 * Applies item events to the projection tables. The same code writes the live tables
 * (in the command's transaction) and the scratch tables of a rebuild, so a rebuild that
 * matches the live tables proves the projection is a pure function of the events.
 * Every timestamp comes from the events, never from the clock.
 */
export async function projectItemEvent(tx: EntityManager, tables: ItemTables, event: EventEnvelope): Promise<void> {
  const e = event as ItemEvent;
  const id = e.stream.id;
  const at = e.occurredAt;
  const touch = (sets: string, params: unknown[]) =>
    tx.execute(`update ${tables.items} set ${sets ? `${sets}, ` : ''}version = ?, updated_at = ? where id = ?`, [
      ...params,
      e.stream.version,
      at,
      id,
    ]);
  switch (e.type) {
    case 'inventory.item.created': {
      const d = e.data;
      await tx.execute(
        `insert into ${tables.items} (id, sku, name, description, location, qty, min_qty, user_id, created_at, updated_at, version)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [id, d.sku, d.name, d.description, d.location, d.qty, d.minQty, d.userId, at, at, e.stream.version],
      );
      return;
    }
    case 'inventory.item.updated': {
      const columns = { name: 'name', description: 'description', minQty: 'min_qty' } as const;
      const fields = (Object.keys(columns) as (keyof typeof columns)[]).filter((f) => e.data[f] !== undefined);
      await touch(fields.map((f) => `${columns[f]} = ?`).join(', '), fields.map((f) => e.data[f]));
      return;
    }
    case 'inventory.item.assigned':
      await touch('user_id = ?', [e.data.to]);
      return;
    case 'inventory.item.deleted':
      await touch('deleted_at = ?', [at]);
      return;
    case 'inventory.stock.received':
    case 'inventory.stock.issued':
    case 'inventory.stock.adjusted':
    case 'inventory.stock.transferred_out':
    case 'inventory.stock.transferred_in':
      await touch('qty = ?', [e.data.qtyAfter]);
      await recordMovement(tx, tables, e, e.data);
      return;
    default:
      await touch('', []);
  }
}

const KINDS: Record<string, string> = {
  'inventory.stock.received': 'receive',
  'inventory.stock.issued': 'issue',
  'inventory.stock.adjusted': 'adjust',
  'inventory.stock.transferred_out': 'transfer_out',
  'inventory.stock.transferred_in': 'transfer_in',
};

async function recordMovement(
  tx: EntityManager,
  tables: ItemTables,
  event: EventEnvelope,
  data: StockMovementData & { toLocation?: string; toItemId?: string; fromLocation?: string; fromItemId?: string },
): Promise<void> {
  await tx.execute(
    `insert into ${tables.movements} (id, item_id, kind, quantity, qty_before, qty_after, reason, counterpart_location,
       counterpart_item_id, actor_id, occurred_at, correlation_id) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      event.id,
      event.stream.id,
      KINDS[event.type],
      data.quantity,
      data.qtyBefore,
      data.qtyAfter,
      data.reason,
      data.toLocation ?? data.fromLocation ?? null,
      data.toItemId ?? data.fromItemId ?? null,
      event.actor.id,
      event.occurredAt,
      event.correlationId,
    ],
  );
}
