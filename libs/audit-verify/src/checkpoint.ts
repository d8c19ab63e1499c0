import { sign, verify, type KeyObject } from 'node:crypto';
import { canonicalJson, sha256Hex } from './canonical-json.ts';

/**
 * What a checkpoint signs: a range of the audit log (`seq` from `firstSeq` to `lastSeq`,
 * `count` records, `firstSeq` null when empty), the hash of its last record, and the
 * digest of the checkpoint before, so checkpoints form their own chain.
 */
export interface CheckpointBody {
  version: 1;
  checkpoint: number;
  firstSeq: number | null;
  lastSeq: number;
  count: number;
  headHash: string;
  prevDigest: string;
  time: string;
  keyId: string;
  /**
   * A tombstone: records `firstSeq..lastSeq` (`count` of them, the oldest end of the log)
   * were purged after this checkpoint was signed; `headHash` is the hash of the record at
   * `lastSeq`, where the remaining chain starts. Absent on ordinary checkpoints.
   */
  purged?: PurgedRange;
}

export interface PurgedRange {
  firstSeq: number;
  lastSeq: number;
  count: number;
  headHash: string;
}

/** A signed checkpoint: the body, its digest (the next one's `prevDigest`) and an Ed25519 signature. */
export interface SignedCheckpoint extends CheckpointBody {
  digest: string;
  signature: string;
}

export function checkpointBody(checkpoint: CheckpointBody): CheckpointBody {
  const { version, checkpoint: n, firstSeq, lastSeq, count, headHash, prevDigest, time, keyId, purged } = checkpoint;
  const body: CheckpointBody = { version, checkpoint: n, firstSeq, lastSeq, count, headHash, prevDigest, time, keyId };
  if (!purged) return body;
  return { ...body, purged: { firstSeq: purged.firstSeq, lastSeq: purged.lastSeq, count: purged.count, headHash: purged.headHash } };
}

/** sha256 over the canonical JSON of the body: what chains checkpoints together. */
export function checkpointDigest(body: CheckpointBody): string {
  return sha256Hex(canonicalJson(checkpointBody(body)));
}

export function signCheckpoint(body: CheckpointBody, privateKey: KeyObject): SignedCheckpoint {
  const clean = checkpointBody(body);
  const signature = sign(null, Buffer.from(canonicalJson(clean), 'utf8'), privateKey).toString('base64url');
  return { ...clean, digest: checkpointDigest(clean), signature };
}

export function checkpointSignatureValid(checkpoint: SignedCheckpoint, publicKey: KeyObject): boolean {
  try {
    return verify(null, Buffer.from(canonicalJson(checkpointBody(checkpoint)), 'utf8'), publicKey, Buffer.from(checkpoint.signature, 'base64url'));
  } catch {
    return false;
  }
}
