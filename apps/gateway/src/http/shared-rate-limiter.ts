import { Kvm, type KV } from '@nats-io/kv';
import { rateLimitBucket } from '@uehub/contracts';
import { AppError } from '@uehub/errors';
import type { NatsConnection } from '@uehub/messaging';

const WINDOW_MS = 60_000;
/** Compare-and-set rounds before a hotly contested key is treated as over its limit. */
const MAX_ROUNDS = 8;

export type RateLimitScope = 'login' | 'refresh';

interface Window {
  start: number;
  count: number;
}

/**
 * Attempts per client IP per minute, counted in a NATS JetStream key-value bucket that every
 * gateway replica shares: one key per scope and client holding `{start, count}` of its current
 * one-minute window, changed only by compare-and-set on the key's revision, so concurrent
 * replicas never lose a count. Keys expire with the bucket's TTL (two minutes), which works on
 * nats-server 2.9 (no per-message TTL needed).
 */
export class SharedRateLimiter {
  private kv?: Promise<KV>;

  constructor(
    private readonly nc: NatsConnection,
    private readonly prefix: string,
    private readonly perMinute: Record<RateLimitScope, number>,
    /** Copies of the bucket: on a cluster as many as the event stream has, so losing a node loses no count. */
    private readonly replicas = 1,
  ) {}

  /** Counts an attempt; RATE_LIMITED when the client is over the scope's limit. */
  async check(scope: RateLimitScope, client: string, now = Date.now()): Promise<void> {
    try {
      await this.count(scope, client, now);
    } catch (error) {
      if (error instanceof AppError) throw error;
      // the same broker carries the login itself: without it there is no login to protect
      throw new AppError('SERVICE_UNAVAILABLE', 'The rate limit store is unavailable; try again');
    }
  }

  private async count(scope: RateLimitScope, client: string, now: number): Promise<void> {
    const kv = await this.bucket();
    const key = `${scope}.${Buffer.from(client).toString('base64url') || 'unknown'}`;
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const entry = await kv.get(key);
      const current = entry?.operation === 'PUT' ? parseWindow(entry.string()) : undefined;
      const next: Window = current && now - current.start < WINDOW_MS ? { start: current.start, count: current.count + 1 } : { start: now, count: 1 };
      if (next.count > this.perMinute[scope]) throw limited(scope);
      try {
        if (entry) await kv.update(key, JSON.stringify(next), entry.revision);
        else await kv.create(key, JSON.stringify(next));
        return;
      } catch (error) {
        if (!isRevisionConflict(error)) throw error;
        // another replica counted first: read again and count on top of it
      }
    }
    throw limited(scope);
  }

  private bucket(): Promise<KV> {
    this.kv ??= new Kvm(this.nc).create(rateLimitBucket(this.prefix), { history: 1, ttl: 2 * WINDOW_MS, replicas: this.replicas }).catch((error: unknown) => {
      this.kv = undefined;
      throw error;
    });
    return this.kv;
  }
}

function parseWindow(text: string): Window | undefined {
  try {
    const value = JSON.parse(text) as Partial<Window>;
    return typeof value.start === 'number' && typeof value.count === 'number' ? { start: value.start, count: value.count } : undefined;
  } catch {
    return undefined;
  }
}

function isRevisionConflict(error: unknown): boolean {
  return error instanceof Error && /wrong last sequence|key exists/i.test(error.message);
}

function limited(scope: RateLimitScope): AppError {
  return new AppError('RATE_LIMITED', scope === 'login' ? 'Too many login attempts; wait a minute' : 'Too many token refreshes; wait a minute');
}

/** Removes the bucket of a prefix (test clean-up). */
export async function deleteRateLimitBucket(nc: NatsConnection, prefix: string): Promise<void> {
  await new Kvm(nc)
    .open(rateLimitBucket(prefix), { bindOnly: true })
    .then((kv) => kv.destroy())
    .catch(() => undefined);
}
