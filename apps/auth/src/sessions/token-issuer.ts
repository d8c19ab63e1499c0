import { Inject, Injectable } from '@nestjs/common';
import type { Role, TokenPair } from '@uehub/contracts';
import { TOKEN_AUDIENCE, TOKEN_ISSUER } from '@uehub/identity';
import { SignJWT } from 'jose';
import { AUTH_SETTINGS, type AuthSettings } from '../auth-settings';
import { SIGNING_ALG, SigningKeys } from './signing-keys';

/**
 * Signs short-lived access tokens (EdDSA, with the key id in the header). `uv` is the user's
 * stream version when the token was made: the gateway refuses a token whose `uv` is older than
 * the user's last deactivation, role change or password change, without clock arithmetic.
 */
@Injectable()
export class TokenIssuer {
  constructor(
    private readonly keys: SigningKeys,
    @Inject(AUTH_SETTINGS) private readonly settings: AuthSettings,
  ) {}

  async pair(user: { id: string; role: Role; name: string; version: number }, refreshToken: string): Promise<TokenPair> {
    const { kid, key } = await this.keys.signingKey();
    const ttl = this.settings.accessTokenTtlSeconds;
    const accessToken = await new SignJWT({ role: user.role, name: user.name, uv: user.version })
      .setProtectedHeader({ alg: SIGNING_ALG, kid, typ: 'JWT' })
      .setSubject(user.id)
      .setIssuer(TOKEN_ISSUER)
      .setAudience(TOKEN_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${ttl}s`)
      .sign(key);
    return { accessToken, refreshToken, tokenType: 'Bearer', expiresIn: ttl };
  }
}
