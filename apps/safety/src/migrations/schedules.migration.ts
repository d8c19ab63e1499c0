import { Migration } from '@mikro-orm/migrations';

/**
 * Schedules (one row per schedule stream), the occurrences announced as missed (one row per
 * occurrence stream), and the sweep's progress per schedule (operational, not a projection:
 * the rebuild leaves it alone). Completed inspections by template, site and time answer "was
 * this occurrence done".
 */
export class SafetySchedulesMigration extends Migration {
  override up(): void {
    this.addSql(`create table if not exists safety.safety_schedules (
      id uuid primary key,
      template_id uuid not null constraint safety_schedules_template_fkey references safety.safety_templates (id),
      site text not null,
      assignee_id uuid not null,
      rrule text not null,
      time_zone text not null,
      starts_at timestamptz not null,
      window_minutes integer constraint safety_schedules_window_check check (window_minutes > 0),
      deleted_at timestamptz,
      state jsonb not null,
      version integer not null,
      created_at timestamptz not null,
      updated_at timestamptz not null
    )`);
    this.addSql('create index if not exists safety_schedules_live_idx on safety.safety_schedules (id) where deleted_at is null');
    this.addSql('create index if not exists safety_schedules_assignee_idx on safety.safety_schedules (assignee_id, id) where deleted_at is null');
    this.addSql(`create table if not exists safety.safety_schedule_occurrences (
      id uuid primary key,
      schedule_id uuid not null constraint safety_schedule_occurrences_schedule_fkey references safety.safety_schedules (id),
      starts_at timestamptz not null,
      ends_at timestamptz not null,
      status text not null constraint safety_schedule_occurrences_status_check check (status in ('missed')),
      state jsonb not null,
      version integer not null,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      constraint safety_schedule_occurrences_window_check check (ends_at > starts_at),
      constraint safety_schedule_occurrences_unique unique (schedule_id, starts_at)
    )`);
    this.addSql(`create table if not exists safety.safety_schedule_sweeps (
      schedule_id uuid primary key constraint safety_schedule_sweeps_schedule_fkey references safety.safety_schedules (id),
      swept_until timestamptz not null
    )`);
    this.addSql(
      `create index if not exists safety_checklists_completed_idx on safety.safety_checklists (template_id, site, completed_at) where status = 'completed'`,
    );
  }
}
