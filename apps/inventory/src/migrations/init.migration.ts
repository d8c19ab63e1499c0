import { Migration } from '@mikro-orm/migrations';
import { eventStoreDdl, storeTables } from '@uehub/event-store';

/** Inventory's first schema: event store, the user replica, items (as the product had them) and the ledger. */
export class InventoryInitMigration extends Migration {
  override up(): void {
    for (const sql of eventStoreDdl(storeTables('inventory'))) this.addSql(sql);
    this.addSql(`create table if not exists inventory.inventory_user_refs (
      id uuid primary key,
      email text,
      name text,
      role text,
      is_active boolean not null,
      version integer not null,
      updated_at timestamptz not null default now()
    )`);
    this.addSql(`create table if not exists inventory.inventory_items (
      id uuid primary key,
      sku text not null,
      name text not null,
      description text,
      location text not null,
      qty integer not null default 0 constraint inventory_items_qty_check check (qty >= 0),
      user_id uuid constraint inventory_items_user_id_fkey references inventory.inventory_user_refs (id),
      created_at timestamptz not null,
      updated_at timestamptz not null,
      deleted_at timestamptz,
      version integer not null
    )`);
    this.addSql(`create unique index if not exists inventory_items_sku_location_unique
      on inventory.inventory_items (lower(sku), location) where deleted_at is null`);
    this.addSql('create index if not exists inventory_items_user_id_idx on inventory.inventory_items (user_id)');
    this.addSql('create index if not exists inventory_items_location_user_id_idx on inventory.inventory_items (location, user_id)');
    this.addSql(`create table if not exists inventory.inventory_movements (
      id uuid primary key,
      item_id uuid not null,
      kind text not null,
      quantity integer not null,
      qty_before integer not null,
      qty_after integer not null,
      reason text,
      counterpart_location text,
      counterpart_item_id uuid,
      actor_id text not null,
      occurred_at timestamptz not null,
      correlation_id text not null
    )`);
    this.addSql(
      'create index if not exists inventory_movements_item_idx on inventory.inventory_movements (item_id, occurred_at desc, id desc)',
    );
  }
}
