import { Check, Entity, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { TimeclockUserRefRecord } from '../users/user-ref.entity';

/** The `timeclock_timesheets` projection: one row per user and workweek (approval state and frozen totals). */
@Entity({ tableName: 'timeclock_timesheets', schema: 'timeclock' })
@Check({ name: 'timeclock_timesheets_status_check', expression: `status in ('open', 'submitted', 'approved', 'rejected')` })
@Unique({ name: 'timeclock_timesheets_user_week_unique', properties: ['user', 'week'] })
@Index({ name: 'timeclock_timesheets_week_idx', properties: ['week', 'status'] })
export class TimesheetRecord {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @ManyToOne(() => TimeclockUserRefRecord, { fieldName: 'user_id', foreignKeyName: 'timeclock_timesheets_user_id_fkey', updateRule: 'no action', deleteRule: 'no action', mapToPk: true })
  user!: string;

  @Property({ type: 'date' })
  week!: string;

  @Property({ type: 'text' })
  status!: 'open' | 'submitted' | 'approved' | 'rejected';

  @Property({ type: 'text', nullable: true })
  reason!: string | null;

  @Property({ type: 'jsonb', nullable: true })
  exact!: unknown;

  @Property({ type: 'jsonb', nullable: true })
  rounded!: unknown;

  @Property({ type: 'timestamptz' })
  createdAt!: Date;

  @Property({ type: 'timestamptz' })
  updatedAt!: Date;

  @Property({ type: 'integer' })
  version!: number;
}
