import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { EventEnvelope } from '@uehub/contracts';
import type { BatchItem, Delivery, EventHandler } from '@uehub/event-store';
import { chainHash, GENESIS_HASH } from './canonical-hash';
import { RECORD_COLUMNS, toAuditRecord, type AuditRecordFields } from './audit-record';
import { AUDIT_RECORDS } from './audit-tables';
import { Checkpointer } from './checkpoints/checkpointer.service';

/** Advisory lock key of the chain head: one appender at a time across replicas. */
const CHAIN_LOCK_KEY = `hashtext('uehub.audit.audit_records.chain')`;

const JSON_COLUMNS = new Set<string>(['changes', 'data']);
const PLACEHOLDERS = RECORD_COLUMNS.map((column) => (JSON_COLUMNS.has(column) ? '?::jsonb' : '?')).join(', ');
/** The chain head as `readHead` reads it; an insert goes in only while the head is the one its chain started from. */
const HEAD_IS = `coalesce((select hash from ${AUDIT_RECORDS} order by seq desc limit 1), '${GENESIS_HASH}') = ?`;
const INSERT_SQL = `insert into ${AUDIT_RECORDS} (${RECORD_COLUMNS.join(', ')}, hash)
  select ${PLACEHOLDERS}, ? where ${HEAD_IS} on conflict (event_id) do nothing returning hash`;

/**
 * A batch in one statement: the records travel as one JSON array (one bind parameter, so the
 * statement text never changes), are read back into the table's row type and inserted in
 * array order, so `seq` follows the chain. `changes` null is stored as SQL NULL and `data` as
 * it is (also JSON null), as the one-row insert does.
 */
const BATCH_COLUMNS = RECORD_COLUMNS.map((column) => {
  if (column === 'changes') return `nullif(batch.record->'changes', 'null'::jsonb)`;
  if (column === 'data') return `batch.record->'data'`;
  return `fields.${column}`;
}).join(', ');
const INSERT_BATCH_SQL = `insert into ${AUDIT_RECORDS} (${RECORD_COLUMNS.join(', ')}, hash)
  select ${BATCH_COLUMNS}, fields.hash
    from jsonb_array_elements(?::jsonb) with ordinality as batch(record, n)
    cross join lateral jsonb_populate_record(null::${AUDIT_RECORDS}, batch.record) as fields
   where ${HEAD_IS}
   order by batch.n
  on conflict (event_id) do nothing returning hash`;

/**
 * Appends one hash-chained audit record per event, inside the consumer's transaction
 * (its inbox row commits with the record). Replicas append one after another under a
 * transaction-scoped advisory lock. The chain continues from the last hash this process wrote,
 * without reading the head first: each insert goes in only while the head still is that hash
 * (checked by the insert itself, after the lock), and reads the head and chains again otherwise
 * (another replica appended, a transaction rolled back, a purge): one round trip less per batch.
 */
@Injectable()
export class AuditRecordHandler implements EventHandler {
  /** Hash of the last record per open transaction. */
  private readonly heads = new WeakMap<EntityManager, string>();
  /** The last hash this process appended (maybe not committed): the head a new transaction tries first. */
  private lastHead?: string;

  /** Only counts records for the next checkpoint (a one-shot command passes a counter that ignores them). */
  constructor(@Inject(Checkpointer) private readonly checkpointer: Pick<Checkpointer, 'noteRecords'>) {}

  async beforeBatch(tx: EntityManager): Promise<void> {
    await tx.execute(`select pg_advisory_xact_lock(${CHAIN_LOCK_KEY})`);
    this.heads.set(tx, this.lastHead ?? (await this.readHead(tx)));
  }

  async handle(tx: EntityManager, event: EventEnvelope, delivery: Delivery): Promise<void> {
    if (!this.heads.has(tx)) await this.beforeBatch(tx);
    const recordedAt = new Date();
    const inserted = await this.appendChained(tx, (head) => {
      const record = toAuditRecord(event, delivery, recordedAt, head);
      const hash = chainHash(record);
      return { sql: INSERT_SQL, params: [...RECORD_COLUMNS.map((c) => param(record, c)), hash, head], head: hash };
    });
    if (inserted > 0) this.checkpointer.noteRecords(1);
  }

  /**
   * The batch's records chained in memory from the head and inserted with one statement. A
   * record already stored (its inbox row gone) would break the chain in the middle of the
   * batch, so a batch with one refuses as a whole and the consumer applies its events one by one.
   */
  async handleBatch(tx: EntityManager, items: readonly BatchItem[]): Promise<void> {
    if (items.length === 1) return this.handle(tx, items[0].event, items[0].delivery);
    if (!this.heads.has(tx)) await this.beforeBatch(tx);
    const recordedAt = new Date();
    const inserted = await this.appendChained(tx, (start) => {
      let head = start;
      const rows = items.map(({ event, delivery }) => {
        const record = toAuditRecord(event, delivery, recordedAt, head);
        head = chainHash(record);
        return { ...record, hash: head };
      });
      return { sql: INSERT_BATCH_SQL, params: [JSON.stringify(rows), start], head };
    });
    if (inserted !== items.length) throw new Error(`${items.length - inserted} record(s) of this batch were already stored`);
    this.checkpointer.noteRecords(inserted);
  }

  /**
   * Runs the insert `chain` builds from the transaction's head; when it inserted nothing because
   * the head was not the expected one, reads the head and chains again. Returns the rows inserted.
   */
  private async appendChained(tx: EntityManager, chain: (head: string) => { sql: string; params: unknown[]; head: string }): Promise<number> {
    for (let head = this.heads.get(tx) ?? GENESIS_HASH; ; ) {
      const attempt = chain(head);
      const inserted = await tx.execute<{ hash: string }[]>(attempt.sql, attempt.params);
      if (inserted.length > 0) {
        this.heads.set(tx, attempt.head);
        this.lastHead = attempt.head;
        return inserted.length;
      }
      const actual = await this.readHead(tx);
      if (actual === head) return 0; // the head was right: every record was stored before
      this.heads.set(tx, actual);
      head = actual;
    }
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
