import type { KeyObject } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { chainStart } from '@uehub/audit-verify';
import type { AuditPurgeView } from '@uehub/contracts';
import { AppError } from '@uehub/errors';
import { AUDIT_RECORDS, AUDIT_SCHEMA } from '../audit-tables';
import { lockCheckpointChain, readCheckpoints, signCheckpointIn } from '../checkpoints/checkpoint-store';
import type { AuditSigningKeys } from '../checkpoints/signing-keys';
import { verifyAuditLog } from '../verification/audit-verifier';
import { HELD_BY_ACTIVE_HOLD } from './legal-holds';
import { cutoffOf, type RetentionSettings } from './retention-settings';

export interface PurgeOptions {
  keys: AuditSigningKeys;
  /** Public keys (current and retired) the range is verified with before anything is removed. */
  publicKeys: ReadonlyMap<string, KeyObject>;
  retention: RetentionSettings;
  maxRecords: number;
  apply: boolean;
  now?: Date;
}

/** SQL: the record aliased `r` is still within its retention (the longest matching prefix decides). */
function retainedCondition(retention: RetentionSettings, now: Date): { sql: string; params: (string | Date)[] } {
  const rules = [...retention.rules].sort((a, b) => b.prefix.length - a.prefix.length);
  const params: (string | Date)[] = [];
  const branches = rules.map((rule) => {
    params.push(`${rule.prefix}.`, rule.prefix, cutoffOf(rule.age, now));
    return 'when starts_with(r.event_type, ?) or r.event_type = ? then ?::timestamptz';
  });
  params.push(cutoffOf(retention.defaultAge, now));
  return { sql: `r.occurred_at >= (case ${branches.join(' ')} else ?::timestamptz end)`, params };
}

/**
 * Removes the oldest records that are past their retention and under no active legal hold,
 * as one contiguous prefix of the chain: it stops at the first record that must stay, and
 * cuts at the last signed checkpoint before it, so the remaining chain starts at a signed
 * head hash. In one transaction holding the checkpoint chain's lock: the range is verified
 * first (a purge must not hide a tampered record), a tombstone checkpoint naming the
 * removed range is signed, then `purge_audit_records` deletes up to it. A dry run
 * (`apply: false`) reports the same range and changes nothing.
 */
export async function purgeAuditLog(em: EntityManager, options: PurgeOptions): Promise<AuditPurgeView> {
  const now = options.now ?? new Date();
  return em.transactional(async (tx) => {
    await lockCheckpointChain(tx);
    const checkpoints = await readCheckpoints(tx);
    const origin = chainStart(checkpoints);
    const retained = retainedCondition(options.retention, now);
    const [blocking] = await tx.execute<{ seq: string; held: boolean }[]>(
      `select r.seq::text as seq, ${HELD_BY_ACTIVE_HOLD} as held from ${AUDIT_RECORDS} r
        where r.seq > ?::bigint and (${retained.sql} or ${HELD_BY_ACTIVE_HOLD}) order by r.seq limit 1`,
      [origin.seq, ...retained.params],
    );
    const stopSeq = blocking ? Number(blocking.seq) : Infinity;
    const cut = checkpoints.filter((cp) => cp.count > 0 && cp.lastSeq > origin.seq && cp.lastSeq < stopSeq).at(-1);
    const stoppedAt = await firstKept(tx, cut?.lastSeq ?? origin.seq, blocking);
    if (!cut) return { applied: false, removed: null, stoppedAt, tombstone: null };
    const [range] = await tx.execute<{ count: string; first: string }[]>(
      `select count(*)::text as count, min(r.seq)::text as first from ${AUDIT_RECORDS} r where r.seq > ?::bigint and r.seq <= ?::bigint`,
      [origin.seq, cut.lastSeq],
    );
    const removed = { firstSeq: Number(range.first), lastSeq: cut.lastSeq, count: Number(range.count) };
    if (!options.apply) return { applied: false, removed, stoppedAt, tombstone: null };
    const verdict = await verifyAuditLog(tx, { keys: options.publicKeys, toSeq: cut.lastSeq });
    if (!verdict.ok) throw new AppError('RULE_VIOLATED', `the records to purge do not verify (${verdict.finding?.problem}): nothing was removed`);
    const purged = { firstSeq: origin.seq + 1, lastSeq: cut.lastSeq, count: removed.count, headHash: cut.headHash };
    const tombstone = await signCheckpointIn(tx, options.keys, options.maxRecords, 'any', () => now, purged);
    await tx.execute(`select ${AUDIT_SCHEMA}.purge_audit_records(?::bigint)`, [cut.lastSeq]);
    return { applied: true, removed, stoppedAt, tombstone: tombstone?.checkpoint ?? null };
  });
}

/** The first record the purge keeps, and why: a hold, its retention, or no checkpoint ends before the blocking record. */
async function firstKept(tx: EntityManager, afterSeq: number, blocking: { seq: string; held: boolean } | undefined): Promise<AuditPurgeView['stoppedAt']> {
  const [next] = await tx.execute<{ seq: string | null }[]>(`select min(r.seq)::text as seq from ${AUDIT_RECORDS} r where r.seq > ?::bigint`, [afterSeq]);
  if (next?.seq == null) return null;
  const seq = Number(next.seq);
  if (blocking && Number(blocking.seq) === seq) return { seq, reason: blocking.held ? 'legal-hold' : 'retention' };
  return { seq, reason: 'checkpoint' };
}
