import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { quoteIdent } from '@uehub/database';
import type { ErrorBody } from '@uehub/contracts';
import { AppError } from '@uehub/errors';
import type { StoreTables } from './tables';

/** How long a key is remembered (the IETF httpapi draft leaves it to the server; Stripe keeps 24 h). */
export const IDEMPOTENCY_TTL = '24 hours';

/** A command's answer as stored with its key: the RPC reply a repeat gets. */
export type StoredAnswer = { ok: true; data: unknown } | { ok: false; error: ErrorBody };

/** One key of one caller, with the fingerprint of the request it was first used for. */
export interface IdempotencyRecord {
  callerId: string;
  key: string;
  fingerprint: string;
}

/** DDL of `<prefix>_idempotency`, for a service's migration (a command's answer, stored with its events). */
export function idempotencyDdl(t: StoreTables): string[] {
  return [
    // json, not jsonb: a replay repeats the first answer byte for byte (jsonb reorders keys)
    `create table if not exists ${t.idempotency} (
      caller_id text not null,
      key text not null,
      fingerprint text not null,
      status integer,
      answer json,
      created_at timestamptz not null default now(),
      primary key (caller_id, key)
    )`,
    `create index if not exists ${quoteIdent(`${t.prefix}_idempotency_created`)} on ${t.idempotency} (created_at)`,
  ];
}

/** SHA-256 over the pattern and the payload as canonical JSON (keys sorted, undefined left out). */
export function requestFingerprint(pattern: string, payload: unknown): string {
  return createHash('sha256').update(`${pattern}\n${canonicalJson(payload)}`).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/**
 * The idempotency record of a command, kept in the command's own transaction: the first
 * request inserts the key (holding its row until commit), a repeat waits on that row, a
 * bounded time, then replays the stored answer.
 */
export class IdempotencyStore {
  constructor(private readonly tables: StoreTables) {}

  /** The lock timeout `claim` waits for a key another request holds, as a transaction-local setting for the command's first statement. */
  waitSettings(waitMs: number): Record<string, string> {
    return { lock_timeout: `${Math.max(1, Math.floor(waitMs))}ms` };
  }

  /**
   * Claims the key for this transaction (under `waitSettings`: one statement, which takes over
   * an expired key); returns the stored answer when a finished request holds it.
   */
  async claim(tx: EntityManager, record: IdempotencyRecord): Promise<StoredAnswer | undefined> {
    const t = this.tables.idempotency;
    let claimed: { claimed: boolean }[];
    try {
      claimed = await tx.execute(
        `with claim as (
           insert into ${t} as k (caller_id, key, fingerprint) values (?, ?, ?)
           on conflict (caller_id, key) do update set fingerprint = excluded.fingerprint, status = null, answer = null, created_at = now()
             where k.created_at < now() - interval '${IDEMPOTENCY_TTL}'
           returning 1
         )
         -- the lock timeout ends once the claim is done (offset 0 keeps the subquery, so the claim runs first)
         select c.claimed, set_config('lock_timeout', '0', true) from (select exists (select from claim) as claimed offset 0) c`,
        [record.callerId, record.key, record.fingerprint],
      );
    } catch (error) {
      if ((error as { code?: string }).code === '55P03') throw inUse();
      throw error;
    }
    if (claimed[0]?.claimed) return undefined;
    const [row] = await tx.execute<{ fingerprint: string; answer: StoredAnswer | null }[]>(
      `select fingerprint, answer from ${t} where caller_id = ? and key = ?`,
      [record.callerId, record.key],
    );
    if (!row?.answer) throw inUse();
    if (row.fingerprint !== record.fingerprint) {
      throw new AppError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used for a different request; use a new key');
    }
    return row.answer;
  }

  /** Stores the answer with the claimed key (same transaction as the command's events). */
  async store(tx: EntityManager, record: IdempotencyRecord, answer: StoredAnswer): Promise<void> {
    const status = answer.ok ? 200 : answer.error.status;
    await tx.execute(`update ${this.tables.idempotency} set status = ?, answer = ?::json where caller_id = ? and key = ?`, [
      status,
      JSON.stringify(answer),
      record.callerId,
      record.key,
    ]);
  }

  /** Deletes expired keys (a bounded batch); returns how many went. */
  async prune(em: EntityManager, limit = 1000): Promise<number> {
    const t = this.tables.idempotency;
    const rows = await em.execute(
      `delete from ${t} where ctid in (select ctid from ${t} where created_at < now() - interval '${IDEMPOTENCY_TTL}' limit ?) returning 1`,
      [limit],
    );
    return rows.length;
  }
}

function inUse(): AppError {
  return new AppError('IDEMPOTENCY_KEY_IN_USE', 'A request with this Idempotency-Key is still running; retry it shortly');
}
