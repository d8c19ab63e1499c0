import type { KeyObject } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { readChainRows, recordFields } from '../audit-chain.verifier';
import { chainHash } from '../canonical-hash';
import { chainStart, CheckpointWalk, compareWithCopy, verifyCheckpointChain, type CheckpointFinding } from '@uehub/audit-verify';
import type { CheckpointSink } from '../checkpoints/checkpoint-sinks';
import { readCheckpoints } from '../checkpoints/checkpoint-store';

export interface RecordFinding {
  kind: 'record';
  seq: number;
  eventId: string;
  problem: 'modified' | 'missing-or-reordered';
  detail: string;
}

export type AuditFinding = RecordFinding | CheckpointFinding;

export interface AuditVerification {
  ok: boolean;
  /** Records whose hash and link were checked before the first finding (all of them when ok). */
  records: number;
  /** Checkpoints whose signature, link and range were checked. */
  checkpoints: number;
  lastCheckpoint: number | null;
  /** Records after the last checkpoint: covered by the hash chain only, until the next one. */
  uncheckpointed: number;
  finding?: AuditFinding;
}

export interface VerifyOptions {
  /** Public keys by key id, current and retired. */
  keys: ReadonlyMap<string, KeyObject>;
  /** Copies of the checkpoints kept outside PostgreSQL, compared with the database's. */
  copies?: readonly CheckpointSink[];
  /** Verify only the checkpoints covering these record sequence numbers (inclusive). */
  fromSeq?: number;
  toSeq?: number;
  batchSize?: number;
}

/**
 * Recomputes the hash chain and checks it against the signed checkpoints: every checkpoint
 * signed by a known key and linked to the one before, equal to its copies outside the
 * database, and over exactly `count` records ending at a record with `headHash`. Returns
 * the first record or checkpoint that does not match and why. An attacker who rewrites
 * records and recomputes every later hash still cannot re-sign the checkpoints.
 */
export async function verifyAuditLog(em: EntityManager, options: VerifyOptions): Promise<AuditVerification> {
  const all = await readCheckpoints(em);
  const result = (records: number, checked: number, finding?: AuditFinding, uncheckpointed = 0): AuditVerification => ({
    ok: finding === undefined,
    records,
    checkpoints: checked,
    lastCheckpoint: all.at(-1)?.checkpoint ?? null,
    uncheckpointed,
    ...(finding ? { finding } : {}),
  });
  const chainFinding = verifyCheckpointChain(all, options.keys);
  if (chainFinding) return result(0, chainFinding.checkpoint - 1, chainFinding);
  for (const copy of options.copies ?? []) {
    const copyFinding = compareWithCopy(all, await copy.readAll(), copy.name);
    if (copyFinding) return result(0, all.length, copyFinding);
  }

  // after a purge the log starts at the latest tombstone's signed head, not at the genesis
  const origin = chainStart(all);
  const before = options.fromSeq === undefined ? undefined : all.filter((cp) => cp.lastSeq < options.fromSeq!).at(-1);
  const start = before && before.lastSeq > origin.seq ? { seq: before.lastSeq, hash: before.headHash } : origin;
  const end = options.toSeq === undefined ? undefined : all.find((cp) => cp.lastSeq >= options.toSeq!);
  const checkpoints = all.filter(
    (cp) => (cp.lastSeq > start.seq || (cp.count === 0 && cp.lastSeq === start.seq)) && cp.checkpoint <= (end?.checkpoint ?? Infinity),
  );
  const walk = new CheckpointWalk(checkpoints, start.seq, start.hash);
  const limitSeq = end?.lastSeq ?? options.toSeq;
  const batchSize = options.batchSize ?? 1000;
  let records = 0;
  let after = String(start.seq);
  let finding: AuditFinding | undefined = walk.closeEmpty();
  while (!finding) {
    const rows = await readChainRows(em, after, batchSize, limitSeq);
    for (const row of rows) {
      const seq = Number(row.seq);
      if (chainHash(recordFields(row)) !== row.hash) {
        finding = { kind: 'record', seq, eventId: row.event_id, problem: 'modified', detail: 'its stored hash is not the hash of its fields' };
      } else if (row.prev_hash !== walk.prevHash) {
        finding = { kind: 'record', seq, eventId: row.event_id, problem: 'missing-or-reordered', detail: 'its prev_hash is not the hash of the record before it' };
      } else {
        finding = walk.record(seq, row.hash);
      }
      if (finding) break;
      records += 1;
      after = row.seq;
    }
    if (!finding && rows.length < batchSize) finding = walk.end();
    if (!finding && rows.length < batchSize) break;
  }
  return result(records, finding?.kind === 'checkpoint' ? finding.checkpoint - 1 : walk.closed, finding, walk.open);
}
