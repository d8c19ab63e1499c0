import { isRole, type AccessClaims, type JsonWebKeyLike } from '@uehub/contracts';
import { AppError } from '@uehub/errors';
import { errors, jwtVerify } from 'jose';
import { KeySetCache, type KeySet } from './key-set-cache';
import { VerifiedTokenCache } from './verified-token-cache';

/** Who signs access tokens and for whom; the only algorithm accepted (never `none`, never HMAC). */
export const TOKEN_ISSUER = 'uehub-auth';
export const TOKEN_AUDIENCE = 'uehub';
export const TOKEN_ALG = 'EdDSA';

/** The claims of an access token that passed verification. */
export interface VerifiedClaims extends AccessClaims {
  /** Issued at / expires at, seconds since the epoch. */
  iat: number;
  exp: number;
}

/** Where the public keys come from: auth's own key store, or `auth.jwks` for everyone else. */
export type KeySource = () => Promise<JsonWebKeyLike[]>;

export interface TokenVerifierOptions {
  /** A refused token (e.g. issued before its user was deactivated) is UNAUTHENTICATED. */
  isRevoked?: (claims: VerifiedClaims) => boolean | Promise<boolean>;
  /** How often an unknown key id may trigger a refetch of the key set (default 1 s). */
  refetchAfterMs?: number;
  /** How long the key set is kept before it is refetched anyway (default 60 s): retired keys drop out. */
  keysTtlMs?: number;
  /**
   * How many verified tokens to remember until they expire, so a token's signature is checked
   * once, not on every request (default 10,000; 0 turns the cache off). The revocation hook
   * is still asked every time. Signing keys are retired only after every token they signed
   * has expired, so a cached token never outlives its key.
   */
  cachedTokens?: number;
}

/**
 * Verifies access tokens (EdDSA only, issuer and audience checked, `exp` required) against
 * auth's public keys, cached for a TTL and refetched when a token names an unknown `kid`. One
 * instance per process: the gateway and every service verify the same way.
 */
export class TokenVerifier {
  private readonly keySets: KeySetCache;
  private readonly verified: VerifiedTokenCache;

  constructor(
    source: KeySource,
    private readonly options: TokenVerifierOptions = {},
  ) {
    this.keySets = new KeySetCache(source, options.keysTtlMs ?? 60_000, options.refetchAfterMs ?? 1000);
    this.verified = new VerifiedTokenCache(options.cachedTokens ?? 10_000);
  }

  /** The verified claims of a token, or UNAUTHENTICATED (SERVICE_UNAVAILABLE when the keys cannot be had). */
  async verify(token: string): Promise<VerifiedClaims> {
    const claims = this.verified.get(token) ?? (await this.verifySignature(token));
    if (await this.options.isRevoked?.(claims)) throw new AppError('UNAUTHENTICATED', 'The access token has been revoked');
    return claims;
  }

  private async verifySignature(token: string): Promise<VerifiedClaims> {
    let claims: VerifiedClaims;
    try {
      claims = await this.verifyWith(await this.keySets.current(), token);
    } catch (error) {
      if (!(error instanceof errors.JWKSNoMatchingKey)) return unauthenticated(error);
      claims = await this.keySets
        .forUnknownKid()
        .then((keySet) => this.verifyWith(keySet, token))
        .catch(unauthenticated);
    }
    this.verified.set(token, Object.freeze(claims));
    return claims;
  }

  private async verifyWith(keySet: KeySet, token: string): Promise<VerifiedClaims> {
    const { payload } = await jwtVerify(token, keySet, {
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
      algorithms: [TOKEN_ALG],
      requiredClaims: ['sub', 'exp', 'iat'],
    });
    if (!payload.sub || !isRole(payload.role) || typeof payload.name !== 'string' || !payload.exp || !payload.iat) {
      throw new AppError('UNAUTHENTICATED', 'The access token is missing claims');
    }
    const claims: VerifiedClaims = { sub: payload.sub, role: payload.role, name: payload.name, iat: payload.iat, exp: payload.exp };
    if (typeof payload.uv === 'number') claims.uv = payload.uv;
    return claims;
  }
}

function unauthenticated(error: unknown): never {
  if (error instanceof AppError) throw error;
  throw new AppError('UNAUTHENTICATED', 'The access token is not valid or has expired');
}
