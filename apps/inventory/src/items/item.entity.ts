import { Check, Entity, Index, ManyToOne, PrimaryKey, Property, Trigger, Unique } from '@mikro-orm/decorators/legacy';
import type { ItemView } from '@uehub/contracts';
import { UserRefRecord } from '../users/user-ref.entity';

/**
 * The `inventory_items` projection: one row per item stream (the migrations create it; this is
 * its one description for typed reads, and `inventory-entities.int.spec.ts` shows the two agree).
 * The command path writes it with one statement per page (`writeItemRows`, item-projector.ts).
 */
@Entity({ tableName: 'inventory_items', schema: 'inventory' })
@Check({ name: 'inventory_items_qty_check', expression: 'qty >= 0' })
@Check({ name: 'inventory_items_min_qty_check', expression: 'min_qty >= 0' })
@Unique({ name: 'inventory_items_sku_location_unique', expression: 'create unique index inventory_items_sku_location_unique on inventory.inventory_items (lower(sku), location) where deleted_at is null' })
@Index({ name: 'inventory_items_location_user_id_idx', properties: ['location', 'user'] })
@Index({ name: 'inventory_items_search_idx', expression: 'create index inventory_items_search_idx on inventory.inventory_items using gin (search_vector)' })
@Trigger({
  name: 'inventory_items_search',
  timing: 'before',
  events: ['insert', 'update'],
  expression: `create trigger inventory_items_search before insert or update of sku, name, description on inventory.inventory_items
    for each row execute function inventory.inventory_items_search()`,
})
export class ItemRecord {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'text' })
  sku!: string;

  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'text', nullable: true })
  description!: string | null;

  @Property({ type: 'text' })
  location!: string;

  @Property({ type: 'integer', default: 0 })
  qty!: number;

  @Property({ type: 'integer', default: 0 })
  minQty!: number;

  @Index({ name: 'inventory_items_user_id_idx' })
  @ManyToOne(() => UserRefRecord, { fieldName: 'user_id', nullable: true, foreignKeyName: 'inventory_items_user_id_fkey', updateRule: 'no action', deleteRule: 'no action', mapToPk: true })
  user!: string | null;

  @Property({ type: 'timestamptz' })
  createdAt!: Date;

  @Property({ type: 'timestamptz' })
  updatedAt!: Date;

  @Property({ type: 'timestamptz', nullable: true })
  deletedAt!: Date | null;

  @Property({ type: 'integer' })
  version!: number;

  /** Maintained by a trigger (search migration) for full-text search; never read or written here. */
  @Property({ type: 'tsvector', nullable: true, lazy: true, hidden: true })
  searchVector?: string;
}

/** The API's view of an item row. */
export function itemViewOf(record: ItemRecord): ItemView {
  return {
    id: record.id,
    sku: record.sku,
    name: record.name,
    description: record.description,
    location: record.location,
    qty: record.qty,
    minQty: record.minQty,
    userId: record.user,
    lowStock: record.qty <= record.minQty,
    createdAt: new Date(record.createdAt).toISOString(),
    updatedAt: new Date(record.updatedAt).toISOString(),
    version: record.version,
  };
}
