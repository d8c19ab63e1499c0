import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import type { JsonWebKeyLike } from '@uehub/contracts';
import { createLogger } from '@uehub/observability';
import { importJWK, type CryptoKey } from 'jose';
import { AUTH_SETTINGS, type AuthSettings } from '../auth-settings';
import { openPrivateKey } from './key-encryption';
import { SIGNING_ALG, signingKeyStore, type SigningKeyInfo } from './signing-key-store';

export { SIGNING_ALG } from './signing-key-store';

/** Margin for clocks of auth hosts that disagree a little, added before a replaced key is retired. */
const CLOCK_SKEW_SECONDS = 5;
const log = createLogger('signing-keys');

interface Current {
  kid: string;
  key: CryptoKey;
  loadedAt: number;
}

/**
 * The Ed25519 keys that sign access tokens, shared by every auth replica through the database.
 * Each process re-reads the current key after `signingKeyCacheMs`, so a rotation made anywhere
 * is picked up without a restart; the key it replaced keeps verifying until every token it
 * signed has expired, then it is retired.
 */
@Injectable()
export class SigningKeys implements OnModuleInit {
  private current?: Current;
  private loading?: Promise<Current>;

  constructor(
    private readonly orm: MikroORM,
    @Inject(AUTH_SETTINGS) private readonly settings: AuthSettings,
  ) {}

  async onModuleInit(): Promise<void> {
    const sealed = await this.orm.em.fork().transactional((tx) => signingKeyStore.sealPlaintext(tx, this.settings.keyEncryptionKey));
    if (sealed) log.info({ sealed }, 'encrypted signing keys that were stored in the clear');
  }

  /** The key to sign with now (re-read when the cached one is older than the cache time). */
  async signingKey(): Promise<{ kid: string; key: CryptoKey }> {
    const current = this.current;
    if (current && Date.now() - current.loadedAt < this.settings.signingKeyCacheMs) return current;
    this.loading ??= this.load(current).finally(() => (this.loading = undefined));
    try {
      this.current = await this.loading;
      return this.current;
    } catch (error) {
      // the database is away: keep signing with the key we have rather than refusing every login
      if (!current) throw error;
      log.warn({ err: (error as Error).message }, 'could not re-read the signing key; keeping the cached one');
      return current;
    }
  }

  /** Public keys that verify tokens now: every key not yet retired. */
  async publicKeys(): Promise<JsonWebKeyLike[]> {
    await this.signingKey();
    const keys = await signingKeyStore.list(this.orm.em.fork(), false);
    return keys.map(toJwk);
  }

  /** Every key with its state, newest first (for operators; retired keys stay as history). */
  async list(): Promise<{ kid: string; createdAt: string; retiredAt: string | null; current: boolean; publicJwk: JsonWebKeyLike }[]> {
    const { kid: currentKid } = await this.signingKey();
    const keys = await signingKeyStore.list(this.orm.em.fork(), true);
    return keys.map((key) => ({
      kid: key.kid,
      createdAt: key.createdAt.toISOString(),
      retiredAt: key.retiredAt?.toISOString() ?? null,
      current: key.kid === currentKid,
      publicJwk: toJwk(key),
    }));
  }

  /**
   * Makes a new key current (this process signs with it at once, the others within the cache
   * time). With `retirePrevious` every older key is retired now, not after its tokens expired:
   * for a key that leaked; its tokens stop verifying as soon as verifiers refetch the key set.
   */
  async rotate(options: { retirePrevious?: boolean } = {}): Promise<{ kid: string; retired: string[] }> {
    const { kid, retired } = await this.orm.em.fork().transactional(async (tx) => {
      const created = await signingKeyStore.create(tx, this.settings.keyEncryptionKey, true);
      return { kid: created, retired: options.retirePrevious ? await signingKeyStore.retireAllBut(tx, created) : [] };
    });
    this.current = undefined;
    log.info({ kid, retired }, 'signing key rotated');
    return { kid, retired };
  }

  private async load(previous: Current | undefined): Promise<Current> {
    const em = this.orm.em.fork();
    const retireAfter = this.settings.accessTokenTtlSeconds + this.settings.signingKeyCacheMs / 1000 + CLOCK_SKEW_SECONDS;
    const retired = await signingKeyStore.retireReplaced(em, retireAfter);
    if (retired.length) log.info({ retired }, 'retired replaced signing keys');
    let row = await signingKeyStore.current(em);
    if (!row) {
      await em.transactional((tx) => signingKeyStore.create(tx, this.settings.keyEncryptionKey, false));
      row = await signingKeyStore.current(em);
      if (!row) throw new Error('No signing key after creating one');
    }
    if (previous?.kid === row.kid) return { ...previous, loadedAt: Date.now() };
    const jwk = openPrivateKey(this.settings.keyEncryptionKey, row.kid, row.private_key_enc);
    const key = (await importJWK(jwk, SIGNING_ALG)) as CryptoKey;
    return { kid: row.kid, key, loadedAt: Date.now() };
  }
}

function toJwk(key: SigningKeyInfo): JsonWebKeyLike {
  return { ...(key.publicJwk as JsonWebKeyLike), kid: key.kid, alg: SIGNING_ALG, use: 'sig' };
}
