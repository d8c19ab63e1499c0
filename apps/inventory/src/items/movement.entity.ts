import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { MovementView } from '@uehub/contracts';

/** The `inventory_movements` ledger: one line per stock event (written by the projector in one statement per page). */
@Entity({ tableName: 'inventory_movements', schema: 'inventory' })
@Index({ name: 'inventory_movements_item_idx', expression: 'create index inventory_movements_item_idx on inventory.inventory_movements (item_id, occurred_at desc, id desc)' })
export class MovementRecord {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'uuid' })
  itemId!: string;

  @Property({ type: 'text' })
  kind!: MovementView['kind'];

  @Property({ type: 'integer' })
  quantity!: number;

  @Property({ type: 'integer' })
  qtyBefore!: number;

  @Property({ type: 'integer' })
  qtyAfter!: number;

  @Property({ type: 'text', nullable: true })
  reason!: string | null;

  @Property({ type: 'text', nullable: true })
  counterpartLocation!: string | null;

  @Property({ type: 'uuid', nullable: true })
  counterpartItemId!: string | null;

  @Property({ type: 'text' })
  actorId!: string;

  @Property({ type: 'timestamptz' })
  occurredAt!: Date;

  @Property({ type: 'text' })
  correlationId!: string;
}
