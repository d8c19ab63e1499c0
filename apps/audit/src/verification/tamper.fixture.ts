// Test helpers (not exported): tamper with the audit tables as an attacker with superuser would.
import type { EntityManager } from '@mikro-orm/postgresql';
import { readChainRows, recordFields, type ChainRow } from '../audit-chain.verifier';
import { RECORD_COLUMNS } from '../audit-record';
import { AUDIT_RECORDS } from '../audit-tables';
import { chainHash } from '../canonical-hash';

const JSON_COLUMNS = new Set<string>(['changes', 'data']);

/** Every record in `seq` order as the verifier reads it. */
export function allRows(em: EntityManager): Promise<ChainRow[]> {
  return readChainRows(em, '0', 100_000);
}

/**
 * Replaces the records from `fromSeq` on with `rows` (given their `seq`), recomputing
 * every `prev_hash` and `hash` after the change, as a careful attacker would.
 */
export async function rewriteTail(tx: EntityManager, fromSeq: string, rows: ChainRow[]): Promise<void> {
  await tx.execute(`delete from ${AUDIT_RECORDS} where seq >= ?::bigint`, [fromSeq]);
  const [before] = await tx.execute<{ hash: string }[]>(`select hash from ${AUDIT_RECORDS} where seq < ?::bigint order by seq desc limit 1`, [fromSeq]);
  let prev = before?.hash ?? '0'.repeat(64);
  for (const row of rows) {
    const fields = { ...recordFields(row), prev_hash: prev };
    const hash = chainHash(fields);
    const values = RECORD_COLUMNS.map((column) => {
      const value = fields[column];
      return JSON_COLUMNS.has(column) && value !== null ? JSON.stringify(value) : value;
    });
    const placeholders = RECORD_COLUMNS.map((column) => (JSON_COLUMNS.has(column) ? '?::jsonb' : '?')).join(', ');
    await tx.execute(
      `insert into ${AUDIT_RECORDS} (seq, ${RECORD_COLUMNS.join(', ')}, hash) overriding system value values (?, ${placeholders}, ?)`,
      [row.seq, ...values, hash],
    );
    prev = hash;
  }
}
