import type { EntityManager } from '@mikro-orm/postgresql';
import { ISO_MS_UTC } from '@uehub/database';
import type { ItemSnapshot, ItemView, MovementView } from '@uehub/contracts';
import { LIVE_TABLES } from './item-tables';

export interface ItemRow {
  id: string;
  sku: string;
  name: string;
  description: string | null;
  location: string;
  qty: number;
  min_qty: number;
  user_id: string | null;
  /** ISO 8601 in UTC with milliseconds, formatted by PostgreSQL (`ISO_MS_UTC`): no conversion per row. */
  created_at: string;
  updated_at: string;
  version: number;
  /** Only read by `findAny`. */
  deleted_at?: Date | string | null;
}

interface MovementRow {
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
  occurred_at: Date | string;
  correlation_id: string;
}

/** A ledger line with the exact time it sorts by. */
export interface LedgerLine {
  view: MovementView;
  sortAt: string;
}

/** The item's times as the API writes them (see `ItemRow`). */
const ITEM_TIMES = `${ISO_MS_UTC('created_at')} as created_at, ${ISO_MS_UTC('updated_at')} as updated_at`;
const ITEM_SELECT = `select id, sku, name, description, location, qty, min_qty, user_id, ${ITEM_TIMES}, version from ${LIVE_TABLES.items}`;
/** "The inventory of a user": plain SQL served by the `user_id` index. */
const HELD_BY = `${ITEM_SELECT} where user_id = ? and deleted_at is null order by name, id`;
const iso = (value: Date | string) => new Date(value).toISOString();

/** Reads of the live item projection, in the domain's terms. */
export const itemRepository = {
  /** A live (not deleted) item, locked for the rest of the transaction when `lock` is set. */
  async find(em: EntityManager, id: string, lock = false): Promise<ItemRow | undefined> {
    const [row] = await em.execute<ItemRow[]>(`${ITEM_SELECT} where id = ? and deleted_at is null${lock ? ' for update' : ''}`, [id]);
    return row;
  },

  /** An item row, deleted or not, locked for the rest of the transaction when `lock` is set. */
  async findAny(em: EntityManager, id: string, lock = false): Promise<ItemRow | undefined> {
    const [row] = await em.execute<ItemRow[]>(
      `select id, sku, name, description, location, qty, min_qty, user_id, ${ITEM_TIMES}, deleted_at, version
         from ${LIVE_TABLES.items} where id = ?${lock ? ' for update' : ''}`,
      [id],
    );
    return row;
  },

  async findBySkuAt(em: EntityManager, sku: string, location: string): Promise<ItemRow | undefined> {
    const [row] = await em.execute<ItemRow[]>(`${ITEM_SELECT} where lower(sku) = lower(?) and location = ? and deleted_at is null`, [sku, location]);
    return row;
  },

  /** The items a user holds, by name (after `after`, a `[name, id]` key): plain SQL on the `user_id` index. */
  async heldBy(em: EntityManager, userId: string, limit = 1000, after?: readonly [string, string]): Promise<ItemView[]> {
    const rows = after
      ? await em.execute<ItemRow[]>(HELD_BY.replace('order by', 'and (name, id) > (?, ?::uuid) order by') + ' limit ?', [userId, ...after, limit])
      : await em.execute<ItemRow[]>(`${HELD_BY} limit ?`, [userId, limit]);
    return rows.map(toItemView);
  },

  /** One ledger line: the movement recorded by the event with this id. */
  async movement(em: EntityManager, eventId: string): Promise<MovementView> {
    const [row] = await em.execute<MovementRow[]>(`select * from ${LIVE_TABLES.movements} where id = ?`, [eventId]);
    return toMovementView(row);
  },

  /**
   * The ledger of an item, newest first, `limit` lines after `after` (a `[time, id]` key whose
   * time keeps the microseconds, so no line is skipped or repeated between pages).
   */
  async movements(em: EntityManager, itemId: string, limit: number, after?: readonly [string, string]): Promise<LedgerLine[]> {
    const rows = await em.execute<(MovementRow & { sort_at: string })[]>(
      `select *, to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as sort_at
         from ${LIVE_TABLES.movements}
        where item_id = ?${after ? ' and (occurred_at, id) < (?::timestamptz, ?::uuid)' : ''}
        order by occurred_at desc, id desc limit ?`,
      after ? [itemId, ...after, limit] : [itemId, limit],
    );
    return rows.map((row) => ({ view: toMovementView(row), sortAt: row.sort_at }));
  },

  ITEM_SELECT,
  HELD_BY,
};

export function snapshotOf(row: ItemRow): ItemSnapshot {
  return {
    sku: row.sku,
    name: row.name,
    description: row.description,
    location: row.location,
    qty: row.qty,
    minQty: row.min_qty,
    userId: row.user_id,
  };
}

export function toItemView(row: ItemRow): ItemView {
  return {
    id: row.id,
    ...snapshotOf(row),
    lowStock: row.qty <= row.min_qty,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
  };
}

export function toMovementView(row: MovementRow): MovementView {
  return {
    id: row.id,
    itemId: row.item_id,
    kind: row.kind,
    quantity: row.quantity,
    qtyBefore: row.qty_before,
    qtyAfter: row.qty_after,
    reason: row.reason,
    counterpartLocation: row.counterpart_location,
    counterpartItemId: row.counterpart_item_id,
    actorId: row.actor_id,
    occurredAt: iso(row.occurred_at),
    correlationId: row.correlation_id,
  };
}
