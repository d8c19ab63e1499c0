import { Migration } from '@mikro-orm/migrations';

/** Organisation settings and workweek timesheets (approval state), both projections of their streams. */
export class TimeclockTimesheetsMigration extends Migration {
  override up(): void {
    this.addSql(`create table if not exists timeclock.timeclock_settings (
      id uuid primary key,
      time_zone text not null,
      week_starts_on integer not null constraint timeclock_settings_week_starts_on_check check (week_starts_on between 1 and 7),
      daily_overtime_minutes integer constraint timeclock_settings_daily_check check (daily_overtime_minutes > 0),
      weekly_overtime_minutes integer not null constraint timeclock_settings_weekly_check check (weekly_overtime_minutes > 0),
      rounding integer not null constraint timeclock_settings_rounding_check check (rounding in (0, 5, 6, 15)),
      created_at timestamptz not null,
      updated_at timestamptz not null,
      version integer not null
    )`);
    this.addSql(`create table if not exists timeclock.timeclock_timesheets (
      id uuid primary key,
      user_id uuid not null constraint timeclock_timesheets_user_id_fkey references timeclock.timeclock_user_refs (id),
      week date not null,
      status text not null constraint timeclock_timesheets_status_check check (status in ('open', 'submitted', 'approved', 'rejected')),
      reason text,
      exact jsonb,
      rounded jsonb,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      version integer not null,
      constraint timeclock_timesheets_user_week_unique unique (user_id, week)
    )`);
    this.addSql('create index if not exists timeclock_timesheets_week_idx on timeclock.timeclock_timesheets (week, status)');
  }
}
