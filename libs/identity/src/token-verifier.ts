import { isRole, type AccessClaims, type JsonWebKeyLike } from '@uehub/contracts';
import { AppError } from '@uehub/errors';
import { createLocalJWKSet, errors, jwtVerify, type JSONWebKeySet } from 'jose';

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
  /** How often an unknown key id may trigger a refetch of the key set. */
  refetchAfterMs?: number;
}

type KeySet = ReturnType<typeof createLocalJWKSet>;

/**
 * Verifies access tokens (EdDSA only, issuer and audience checked, `exp` required) against
 * auth's public keys, cached and refetched when a token names an unknown `kid`. One
 * instance per process: the gateway and every service verify the same way.
 */
export class TokenVerifier {
  private keySet?: Promise<KeySet>;
  private fetchedAt = 0;

  constructor(
    private readonly source: KeySource,
    private readonly options: TokenVerifierOptions = {},
  ) {}

  /** The verified claims of a token, or UNAUTHENTICATED (SERVICE_UNAVAILABLE when the keys cannot be had). */
  async verify(token: string): Promise<VerifiedClaims> {
    let claims: VerifiedClaims;
    try {
      claims = await this.verifyWith(await this.keys(false), token);
    } catch (error) {
      if (!(error instanceof errors.JWKSNoMatchingKey) || Date.now() - this.fetchedAt < (this.options.refetchAfterMs ?? 5000)) {
        return unauthenticated(error);
      }
      claims = await this.verifyWith(await this.keys(true), token).catch(unauthenticated);
    }
    if (await this.options.isRevoked?.(claims)) throw new AppError('UNAUTHENTICATED', 'The access token has been revoked');
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
    return { sub: payload.sub, role: payload.role, name: payload.name, iat: payload.iat, exp: payload.exp };
  }

  /** The cached key set; concurrent callers share one fetch, and a failed fetch is not cached. */
  private keys(refresh: boolean): Promise<KeySet> {
    if (!this.keySet || refresh) {
      this.fetchedAt = Date.now();
      const fetching = this.source().then((keys) => createLocalJWKSet({ keys } as JSONWebKeySet));
      this.keySet = fetching;
      fetching.catch(() => {
        if (this.keySet === fetching) this.keySet = undefined;
      });
    }
    return this.keySet;
  }
}

function unauthenticated(error: unknown): never {
  if (error instanceof AppError) throw error;
  throw new AppError('UNAUTHENTICATED', 'The access token is not valid or has expired');
}
