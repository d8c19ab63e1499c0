import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/**
 * Inventory's replica of auth's users (`inventory_user_refs`), described for the item's foreign
 * key and typed reads; `@uehub/user-replica` writes it (one upsert per event).
 */
@Entity({ tableName: 'inventory_user_refs', schema: 'inventory' })
export class UserRefRecord {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'text', nullable: true })
  email!: string | null;

  @Property({ type: 'text', nullable: true })
  name!: string | null;

  @Property({ type: 'text', nullable: true })
  role!: string | null;

  @Property({ type: 'boolean' })
  isActive!: boolean;

  @Property({ type: 'integer' })
  version!: number;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  updatedAt!: Date;
}
