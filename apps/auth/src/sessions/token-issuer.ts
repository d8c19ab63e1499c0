import { Injectable } from '@nestjs/common';
import type { Role, TokenPair } from '@uehub/contracts';
import { TOKEN_AUDIENCE, TOKEN_ISSUER } from '@uehub/identity';
import { SignJWT } from 'jose';
import { SIGNING_ALG, SigningKeys } from './signing-keys';

export const ACCESS_TOKEN_TTL_SECONDS = Number(process.env.ACCESS_TOKEN_TTL_SECONDS ?? 900);

/** Signs short-lived access tokens (EdDSA, with the key id in the header). */
@Injectable()
export class TokenIssuer {
  constructor(private readonly keys: SigningKeys) {}

  async pair(user: { id: string; role: Role; name: string }, refreshToken: string): Promise<TokenPair> {
    const { kid, key } = await this.keys.signingKey();
    const accessToken = await new SignJWT({ role: user.role, name: user.name })
      .setProtectedHeader({ alg: SIGNING_ALG, kid, typ: 'JWT' })
      .setSubject(user.id)
      .setIssuer(TOKEN_ISSUER)
      .setAudience(TOKEN_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${ACCESS_TOKEN_TTL_SECONDS}s`)
      .sign(key);
    return { accessToken, refreshToken, tokenType: 'Bearer', expiresIn: ACCESS_TOKEN_TTL_SECONDS };
  }
}
