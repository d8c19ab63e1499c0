import { PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/**
 * The columns of every service's `<service>_user_refs` table (the replica this lib writes, one
 * upsert per event). A service's entity extends it with its table name and schema, and adds the
 * optional columns it keeps (`department`).
 */
export abstract class UserRefColumns {
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
