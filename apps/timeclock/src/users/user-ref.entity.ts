import { Entity, Property } from '@mikro-orm/decorators/legacy';
import { UserRefColumns } from '@uehub/user-replica';

/** Timeclock's replica of auth's users (`timeclock_user_refs`, keeping the department), described for the shifts' and timesheets' foreign keys. */
@Entity({ tableName: 'timeclock_user_refs', schema: 'timeclock' })
export class TimeclockUserRefRecord extends UserRefColumns {
  @Property({ type: 'text', nullable: true })
  department!: string | null;
}
