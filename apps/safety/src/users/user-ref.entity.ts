import { Entity } from '@mikro-orm/decorators/legacy';
import { UserRefColumns } from '@uehub/user-replica';

/** Safety's replica of auth's users (`safety_user_refs`). */
@Entity({ tableName: 'safety_user_refs', schema: 'safety' })
export class SafetyUserRefRecord extends UserRefColumns {}
