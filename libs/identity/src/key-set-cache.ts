import type { JsonWebKeyLike } from '@uehub/contracts';
import { createLocalJWKSet, type JSONWebKeySet } from 'jose';
import { createLogger } from '@uehub/observability';

export type KeySet = ReturnType<typeof createLocalJWKSet>;

const log = createLogger('key-set-cache');

/**
 * Auth's public keys as the gateway holds them: refetched when older than the TTL (so retired
 * keys drop out and new ones arrive even before a token names them) and on an unknown key id.
 * A failed refetch keeps the keys it had: auth being away must not make every token invalid.
 */
export class KeySetCache {
  private keySet?: KeySet;
  private fetchedAt = 0;
  private loading?: Promise<KeySet>;

  constructor(
    private readonly fetchKeys: () => Promise<JsonWebKeyLike[]>,
    private readonly ttlMs: number,
    /** Unknown key ids trigger a refetch at most this often (a flood of forged kids must not flood auth). */
    private readonly unknownKidRefetchMs = 1000,
  ) {}

  /** The key set to verify with now. */
  async current(now = Date.now()): Promise<KeySet> {
    if (this.keySet && now - this.fetchedAt < this.ttlMs) return this.keySet;
    return this.refetch();
  }

  /**
   * Refetches for a key id the set lacks (a key rotated in since the last fetch). Soon after the last
   * fetch it waits out the rest of the refetch interval, and callers share one refetch.
   */
  async forUnknownKid(now = Date.now()): Promise<KeySet> {
    const seen = this.fetchedAt;
    const wait = seen + this.unknownKidRefetchMs - now;
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    // another caller refetched while we waited: share its keys. (Not "is the last fetch recent?":
    // a timer may fire a millisecond early by Date.now(), which returned the stale set.)
    if (this.fetchedAt !== seen && this.keySet) return this.keySet;
    return this.refetch();
  }

  private async refetch(): Promise<KeySet> {
    this.loading ??= this.fetchKeys()
      .then((keys) => {
        this.keySet = createLocalJWKSet({ keys } as JSONWebKeySet);
        this.fetchedAt = Date.now();
        return this.keySet;
      })
      .finally(() => (this.loading = undefined));
    try {
      return await this.loading;
    } catch (error) {
      if (!this.keySet) throw error;
      log.warn({ err: (error as Error).message }, 'could not refetch the public keys; keeping the ones we have');
      return this.keySet;
    }
  }
}
