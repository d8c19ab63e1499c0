/** Where the item projections live: the live tables, or scratch copies during a rebuild. */
export interface ItemTables {
  items: string;
  movements: string;
}

export const LIVE_TABLES: ItemTables = {
  items: 'inventory.inventory_items',
  movements: 'inventory.inventory_movements',
};

/** Projection columns compared by the consistency check (everything but the derived search vector). */
export const ITEM_COLUMNS = 'id, sku, name, description, location, qty, min_qty, user_id, created_at, updated_at, deleted_at, version';
export const MOVEMENT_COLUMNS =
  'id, item_id, kind, quantity, qty_before, qty_after, reason, counterpart_location, counterpart_item_id, actor_id, occurred_at, correlation_id';
