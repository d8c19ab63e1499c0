import { Migration } from '@mikro-orm/migrations';
import { AUDIT_CHECKPOINTS, AUDIT_LEGAL_HOLDS, AUDIT_RECORDS, AUDIT_SCHEMA } from '../audit-tables';

/** Set only inside `purge_audit_records`, transaction-local: the trigger lets a delete through only then. */
export const PURGE_SETTING = 'uehub.audit.purge';

/**
 * Retention and legal hold. Legal holds get their own table (set and lifted, never deleted).
 * A tombstone checkpoint records in `purged_through` the last seq it removes; the records'
 * append-only trigger lets a DELETE through only inside `purge_audit_records` (the
 * transaction-local setting) and only of records a signed tombstone already covers. The
 * function is SECURITY DEFINER (owned by the migration role), so a runtime role needs no
 * DELETE privilege and can remove nothing a tombstone does not explain.
 */
export class AuditRetentionMigration extends Migration {
  override up(): void {
    this.addSql(`create table if not exists ${AUDIT_LEGAL_HOLDS} (
      id uuid primary key,
      entity_type text,
      entity_id uuid,
      actor_id text,
      from_time timestamptz,
      to_time timestamptz,
      reason text not null,
      set_by text not null,
      set_at timestamptz not null default now(),
      lifted_at timestamptz,
      lifted_by text,
      lift_reason text,
      constraint audit_legal_holds_one_scope check (
        (entity_id is not null)::int + (actor_id is not null)::int + (from_time is not null and to_time is not null)::int = 1
        and (entity_type is null or entity_id is not null)
        and (from_time is null) = (to_time is null)
        and (from_time is null or from_time < to_time)),
      constraint audit_legal_holds_lifted check ((lifted_at is null) = (lifted_by is null) and (lifted_at is null) = (lift_reason is null))
    )`);
    this.addSql(`create index if not exists audit_legal_holds_active on ${AUDIT_LEGAL_HOLDS} (set_at) where lifted_at is null`);
    this.addSql(`alter table ${AUDIT_CHECKPOINTS} add column if not exists purged_through bigint`);
    this.addSql(`create index if not exists audit_checkpoints_purged_through on ${AUDIT_CHECKPOINTS} (purged_through) where purged_through is not null`);
    this.addSql(`create or replace function ${AUDIT_SCHEMA}.audit_records_append_only() returns trigger
      language plpgsql as $$
      begin
        if tg_op = 'DELETE' and current_setting('${PURGE_SETTING}', true) = 'on' then
          if old.seq <= (select max(c.purged_through) from ${AUDIT_CHECKPOINTS} c) then
            return old;
          end if;
        end if;
        raise exception 'audit_records is append-only: % is not allowed', tg_op
          using errcode = 'insufficient_privilege', hint = 'a correction is a new record that points at the original; a purge needs a signed tombstone';
      end $$`);
    this.addSql(`create or replace function ${AUDIT_SCHEMA}.purge_audit_records(through bigint) returns bigint
      language plpgsql security definer set search_path = pg_catalog as $$
      declare
        bound bigint;
        removed bigint;
      begin
        select max(c.purged_through) into bound from ${AUDIT_CHECKPOINTS} c;
        if bound is null or through > bound then
          raise exception 'no signed tombstone covers the audit records up to seq %', through using errcode = 'insufficient_privilege';
        end if;
        perform set_config('${PURGE_SETTING}', 'on', true);
        delete from ${AUDIT_RECORDS} where seq <= through;
        get diagnostics removed = row_count;
        perform set_config('${PURGE_SETTING}', 'off', true);
        return removed;
      end $$`);
    // the function's owner deletes; the trigger above still limits it to tombstoned records
    this.addSql(`grant delete on ${AUDIT_RECORDS} to current_user`);
  }
}
