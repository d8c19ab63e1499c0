import { Check, Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/** The `timeclock_settings` projection: the organisation's settings stream (one row). */
@Entity({ tableName: 'timeclock_settings', schema: 'timeclock' })
// PostgreSQL keeps `between 1 and 7` (the migration's words) as the two comparisons
@Check({ name: 'timeclock_settings_week_starts_on_check', expression: 'week_starts_on >= 1 and week_starts_on <= 7' })
@Check({ name: 'timeclock_settings_daily_check', expression: 'daily_overtime_minutes > 0' })
@Check({ name: 'timeclock_settings_weekly_check', expression: 'weekly_overtime_minutes > 0' })
@Check({ name: 'timeclock_settings_rounding_check', expression: 'rounding in (0, 5, 6, 15)' })
export class SettingsRecord {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'text' })
  timeZone!: string;

  @Property({ type: 'integer' })
  weekStartsOn!: number;

  @Property({ type: 'integer', nullable: true })
  dailyOvertimeMinutes!: number | null;

  @Property({ type: 'integer' })
  weeklyOvertimeMinutes!: number;

  @Property({ type: 'integer' })
  rounding!: number;

  @Property({ type: 'timestamptz' })
  createdAt!: Date;

  @Property({ type: 'timestamptz' })
  updatedAt!: Date;

  @Property({ type: 'integer' })
  version!: number;
}
