import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { Role, UserView } from '@uehub/contracts';

/** The `auth_user` projection: one row per user stream, carrying the stream version. */
@Entity({ tableName: 'auth_user', schema: 'auth' })
export class UserRecord {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'text' })
  email!: string;

  @Property({ type: 'text' })
  name!: string;

  @Index({ name: 'auth_user_role_idx' })
  @Property({ type: 'text' })
  role!: Role;

  @Index({ name: 'auth_user_is_active_idx' })
  @Property({ type: 'boolean' })
  isActive!: boolean;

  @Property({ type: 'varchar', length: 20, nullable: true })
  phone!: string | null;

  @Property({ type: 'varchar', length: 100, nullable: true })
  department!: string | null;

  @Property({ type: 'text', nullable: true })
  notes!: string | null;

  @Property({ type: 'timestamptz' })
  createdAt!: Date;

  @Property({ type: 'timestamptz' })
  updatedAt!: Date;

  @Property({ type: 'integer' })
  version!: number;
}

export function toUserView(user: UserRecord): UserView {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    isActive: user.isActive,
    phone: user.phone,
    department: user.department,
    notes: user.notes,
    createdAt: new Date(user.createdAt).toISOString(),
    updatedAt: new Date(user.updatedAt).toISOString(),
    version: user.version,
  };
}
