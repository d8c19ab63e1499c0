import { Migration } from '@mikro-orm/migrations';

/** Workers' correction requests: a projection of the shift streams' request events, listed for managers. */
export class TimeclockCorrectionRequestsMigration extends Migration {
  override up(): void {
    this.addSql(`create table if not exists timeclock.timeclock_correction_requests (
      id uuid primary key,
      shift_id uuid not null constraint timeclock_correction_requests_shift_id_fkey references timeclock.timeclock_shifts (id),
      user_id uuid not null,
      status text not null constraint timeclock_correction_requests_status_check check (status in ('pending', 'accepted', 'declined')),
      requested jsonb not null,
      changes jsonb not null,
      reason text not null,
      requested_at timestamptz not null,
      resolved_by text,
      resolved_at timestamptz,
      resolution text,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      version integer not null
    )`);
    this.addSql('create index if not exists timeclock_correction_requests_status_idx on timeclock.timeclock_correction_requests (status, requested_at desc, id desc)');
    this.addSql('create index if not exists timeclock_correction_requests_user_idx on timeclock.timeclock_correction_requests (user_id, requested_at desc, id desc)');
    this.addSql('create index if not exists timeclock_correction_requests_shift_idx on timeclock.timeclock_correction_requests (shift_id)');
  }
}
