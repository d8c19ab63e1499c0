import type { EntityManager } from '@mikro-orm/postgresql';
import { chainHash, GENESIS_HASH } from './canonical-hash';
import { RECORD_COLUMNS, type AuditRecordFields } from './audit-record';
import { AUDIT_RECORDS } from './audit-tables';

export type ChainProblem = 'modified' | 'missing-or-reordered';

export type ChainVerdict =
  | { ok: true; records: number; headHash: string }
  | { ok: false; records: number; firstBad: { seq: string; eventId: string; problem: ChainProblem } };

export type ChainRow = Omit<AuditRecordFields, 'jetstream_seq'> & { seq: string; jetstream_seq: string; hash: string };

/** Timestamps exactly as the writer hashed them (UTC, six fraction digits). */
const ts = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as ${column}`;
const SELECT_COLUMNS = [
  'seq::text as seq',
  ...RECORD_COLUMNS.map((column) => {
    if (column === 'occurred_at' || column === 'recorded_at') return ts(column);
    if (column === 'event_id' || column === 'entity_id' || column === 'jetstream_seq') return `${column}::text as ${column}`;
    return column;
  }),
  'hash',
].join(', ');

/**
 * Walks the audit log in `seq` order, recomputes every hash from the stored fields and
 * checks each `prev_hash` against the record before it. Names the first record that was
 * modified, or whose predecessor is missing or out of place.
 */
export async function verifyAuditChain(em: EntityManager, batchSize = 1000): Promise<ChainVerdict> {
  let previous = GENESIS_HASH;
  let after = '0';
  let records = 0;
  for (;;) {
    const rows = await readChainRows(em, after, batchSize);
    for (const row of rows) {
      const { seq, hash } = row;
      if (chainHash(recordFields(row)) !== hash) return { ok: false, records, firstBad: { seq, eventId: row.event_id, problem: 'modified' } };
      if (row.prev_hash !== previous) {
        return { ok: false, records, firstBad: { seq, eventId: row.event_id, problem: 'missing-or-reordered' } };
      }
      previous = hash;
      records += 1;
      after = seq;
    }
    if (rows.length < batchSize) return { ok: true, records, headHash: previous };
  }
}

/** Extra conditions on the records read (an export's filter). */
export interface RecordCondition {
  sql: string;
  params: unknown[];
}

/** Records after `afterSeq` in `seq` order, every field as the writer hashed it. */
export function readChainRows(em: EntityManager, afterSeq: string, limit: number, toSeq?: number, condition?: RecordCondition): Promise<ChainRow[]> {
  const upTo = toSeq === undefined ? '' : 'and r.seq <= ?::bigint';
  return em.execute<ChainRow[]>(
    // r.seq: a bare "seq" in ORDER BY would sort by the text column of the same name
    `select ${SELECT_COLUMNS} from ${AUDIT_RECORDS} r where r.seq > ?::bigint ${upTo} ${condition ? `and ${condition.sql}` : ''} order by r.seq limit ?`,
    [afterSeq, ...(toSeq === undefined ? [] : [toSeq]), ...(condition?.params ?? []), limit],
  );
}

/** The hashed fields of a row read by `readChainRows`. */
export function recordFields(row: ChainRow): AuditRecordFields {
  const { seq: _seq, hash: _hash, jetstream_seq, ...rest } = row;
  return { ...rest, jetstream_seq: Number(jetstream_seq) };
}
