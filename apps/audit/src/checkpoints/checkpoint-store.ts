import type { EntityManager } from '@mikro-orm/postgresql';
import { canonicalTimestamp, GENESIS_HASH } from '../canonical-hash';
import { AUDIT_CHECKPOINTS, AUDIT_RECORDS } from '../audit-tables';
import { signCheckpoint, type CheckpointBody, type PurgedRange, type SignedCheckpoint } from '@uehub/audit-verify';
import type { AuditSigningKeys } from './signing-keys';

/** One checkpoint writer at a time across replicas. */
const CHECKPOINT_LOCK_KEY = `hashtext('uehub.audit.audit_checkpoints.chain')`;

/** Takes the checkpoint chain's lock for the rest of the transaction. */
export async function lockCheckpointChain(tx: EntityManager): Promise<void> {
  await tx.execute(`select pg_advisory_xact_lock(${CHECKPOINT_LOCK_KEY})`);
}

interface StoredRow {
  body: Omit<SignedCheckpoint, 'digest' | 'signature'>;
  digest: string;
  signature: string;
}

const toCheckpoint = (row: StoredRow): SignedCheckpoint => ({ ...row.body, digest: row.digest, signature: row.signature });

/** Every checkpoint in order (small: about one a minute), or a page of them (`upTo`, `limit`). */
export async function readCheckpoints(em: EntityManager, afterCheckpoint = 0, page?: { upTo: number; limit: number }): Promise<SignedCheckpoint[]> {
  const rows = await em.execute<StoredRow[]>(
    `select body, digest, signature from ${AUDIT_CHECKPOINTS} c where c.checkpoint > ?::bigint ${page ? 'and c.checkpoint <= ?::bigint' : ''} order by c.checkpoint ${page ? 'limit ?' : ''}`,
    page ? [afterCheckpoint, page.upTo, page.limit] : [afterCheckpoint],
  );
  return rows.map(toCheckpoint);
}

/**
 * Signs the next checkpoint over at most `maxRecords` records after the last one, in its
 * own transaction. `mode: 'full'` signs only when `maxRecords` are waiting (the count
 * trigger); `'any'` signs whatever is there, even nothing (the timer: proof that the log
 * had not grown). Returns the checkpoint, or undefined when none was due.
 */
export async function signNextCheckpoint(
  em: EntityManager,
  keys: AuditSigningKeys,
  maxRecords: number,
  mode: 'full' | 'any',
  now: () => Date = () => new Date(),
): Promise<SignedCheckpoint | undefined> {
  return em.transactional(async (tx) => {
    await lockCheckpointChain(tx);
    return signCheckpointIn(tx, keys, maxRecords, mode, now);
  });
}

/**
 * The body of `signNextCheckpoint`, in a transaction that holds the chain's lock already.
 * With `purged` it signs a tombstone: the same checkpoint that also names the records a
 * purge removes in this transaction.
 */
export async function signCheckpointIn(
  tx: EntityManager,
  keys: AuditSigningKeys,
  maxRecords: number,
  mode: 'full' | 'any',
  now: () => Date = () => new Date(),
  purged?: PurgedRange,
): Promise<SignedCheckpoint | undefined> {
  const [last] = await tx.execute<StoredRow[]>(`select body, digest, signature from ${AUDIT_CHECKPOINTS} order by checkpoint desc limit 1`);
  const previous = last ? toCheckpoint(last) : undefined;
  const prevLast = previous?.lastSeq ?? 0;
  const rows = await tx.execute<{ seq: string; hash: string }[]>(
    `select r.seq::text as seq, r.hash from ${AUDIT_RECORDS} r where r.seq > ?::bigint order by r.seq limit ?`,
    [prevLast, maxRecords],
  );
  if (mode === 'full' && rows.length < maxRecords) return undefined;
  const head = rows.at(-1);
  const body: CheckpointBody = {
    version: 1,
    checkpoint: (previous?.checkpoint ?? 0) + 1,
    firstSeq: rows.length ? Number(rows[0].seq) : null,
    lastSeq: head ? Number(head.seq) : prevLast,
    count: rows.length,
    headHash: head?.hash ?? previous?.headHash ?? GENESIS_HASH,
    prevDigest: previous?.digest ?? GENESIS_HASH,
    time: canonicalTimestamp(now().toISOString()),
    keyId: keys.kid,
    ...(purged ? { purged } : {}),
  };
  const signed = signCheckpoint(body, keys.privateKey);
  await insertCheckpoint(tx, signed);
  return signed;
}

export async function insertCheckpoint(em: EntityManager, cp: SignedCheckpoint): Promise<void> {
  const { digest, signature, ...body } = cp;
  await em.execute(
    `insert into ${AUDIT_CHECKPOINTS} (checkpoint, last_seq, body, digest, signature, prev_digest, purged_through) values (?, ?, ?::jsonb, ?, ?, ?, ?)`,
    [cp.checkpoint, cp.lastSeq, JSON.stringify(body), digest, signature, cp.prevDigest, cp.purged?.lastSeq ?? null],
  );
}
