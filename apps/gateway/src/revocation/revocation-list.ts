import type { VerifiedClaims } from '@uehub/identity';

/** Auth events after which the tokens a user already holds must stop working. */
export const REVOKING_EVENTS = ['auth.user.deactivated', 'auth.user.role_changed', 'auth.user.password_changed'] as const;

interface NotBefore {
  /** The user's stream version at the revoking event: a token made at an older version is refused. */
  version: number;
  /** When it happened (ms), for tokens that carry no version (signed before `uv` existed). */
  at: number;
}

/**
 * userId → the last revoking change, in memory (no database read per request). A token is
 * refused when it was made before that change: by the user's stream version (`uv`, exact,
 * whatever the clocks say), else by its issue time, whose one-second resolution errs on the
 * side of refusing. Entries older than the token lifetime are pruned: no token that old lives.
 */
export class RevocationList {
  private readonly users = new Map<string, NotBefore>();

  constructor(private readonly tokenLifetimeMs: number) {}

  record(userId: string, version: number, at: number): void {
    const known = this.users.get(userId);
    if (known && known.version >= version) return;
    this.users.set(userId, { version, at });
  }

  isRevoked(claims: Pick<VerifiedClaims, 'sub' | 'iat' | 'uv'>): boolean {
    const notBefore = this.users.get(claims.sub);
    if (!notBefore) return false;
    if (typeof claims.uv === 'number') return claims.uv < notBefore.version;
    return claims.iat * 1000 <= notBefore.at;
  }

  /** Forgets changes older than any live token (plus a minute for clock differences). */
  prune(now = Date.now()): void {
    for (const [userId, notBefore] of this.users) if (notBefore.at < now - this.tokenLifetimeMs - 60_000) this.users.delete(userId);
  }

  get size(): number {
    return this.users.size;
  }
}
