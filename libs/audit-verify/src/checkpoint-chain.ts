import type { KeyObject } from 'node:crypto';
import { GENESIS_HASH } from './canonical-json.ts';
import { checkpointDigest, checkpointSignatureValid, type SignedCheckpoint } from './checkpoint.ts';

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
  | 'records-missing'
  | 'bad-tombstone';

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
 * `partial`: the list starts somewhere in the chain (an export), so the first one's link
 * and number are taken as they are; its digest and signature are still checked.
 */
export function verifyCheckpointChain(
  checkpoints: readonly SignedCheckpoint[],
  keys: ReadonlyMap<string, KeyObject>,
  options: { partial?: boolean } = {},
): CheckpointFinding | undefined {
  let previous: SignedCheckpoint | undefined;
  // an export's list starts mid-chain, past the checkpoints a tombstone points back to
  const tombstones = options.partial ? undefined : new TombstoneCheck();
  for (const cp of checkpoints) {
    const n = cp.checkpoint;
    const signedFinding = checkSigned(cp, keys);
    if (signedFinding) return signedFinding;
    if (!previous && options.partial) {
      previous = cp;
      continue;
    }
    const expectedNumber = (previous?.checkpoint ?? 0) + 1;
    if (n !== expectedNumber) return finding(n, 'out-of-order', `checkpoint ${expectedNumber} was expected here`);
    const prevDigest = previous?.digest ?? GENESIS_HASH;
    if (cp.prevDigest !== prevDigest) return finding(n, 'broken-link', `prevDigest is not the digest of checkpoint ${n - 1}`);
    const prevLast = previous?.lastSeq ?? 0;
    const rangeOk = cp.count === 0 ? cp.firstSeq === null && cp.lastSeq === prevLast : cp.firstSeq !== null && cp.firstSeq > prevLast && cp.lastSeq >= cp.firstSeq;
    if (!rangeOk) return finding(n, 'out-of-order', `range ${cp.firstSeq ?? '-'}..${cp.lastSeq} does not follow ${prevLast}`);
    const tombstoneFinding = tombstones?.check(cp);
    if (tombstoneFinding) return tombstoneFinding;
    previous = cp;
  }
  return undefined;
}

/**
 * A tombstone's purged range must start right after the previous tombstone's (purges take
 * the oldest end only) and end where an earlier checkpoint ended, with that checkpoint's
 * signed head hash: the remaining chain starts at a signed link.
 */
class TombstoneCheck {
  private purgedUpTo = 0;
  private readonly heads = new Map<number, string>();

  check(cp: SignedCheckpoint): CheckpointFinding | undefined {
    const purged = cp.purged;
    if (purged) {
      if (purged.firstSeq !== this.purgedUpTo + 1 || purged.lastSeq < purged.firstSeq || purged.count < 1) {
        return finding(cp.checkpoint, 'bad-tombstone', `purged range ${purged.firstSeq}..${purged.lastSeq} does not start right after seq ${this.purgedUpTo}`);
      }
      if (this.heads.get(purged.lastSeq) !== purged.headHash) {
        return finding(cp.checkpoint, 'bad-tombstone', `no earlier checkpoint ends at seq ${purged.lastSeq} with the head hash the tombstone names`);
      }
      this.purgedUpTo = purged.lastSeq;
    }
    this.heads.set(cp.lastSeq, cp.headHash);
    return undefined;
  }
}

/**
 * Where the records still in the log start: after the latest tombstone's purged range (its
 * head hash is the first remaining record's `prev_hash`), else at the genesis.
 */
export function chainStart(checkpoints: readonly SignedCheckpoint[]): { seq: number; hash: string; tombstone?: SignedCheckpoint } {
  const tombstone = checkpoints.findLast((cp) => cp.purged !== undefined);
  if (!tombstone?.purged) return { seq: 0, hash: GENESIS_HASH };
  return { seq: tombstone.purged.lastSeq, hash: tombstone.purged.headHash, tombstone };
}

/** Digest recomputed, key known, signature valid. */
export function checkSigned(cp: SignedCheckpoint, keys: ReadonlyMap<string, KeyObject>): CheckpointFinding | undefined {
  const n = cp.checkpoint;
  if (checkpointDigest(cp) !== cp.digest) return finding(n, 'digest-mismatch', 'the stored digest is not the digest of its fields: the checkpoint was altered');
  const key = keys.get(cp.keyId);
  if (!key) return finding(n, 'unknown-key', `signed with key "${cp.keyId}", which is neither a current nor a retired audit key`);
  if (!checkpointSignatureValid(cp, key)) return finding(n, 'bad-signature', `the signature does not verify with key "${cp.keyId}"`);
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

/** Follows the records through the checkpoints' ranges, in `seq` order. */
export class CheckpointWalk {
  private index = 0;
  private count = 0;
  private lastSeq: number;
  prevHash: string;

  private readonly checkpoints: readonly SignedCheckpoint[];

  constructor(checkpoints: readonly SignedCheckpoint[], startSeq: number, startHash: string) {
    this.checkpoints = checkpoints;
    this.lastSeq = startSeq;
    this.prevHash = startHash;
  }

  get closed(): number {
    return this.index;
  }

  /** Records seen after the last checkpoint. */
  get open(): number {
    return this.index >= this.checkpoints.length ? this.count : 0;
  }

  record(seq: number, hash: string): CheckpointFinding | undefined {
    const cp = this.checkpoints[this.index];
    if (cp && seq > cp.lastSeq) return this.mismatch(cp, 'count-mismatch', `no record at seq ${cp.lastSeq}, its last record; ${this.describe(cp)}`);
    this.count += 1;
    this.prevHash = hash;
    this.lastSeq = seq;
    if (!cp || seq < cp.lastSeq) return undefined;
    if (this.count !== cp.count) return this.mismatch(cp, 'count-mismatch', this.describe(cp));
    if (hash !== cp.headHash) return this.mismatch(cp, 'head-hash-mismatch', `the record at seq ${seq} does not have the head hash it signed: a record in seq ${cp.firstSeq}..${cp.lastSeq} was changed`);
    this.index += 1;
    this.count = 0;
    return this.closeEmpty();
  }

  /** Empty checkpoints right here must repeat the head they saw. */
  closeEmpty(): CheckpointFinding | undefined {
    for (let cp = this.checkpoints[this.index]; cp?.count === 0; cp = this.checkpoints[this.index]) {
      if (cp.lastSeq !== this.lastSeq || cp.headHash !== this.prevHash) return this.mismatch(cp, 'head-hash-mismatch', `the log's head at seq ${this.lastSeq} is not the head it signed`);
      this.index += 1;
    }
    return undefined;
  }

  end(): CheckpointFinding | undefined {
    const cp = this.checkpoints[this.index];
    if (!cp) return undefined;
    return this.mismatch(cp, 'records-missing', `it covers records up to seq ${cp.lastSeq}, the log ends at seq ${this.lastSeq} (${this.count} of its ${cp.count} records are there)`);
  }

  private describe(cp: SignedCheckpoint): string {
    return `it signed ${cp.count} records in seq ${cp.firstSeq}..${cp.lastSeq}, the log has ${this.count} there up to seq ${this.lastSeq}`;
  }

  private mismatch(cp: SignedCheckpoint, problem: CheckpointProblem, detail: string): CheckpointFinding {
    return { kind: 'checkpoint', checkpoint: cp.checkpoint, problem, detail };
  }
}
