import { quoteIdent } from '@uehub/database';

/** Names of the event-store tables of one service (`<prefix>_events`, `_outbox`, `_inbox`, `_dead_letters`). */
export interface StoreTables {
  schema: string;
  prefix: string;
  events: string;
  outbox: string;
  inbox: string;
  deadLetters: string;
  /** Idempotency keys of commands with their stored answers (`idempotencyDdl`). */
  idempotency: string;
  /** LISTEN/NOTIFY channel woken by outbox inserts. */
  outboxChannel: string;
}

export function storeTables(schema: string, prefix: string = schema): StoreTables {
  const q = (name: string) => `${quoteIdent(schema)}.${quoteIdent(`${prefix}_${name}`)}`;
  return {
    schema,
    prefix,
    events: q('events'),
    outbox: q('outbox'),
    inbox: q('inbox'),
    deadLetters: q('dead_letters'),
    idempotency: q('idempotency'),
    outboxChannel: `${schema}_${prefix}_outbox`,
  };
}

/**
 * DDL of the event store, for a service's first migration. `transaction_id` (xid8) lets a
 * position-based reader skip rows of transactions that are still open (see docs/event-store.md).
 */
export function eventStoreDdl(t: StoreTables): string[] {
  const notify = quoteIdent(`${t.prefix}_outbox_notify`);
  return [
    `create table if not exists ${t.events} (
      global_position bigint generated always as identity primary key,
      transaction_id xid8 not null default pg_current_xact_id(),
      stream_type text not null,
      stream_id uuid not null,
      stream_version integer not null check (stream_version > 0),
      event_id uuid not null unique,
      event_type text not null,
      schema_version integer not null,
      data jsonb not null,
      metadata jsonb not null,
      occurred_at timestamptz not null,
      unique (stream_id, stream_version)
    )`,
    `create index if not exists ${quoteIdent(`${t.prefix}_events_tx_position`)} on ${t.events} (transaction_id, global_position)`,
    `create table if not exists ${t.outbox} (
      position bigint generated always as identity primary key,
      event_id uuid not null unique,
      subject text not null,
      envelope jsonb not null,
      created_at timestamptz not null default now(),
      published_at timestamptz,
      attempts integer not null default 0,
      last_error text
    )`,
    `create index if not exists ${quoteIdent(`${t.prefix}_outbox_pending`)} on ${t.outbox} (position) where published_at is null`,
    `create table if not exists ${t.inbox} (
      consumer text not null,
      event_id uuid not null,
      processed_at timestamptz not null default now(),
      primary key (consumer, event_id)
    )`,
    `create table if not exists ${t.deadLetters} (
      id uuid primary key,
      consumer text not null,
      event_id uuid,
      subject text not null,
      payload text not null,
      error text not null,
      attempts integer not null,
      created_at timestamptz not null default now(),
      retried_at timestamptz,
      resolved_at timestamptz
    )`,
    `create or replace function ${quoteIdent(t.schema)}.${notify}() returns trigger language plpgsql as $$
      begin perform pg_notify('${t.outboxChannel}', ''); return null; end $$`,
    `drop trigger if exists ${notify} on ${t.outbox}`,
    `create trigger ${notify} after insert on ${t.outbox} for each statement execute function ${quoteIdent(t.schema)}.${notify}()`,
  ];
}

/**
 * Second step of the event store (a migration of its own, safe on a live table: nullable
 * columns without defaults, indexes built concurrently, so it must run outside a transaction):
 * the relay's claims, retry schedule and parking on the outbox, the index that pruning reads,
 * and the JetStream sequence of a dead letter (kept when it is retried).
 */
export function outboxClaimsDdl(t: StoreTables): string[] {
  return [
    `alter table ${t.outbox} add column if not exists claimed_by text`,
    `alter table ${t.outbox} add column if not exists claimed_until timestamptz`,
    `alter table ${t.outbox} add column if not exists next_attempt_at timestamptz`,
    `alter table ${t.outbox} add column if not exists parked_at timestamptz`,
    `create index concurrently if not exists ${quoteIdent(`${t.prefix}_outbox_published`)} on ${t.outbox} (published_at) where published_at is not null`,
    `alter table ${t.deadLetters} add column if not exists stream_sequence bigint`,
  ];
}
