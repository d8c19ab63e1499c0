import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/**
 * Timeclock's replica of auth's users (`timeclock_user_refs`, keeping the department), described
 * for the shifts' and timesheets' foreign keys; `@uehub/user-replica` writes it (one upsert per event).
 */
@Entity({ tableName: 'timeclock_user_refs', schema: 'timeclock' })
export class TimeclockUserRefRecord {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'text', nullable: true })
  email!: string | null;

  @Property({ type: 'text', nullable: true })
  name!: string | null;

  @Property({ type: 'text', nullable: true })
  role!: string | null;

  @Property({ type: 'text', nullable: true })
  department!: string | null;

  @Property({ type: 'boolean' })
  isActive!: boolean;

  @Property({ type: 'integer' })
  version!: number;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  updatedAt!: Date;
}
