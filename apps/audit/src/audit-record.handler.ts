import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { EventEnvelope } from '@uehub/contracts';
import type { Delivery, EventHandler } from '@uehub/event-store';
import { chainHash, GENESIS_HASH } from './canonical-hash';
import { RECORD_COLUMNS, toAuditRecord, type AuditRecordFields } from './audit-record';
import { AUDIT_RECORDS } from './audit-tables';
import { Checkpointer } from './checkpoints/checkpointer.service';

/** Advisory lock key of the chain head: one appender at a time across replicas. */
const CHAIN_LOCK_KEY = `hashtext('uehub.audit.audit_records.chain')`;

const JSON_COLUMNS = new Set<string>(['changes', 'data']);
const PLACEHOLDERS = RECORD_COLUMNS.map((column) => (JSON_COLUMNS.has(column) ? '?::jsonb' : '?')).join(', ');
const INSERT_SQL = `insert into ${AUDIT_RECORDS} (${RECORD_COLUMNS.join(', ')}, hash)
  values (${PLACEHOLDERS}, ?) on conflict (event_id) do nothing returning hash`;

/**
 * Appends one hash-chained audit record per event, inside the consumer's transaction
 * (its inbox row commits with the record). The chain head is read after taking a
 * transaction-scoped advisory lock, so replicas append one after another.
 */
@Injectable()
export class AuditRecordHandler implements EventHandler {
  /** Hash of the last record per open transaction, so a batch reads the head once. */
  private readonly heads = new WeakMap<EntityManager, string>();

  constructor(private readonly checkpointer: Checkpointer) {}

  async beforeBatch(tx: EntityManager): Promise<void> {
    await tx.execute(`select pg_advisory_xact_lock(${CHAIN_LOCK_KEY})`);
    this.heads.set(tx, await this.readHead(tx));
  }

  async handle(tx: EntityManager, event: EventEnvelope, delivery: Delivery): Promise<void> {
    if (!this.heads.has(tx)) await this.beforeBatch(tx);
    const record = toAuditRecord(event, delivery, new Date(), this.heads.get(tx) ?? GENESIS_HASH);
    const hash = chainHash(record);
    const inserted = await tx.execute<{ hash: string }[]>(INSERT_SQL, [...RECORD_COLUMNS.map((c) => param(record, c)), hash]);
    if (inserted.length === 0) return;
    this.heads.set(tx, hash);
    this.checkpointer.noteRecords(1);
  }

  private async readHead(tx: EntityManager): Promise<string> {
    const [last] = await tx.execute<{ hash: string }[]>(`select hash from ${AUDIT_RECORDS} order by seq desc limit 1`);
    return last?.hash ?? GENESIS_HASH;
  }
}

function param(record: AuditRecordFields, column: (typeof RECORD_COLUMNS)[number]): unknown {
  const value = record[column];
  if (!JSON_COLUMNS.has(column)) return value;
  return value === null && column === 'changes' ? null : JSON.stringify(value);
}
