import { Injectable } from '@nestjs/common';
import { isRole, type AccessClaims } from '@uehub/contracts';
import { AppError } from '@uehub/errors';
import { RpcClient } from '@uehub/messaging';
import { createLocalJWKSet, errors, jwtVerify, type JSONWebKeySet } from 'jose';

const ISSUER = 'uehub-auth';
const AUDIENCE = 'uehub';
/** How often an unknown key id may trigger a JWKS refetch. */
const REFETCH_MS = 5000;

/** Verifies access tokens against auth's public keys (fetched over NATS, cached, refreshed on a new kid). */
@Injectable()
export class TokenVerifier {
  private keySet?: ReturnType<typeof createLocalJWKSet>;
  private fetchedAt = 0;

  constructor(private readonly rpc: RpcClient) {}

  async verify(token: string): Promise<AccessClaims> {
    try {
      return await this.verifyWith(await this.keys(false), token);
    } catch (error) {
      if (error instanceof errors.JWKSNoMatchingKey && Date.now() - this.fetchedAt > REFETCH_MS) {
        return this.verifyWith(await this.keys(true), token).catch(unauthenticated);
      }
      return unauthenticated(error);
    }
  }

  private async verifyWith(keySet: ReturnType<typeof createLocalJWKSet>, token: string): Promise<AccessClaims> {
    const { payload } = await jwtVerify(token, keySet, { issuer: ISSUER, audience: AUDIENCE, algorithms: ['EdDSA'] });
    if (!payload.sub || !isRole(payload.role) || typeof payload.name !== 'string') {
      throw new AppError('UNAUTHENTICATED', 'The access token is missing claims');
    }
    return { sub: payload.sub, role: payload.role, name: payload.name };
  }

  private async keys(refresh: boolean): Promise<ReturnType<typeof createLocalJWKSet>> {
    if (!this.keySet || refresh) {
      const { keys } = await this.rpc.call('auth.jwks', {});
      this.keySet = createLocalJWKSet({ keys } as JSONWebKeySet);
      this.fetchedAt = Date.now();
    }
    return this.keySet;
  }
}

function unauthenticated(error: unknown): never {
  if (error instanceof AppError) throw error;
  throw new AppError('UNAUTHENTICATED', 'The access token is not valid or has expired');
}
