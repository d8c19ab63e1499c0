import { Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import type { JsonWebKeyLike } from '@uehub/contracts';
import { exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import { v7 as uuidv7 } from 'uuid';

export const SIGNING_ALG = 'EdDSA';

interface KeyRow {
  kid: string;
  private_jwk: JWK;
  public_jwk: JWK;
}

/**
 * The Ed25519 key that signs access tokens, shared by every auth replica through the
 * database (created once, under an advisory lock). Public keys are served as a JWKS.
 */
@Injectable()
export class SigningKeys {
  private current?: Promise<{ kid: string; key: CryptoKey }>;

  constructor(private readonly orm: MikroORM) {}

  signingKey(): Promise<{ kid: string; key: CryptoKey }> {
    this.current ??= this.loadOrCreate().catch((error: unknown) => {
      this.current = undefined;
      throw error;
    });
    return this.current;
  }

  async publicKeys(): Promise<JsonWebKeyLike[]> {
    await this.signingKey();
    const rows = await this.orm.em
      .fork()
      .execute<KeyRow[]>('select kid, public_jwk from auth.auth_signing_keys where retired_at is null order by created_at');
    return rows.map((row) => ({ ...(row.public_jwk as JsonWebKeyLike), kid: row.kid, alg: SIGNING_ALG, use: 'sig' }));
  }

  private async loadOrCreate(): Promise<{ kid: string; key: CryptoKey }> {
    const row = await this.orm.em.fork().transactional(async (tx) => {
      await tx.execute(`select pg_advisory_xact_lock(hashtext('auth_signing_keys'))`);
      const [existing] = await tx.execute<KeyRow[]>(
        'select kid, private_jwk, public_jwk from auth.auth_signing_keys where retired_at is null order by created_at desc limit 1',
      );
      if (existing) return existing;
      const pair = await generateKeyPair(SIGNING_ALG, { crv: 'Ed25519', extractable: true });
      const created: KeyRow = { kid: uuidv7(), private_jwk: await exportJWK(pair.privateKey), public_jwk: await exportJWK(pair.publicKey) };
      await tx.execute('insert into auth.auth_signing_keys (kid, private_jwk, public_jwk) values (?, ?::jsonb, ?::jsonb)', [
        created.kid,
        JSON.stringify(created.private_jwk),
        JSON.stringify(created.public_jwk),
      ]);
      return created;
    });
    const key = (await importJWK(row.private_jwk, SIGNING_ALG)) as CryptoKey;
    return { kid: row.kid, key };
  }
}
