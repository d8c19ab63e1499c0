import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/** Safety's replica of auth's users (`safety_user_refs`); `@uehub/user-replica` writes it (one upsert per event). */
@Entity({ tableName: 'safety_user_refs', schema: 'safety' })
export class SafetyUserRefRecord {
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
