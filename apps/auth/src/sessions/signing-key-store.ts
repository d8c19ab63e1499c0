import type { EntityManager } from '@mikro-orm/postgresql';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { v7 as uuidv7 } from 'uuid';
import { sealPrivateKey } from './key-encryption';

export const SIGNING_ALG = 'EdDSA';
const LOCK = `select pg_advisory_xact_lock(hashtext('auth_signing_keys'))`;

export interface SealedKeyRow {
  kid: string;
  private_key_enc: string;
}

export interface SigningKeyInfo {
  kid: string;
  publicJwk: JWK;
  createdAt: Date;
  retiredAt: Date | null;
}

/**
 * `auth.auth_signing_keys`: the newest key that is not retired signs; every key not retired
 * verifies. Private halves are stored only sealed (AES-256-GCM, see key-encryption.ts).
 */
export const signingKeyStore = {
  async current(em: EntityManager): Promise<SealedKeyRow | undefined> {
    const [row] = await em.execute<SealedKeyRow[]>(
      `select kid, private_key_enc from auth.auth_signing_keys
        where retired_at is null and private_key_enc is not null order by created_at desc limit 1`,
    );
    return row;
  },

  /** Makes a key when there is none (or, with `rotate`, always), under a lock shared by every replica. */
  async create(tx: EntityManager, kek: Buffer, rotate: boolean): Promise<string> {
    await tx.execute(LOCK);
    if (!rotate) {
      const existing = await this.current(tx);
      if (existing) return existing.kid;
    }
    const pair = await generateKeyPair(SIGNING_ALG, { crv: 'Ed25519', extractable: true });
    const kid = uuidv7();
    await tx.execute(
      // clock_timestamp(): a rotation inside a longer transaction is still the newest key
      'insert into auth.auth_signing_keys (kid, private_key_enc, public_jwk, created_at) values (?, ?, ?::jsonb, clock_timestamp())',
      [kid, sealPrivateKey(kek, kid, await exportJWK(pair.privateKey)), JSON.stringify(await exportJWK(pair.publicKey))],
    );
    return kid;
  },

  /** Seals private keys stored in the clear by earlier versions (idempotent; run at every start). */
  async sealPlaintext(tx: EntityManager, kek: Buffer): Promise<number> {
    await tx.execute(LOCK);
    const rows = await tx.execute<{ kid: string; private_jwk: JWK }[]>(
      'select kid, private_jwk from auth.auth_signing_keys where private_jwk is not null',
    );
    for (const row of rows) {
      await tx.execute('update auth.auth_signing_keys set private_key_enc = ?, private_jwk = null where kid = ?', [
        sealPrivateKey(kek, row.kid, row.private_jwk),
        row.kid,
      ]);
    }
    return rows.length;
  },

  /**
   * Retires every key that a newer key replaced more than `afterSeconds` ago: by then every token
   * it signed has expired. Returns the retired key ids.
   */
  async retireReplaced(em: EntityManager, afterSeconds: number): Promise<string[]> {
    const rows = await em.execute<{ kid: string }[]>(
      `update auth.auth_signing_keys k set retired_at = now()
        where k.retired_at is null
          and exists (select 1 from auth.auth_signing_keys n
                       where n.created_at > k.created_at and n.created_at <= now() - make_interval(secs => ?))
        returning kid`,
      [afterSeconds],
    );
    return rows.map((row) => row.kid);
  },

  /** Retires every key but `kid` at once (a leaked key); returns the retired key ids. */
  async retireAllBut(tx: EntityManager, kid: string): Promise<string[]> {
    const rows = await tx.execute<{ kid: string }[]>(
      'update auth.auth_signing_keys set retired_at = now() where retired_at is null and kid <> ? returning kid',
      [kid],
    );
    return rows.map((row) => row.kid).sort().reverse(); // uuid v7: newest first, as `list` shows them
  },

  /** Every key, newest first, with its public half (retired keys too: verification history). */
  async list(em: EntityManager, includeRetired: boolean): Promise<SigningKeyInfo[]> {
    const rows = await em.execute<{ kid: string; public_jwk: JWK; created_at: Date; retired_at: Date | null }[]>(
      `select kid, public_jwk, created_at, retired_at from auth.auth_signing_keys
        ${includeRetired ? '' : 'where retired_at is null'} order by created_at desc`,
    );
    return rows.map((row) => ({
      kid: row.kid,
      publicJwk: row.public_jwk,
      createdAt: new Date(row.created_at),
      retiredAt: row.retired_at ? new Date(row.retired_at) : null,
    }));
  },
};
