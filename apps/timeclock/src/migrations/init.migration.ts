import { Migration } from '@mikro-orm/migrations';
import { eventStoreDdl, storeTables } from '@uehub/event-store';

/**
 * Timeclock's first schema: event store, user replica and shifts. The database holds the punch
 * invariants on its own: one open shift per user (unique partial index), no two shifts of a
 * user overlapping (exclusion constraint over tstzrange, btree_gist for the uuid equality), and
 * an end after the start.
 */
export class TimeclockInitMigration extends Migration {
  override up(): void {
    this.addSql('create extension if not exists btree_gist with schema public');
    for (const sql of eventStoreDdl(storeTables('timeclock'))) this.addSql(sql);
    this.addSql(`create table if not exists timeclock.timeclock_user_refs (
      id uuid primary key,
      email text,
      name text,
      role text,
      department text,
      is_active boolean not null,
      version integer not null,
      updated_at timestamptz not null default now()
    )`);
    this.addSql(`create table if not exists timeclock.timeclock_shifts (
      id uuid primary key,
      user_id uuid not null constraint timeclock_shifts_user_id_fkey references timeclock.timeclock_user_refs (id),
      started_at timestamptz not null,
      ended_at timestamptz,
      breaks jsonb not null default '[]',
      location text,
      job text,
      note text,
      geo jsonb,
      flag text,
      start_device_time timestamptz,
      start_received_at timestamptz not null,
      start_punch_id uuid,
      end_device_time timestamptz,
      end_received_at timestamptz,
      end_punch_id uuid,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      version integer not null,
      constraint timeclock_shifts_end_after_start check (ended_at is null or ended_at > started_at),
      constraint timeclock_shifts_no_overlap exclude using gist (user_id with =, tstzrange(started_at, ended_at, '[)') with &&)
    )`);
    this.addSql('create unique index if not exists timeclock_shifts_one_open on timeclock.timeclock_shifts (user_id) where ended_at is null');
    this.addSql('create index if not exists timeclock_shifts_user_started_idx on timeclock.timeclock_shifts (user_id, started_at desc, id desc)');
    this.addSql('create index if not exists timeclock_shifts_started_idx on timeclock.timeclock_shifts (started_at, id)');
  }
}
