import type { VerifiedClaims } from './token-verifier';

/**
 * Tokens whose signature and claims were verified, keyed by the token string, kept until
 * they expire: a client sends the same token for up to its lifetime, and an Ed25519
 * verification per request was about a fifth of the gateway's CPU (issue 12). Only the
 * signature check is cached: the caller still asks its revocation hook on every request.
 * Bounded: beyond `maxEntries` the oldest entry is dropped (a Map keeps insertion order).
 */
export class VerifiedTokenCache {
  private readonly entries = new Map<string, VerifiedClaims>();

  constructor(private readonly maxEntries: number) {}

  /** The claims of a token verified before and not yet expired at `now` (ms). */
  get(token: string, now = Date.now()): VerifiedClaims | undefined {
    const claims = this.entries.get(token);
    if (!claims) return undefined;
    if (claims.exp * 1000 <= now) {
      this.entries.delete(token);
      return undefined;
    }
    return claims;
  }

  set(token: string, claims: VerifiedClaims): void {
    if (this.maxEntries <= 0) return;
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(token, claims);
  }

  get size(): number {
    return this.entries.size;
  }
}
