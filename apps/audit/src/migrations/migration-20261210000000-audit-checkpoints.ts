import { Migration } from '@mikro-orm/migrations';
import { AUDIT_CHECKPOINTS, AUDIT_SCHEMA } from '../audit-tables';

/**
 * Signed checkpoints over ranges of the audit log, chained by digest, append-only like
 * the records. The signing key is never stored here; copies live outside PostgreSQL.
 */
export class AuditCheckpointsMigration extends Migration {
  override up(): void {
    this.addSql(`create table if not exists ${AUDIT_CHECKPOINTS} (
      checkpoint bigint primary key,
      last_seq bigint not null,
      body jsonb not null,
      digest text not null unique,
      signature text not null,
      -- one successor per checkpoint, as for the records
      prev_digest text not null unique
    )`);
    this.addSql(`create or replace function ${AUDIT_SCHEMA}.audit_checkpoints_append_only() returns trigger
      language plpgsql as $$
      begin
        raise exception 'audit_checkpoints is append-only: % is not allowed', tg_op using errcode = 'insufficient_privilege';
      end $$`);
    this.addSql(`drop trigger if exists audit_checkpoints_no_update_delete on ${AUDIT_CHECKPOINTS}`);
    this.addSql(`create trigger audit_checkpoints_no_update_delete before update or delete on ${AUDIT_CHECKPOINTS}
      for each row execute function ${AUDIT_SCHEMA}.audit_checkpoints_append_only()`);
    this.addSql(`drop trigger if exists audit_checkpoints_no_truncate on ${AUDIT_CHECKPOINTS}`);
    this.addSql(`create trigger audit_checkpoints_no_truncate before truncate on ${AUDIT_CHECKPOINTS}
      for each statement execute function ${AUDIT_SCHEMA}.audit_checkpoints_append_only()`);
    this.addSql(`revoke update, delete, truncate on ${AUDIT_CHECKPOINTS} from public, current_user`);
  }
}
