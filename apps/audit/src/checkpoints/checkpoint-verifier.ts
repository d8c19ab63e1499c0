import type { KeyObject } from 'node:crypto';
import { GENESIS_HASH } from '../canonical-hash';
import { checkpointDigest, checkpointSignatureValid, type SignedCheckpoint } from './checkpoint';

export type CheckpointProblem =
  | 'digest-mismatch'
  | 'unknown-key'
  | 'bad-signature'
  | 'broken-link'
  | 'out-of-order'
  | 'missing-from-database'
  | 'differs-from-copy'
  | 'count-mismatch'
  | 'head-hash-mismatch'
  | 'records-missing';

export interface CheckpointFinding {
  kind: 'checkpoint';
  checkpoint: number;
  problem: CheckpointProblem;
  detail: string;
}

const finding = (checkpoint: number, problem: CheckpointProblem, detail: string): CheckpointFinding => ({ kind: 'checkpoint', checkpoint, problem, detail });

/**
 * Checks the checkpoints on their own: each digest recomputed, signed by a known key,
 * linked to the one before, numbered and ranged in order. Returns the first that fails.
 */
export function verifyCheckpointChain(checkpoints: readonly SignedCheckpoint[], keys: ReadonlyMap<string, KeyObject>): CheckpointFinding | undefined {
  let previous: SignedCheckpoint | undefined;
  for (const cp of checkpoints) {
    const n = cp.checkpoint;
    if (checkpointDigest(cp) !== cp.digest) return finding(n, 'digest-mismatch', 'the stored digest is not the digest of its fields: the checkpoint was altered');
    const key = keys.get(cp.keyId);
    if (!key) return finding(n, 'unknown-key', `signed with key "${cp.keyId}", which is neither a current nor a retired audit key`);
    if (!checkpointSignatureValid(cp, key)) return finding(n, 'bad-signature', `the signature does not verify with key "${cp.keyId}"`);
    const expectedNumber = (previous?.checkpoint ?? 0) + 1;
    if (n !== expectedNumber) return finding(n, 'out-of-order', `checkpoint ${expectedNumber} was expected here`);
    const prevDigest = previous?.digest ?? GENESIS_HASH;
    if (cp.prevDigest !== prevDigest) return finding(n, 'broken-link', `prevDigest is not the digest of checkpoint ${n - 1}`);
    const prevLast = previous?.lastSeq ?? 0;
    const rangeOk = cp.count === 0 ? cp.firstSeq === null && cp.lastSeq === prevLast : cp.firstSeq !== null && cp.firstSeq > prevLast && cp.lastSeq >= cp.firstSeq;
    if (!rangeOk) return finding(n, 'out-of-order', `range ${cp.firstSeq ?? '-'}..${cp.lastSeq} does not follow ${prevLast}`);
    previous = cp;
  }
  return undefined;
}

/**
 * Compares the database's checkpoints with a copy kept outside PostgreSQL. A checkpoint
 * the copy has and the database lacks, or one that differs, is reported; the copy may lag.
 */
export function compareWithCopy(
  database: readonly SignedCheckpoint[],
  copy: readonly SignedCheckpoint[],
  copyName: string,
): CheckpointFinding | undefined {
  const byNumber = new Map(database.map((cp) => [cp.checkpoint, cp]));
  for (const kept of copy) {
    const stored = byNumber.get(kept.checkpoint);
    if (!stored) return finding(kept.checkpoint, 'missing-from-database', `the ${copyName} has checkpoint ${kept.checkpoint} (up to seq ${kept.lastSeq}), the database does not`);
    if (stored.digest !== kept.digest || stored.signature !== kept.signature) {
      return finding(kept.checkpoint, 'differs-from-copy', `the database's checkpoint differs from the one in the ${copyName}`);
    }
  }
  return undefined;
}
