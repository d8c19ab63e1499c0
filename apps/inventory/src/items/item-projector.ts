import type { EntityManager } from '@mikro-orm/postgresql';
import type { EventEnvelope, EventPayloads, MovementView } from '@uehub/contracts';
import type { Folded, StatementPart } from '@uehub/event-store';
import type { ItemState } from './item.decide';
import type { ItemTables } from './item-tables';

/** An `inventory_items` row as written: the item state `evolveItem` computed, plus where its fold stands. */
export interface ItemColumns {
  id: string;
  sku: string;
  name: string;
  description: string | null;
  location: string;
  qty: number;
  min_qty: number;
  user_id: string | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
  version: number;
}

/** An `inventory_movements` row: one ledger line per stock event. */
export interface MovementColumns {
  id: string;
  item_id: string;
  kind: MovementView['kind'];
  quantity: number;
  qty_before: number;
  qty_after: number;
  reason: string | null;
  counterpart_location: string | null;
  counterpart_item_id: string | null;
  actor_id: string;
  occurred_at: string;
  correlation_id: string;
}

/** The row of a folded item stream. Deletion is terminal (decideItem refuses every later command), so its time is the last event's. */
export function itemRowOf(id: string, folded: Folded<ItemState>): ItemColumns | undefined {
  const { state } = folded;
  if (!state) return undefined;
  return {
    id,
    sku: state.sku,
    name: state.name,
    description: state.description,
    location: state.location,
    qty: state.qty,
    min_qty: state.minQty,
    user_id: state.userId,
    created_at: folded.createdAt,
    updated_at: folded.updatedAt,
    deleted_at: state.deleted ? folded.updatedAt : null,
    version: folded.version,
  };
}

type StockEventType = 'inventory.stock.received' | 'inventory.stock.issued' | 'inventory.stock.adjusted' | 'inventory.stock.transferred_out' | 'inventory.stock.transferred_in';

const KINDS: Record<StockEventType, MovementView['kind']> = {
  'inventory.stock.received': 'receive',
  'inventory.stock.issued': 'issue',
  'inventory.stock.adjusted': 'adjust',
  'inventory.stock.transferred_out': 'transfer_out',
  'inventory.stock.transferred_in': 'transfer_in',
};

type StockData = EventPayloads['inventory.stock.transferred_out'] | EventPayloads['inventory.stock.transferred_in'] | EventPayloads['inventory.stock.received'];

/** The ledger line a stock event records (undefined for other events). */
export function movementOf(event: EventEnvelope): MovementColumns | undefined {
  if (!(event.type in KINDS)) return undefined;
  const data = event.data as StockData & { toLocation?: string; toItemId?: string; fromLocation?: string; fromItemId?: string };
  return {
    id: event.id,
    item_id: event.stream.id,
    kind: KINDS[event.type as StockEventType],
    quantity: data.quantity,
    qty_before: data.qtyBefore,
    qty_after: data.qtyAfter,
    reason: data.reason,
    counterpart_location: data.toLocation ?? data.fromLocation ?? null,
    counterpart_item_id: data.toItemId ?? data.fromItemId ?? null,
    actor_id: event.actor.id,
    occurred_at: event.occurredAt,
    correlation_id: event.correlationId,
  };
}

const ITEM_TYPES =
  'id uuid, sku text, name text, description text, location text, qty integer, min_qty integer, user_id uuid, created_at timestamptz, updated_at timestamptz, deleted_at timestamptz, version integer';
const MOVEMENT_TYPES =
  'id uuid, item_id uuid, kind text, quantity integer, qty_before integer, qty_after integer, reason text, counterpart_location text, counterpart_item_id uuid, actor_id text, occurred_at timestamptz, correlation_id text';
const names = (types: string) => types.split(', ').map((column) => column.split(' ')[0]);
const ITEM_NAMES = names(ITEM_TYPES);
const MOVEMENT_NAMES = names(MOVEMENT_TYPES);

/** Item rows as one statement (bind parameter: a JSON array); `upsert` replaces a row of the same id. */
export function itemStatement(tables: ItemTables, rows: ItemColumns[], upsert: boolean): StatementPart {
  const onConflict = upsert ? ` on conflict (id) do update set ${ITEM_NAMES.slice(1).map((c) => `${c} = excluded.${c}`).join(', ')}` : '';
  return {
    sql: `insert into ${tables.items} (${ITEM_NAMES.join(', ')}) select ${ITEM_NAMES.join(', ')} from jsonb_to_recordset(?::jsonb) as r(${ITEM_TYPES})${onConflict}`,
    params: [JSON.stringify(rows)],
  };
}

/** Ledger lines as one statement. */
export function movementStatement(tables: ItemTables, rows: MovementColumns[]): StatementPart {
  return {
    sql: `insert into ${tables.movements} (${MOVEMENT_NAMES.join(', ')}) select ${MOVEMENT_NAMES.join(', ')} from jsonb_to_recordset(?::jsonb) as r(${MOVEMENT_TYPES})`,
    params: [JSON.stringify(rows)],
  };
}

/** Writes item rows in one statement. */
export async function writeItemRows(tx: EntityManager, tables: ItemTables, rows: ItemColumns[], upsert: boolean): Promise<void> {
  if (rows.length === 0) return;
  const { sql, params } = itemStatement(tables, rows, upsert);
  await tx.execute(sql, params);
}

/** Writes ledger lines in one statement. */
export async function writeMovementRows(tx: EntityManager, tables: ItemTables, rows: MovementColumns[]): Promise<void> {
  if (rows.length === 0) return;
  const { sql, params } = movementStatement(tables, rows);
  await tx.execute(sql, params);
}
