import { Migration } from '@mikro-orm/migrations';
import { eventStoreDdl } from '@uehub/event-store';
import { AUDIT_RECORDS, AUDIT_SCHEMA, AUDIT_STORE_TABLES } from '../audit-tables';

const HEX_64 = `'^[0-9a-f]{64}$'`;

/**
 * The audit schema: the event-store tables (inbox and dead letters for the consumer) and
 * the hash-chained audit log, append-only in the database itself. Every statement can
 * run again without effect.
 */
export class InitAuditMigration extends Migration {
  override up(): void {
    for (const sql of eventStoreDdl(AUDIT_STORE_TABLES)) this.addSql(sql);
    this.addSql(`create table if not exists ${AUDIT_RECORDS} (
      seq bigint generated always as identity primary key,
      event_id uuid not null unique,
      event_type text not null,
      schema_version integer not null,
      service text not null,
      entity_type text not null,
      entity_id uuid not null,
      actor_id text not null,
      actor_role text,
      actor_name text,
      occurred_at timestamptz not null,
      recorded_at timestamptz not null default now(),
      correlation_id text not null,
      causation_id text not null,
      request_id text,
      client_ip text,
      user_agent text,
      changes jsonb,
      data jsonb not null,
      stream_version integer not null,
      jetstream_seq bigint not null,
      prev_hash text not null constraint audit_records_prev_hash_hex check (prev_hash ~ ${HEX_64}),
      hash text not null constraint audit_records_hash_hex check (hash ~ ${HEX_64}),
      -- one successor per record: the chain cannot fork even if two writers raced
      constraint audit_records_prev_hash_unique unique (prev_hash)
    )`);
    const index = (name: string, columns: string) =>
      this.addSql(`create index if not exists ${name} on ${AUDIT_RECORDS} (${columns})`);
    index('audit_records_event_type', 'event_type text_pattern_ops, seq');
    index('audit_records_entity', 'entity_type, entity_id, seq');
    index('audit_records_actor', 'actor_id, seq');
    index('audit_records_correlation', 'correlation_id, seq');
    index('audit_records_occurred_at', 'occurred_at');
    index('audit_records_service', 'service, seq');
    this.addSql(`create or replace function ${AUDIT_SCHEMA}.audit_records_append_only() returns trigger
      language plpgsql as $$
      begin
        raise exception 'audit_records is append-only: % is not allowed', tg_op
          using errcode = 'insufficient_privilege', hint = 'a correction is a new record that points at the original';
      end $$`);
    this.addSql(`drop trigger if exists audit_records_no_update_delete on ${AUDIT_RECORDS}`);
    this.addSql(`create trigger audit_records_no_update_delete before update or delete on ${AUDIT_RECORDS}
      for each row execute function ${AUDIT_SCHEMA}.audit_records_append_only()`);
    this.addSql(`drop trigger if exists audit_records_no_truncate on ${AUDIT_RECORDS}`);
    this.addSql(`create trigger audit_records_no_truncate before truncate on ${AUDIT_RECORDS}
      for each statement execute function ${AUDIT_SCHEMA}.audit_records_append_only()`);
    // the role that owns the table (and runs the service) keeps only INSERT and SELECT
    this.addSql(`revoke update, delete, truncate on ${AUDIT_RECORDS} from public, current_user`);
  }
}
