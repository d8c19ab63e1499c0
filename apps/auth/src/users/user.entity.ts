import { Check, Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { ROLES, type Role, type UserView } from '@uehub/contracts';

/**
 * The `auth_user` projection: one row per user stream, carrying the stream version. The migrations
 * create it; this is its one description (`auth-entities.int.spec.ts` shows the two agree).
 */
@Entity({ tableName: 'auth_user', schema: 'auth' })
@Check({ name: 'auth_user_role_check', expression: `role in (${ROLES.map((r) => `'${r}'`).join(', ')})` })
@Unique({ name: 'auth_user_email_unique', expression: 'create unique index auth_user_email_unique on auth.auth_user (lower(email))' })
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
  @Property({ type: 'boolean', default: true })
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
