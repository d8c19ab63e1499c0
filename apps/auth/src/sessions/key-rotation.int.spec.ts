import type { RequestContext } from '@uehub/contracts';
import { eventually } from '@uehub/testing';
import { createLocalJWKSet, decodeProtectedHeader, exportJWK, generateKeyPair, jwtVerify, type JSONWebKeySet } from 'jose';
import { openAuthFixture, type AuthFixture } from '../auth.fixture';
import { rotateSigningKey } from '../auth.app';
import { DEV_BOOTSTRAP_ADMIN } from '../bootstrap-admin';
import { openPrivateKey } from './key-encryption';
import { SessionService } from './session.service';
import { SigningKeys } from './signing-keys';

const anonymous: RequestContext = { actor: { kind: 'anonymous', id: 'anonymous' }, correlationId: 'rotation-test' };
const LEGACY_KID = '00000000-0000-7000-8000-00000000000a';
// tokens live 2 s and processes re-read their key every 0.3 s: the old key retires after 2 + 0.3 + 5 s
const ENV = { ACCESS_TOKEN_TTL_SECONDS: '2', SIGNING_KEY_CACHE_SECONDS: '0.3' };

describe('signing key rotation (two auth processes, one database)', () => {
  let f: AuthFixture;
  let first: SessionService;
  let second: SessionService;
  let keys: SigningKeys;
  let legacyD: string;

  const login = async (sessions: SessionService) => (await sessions.login(DEV_BOOTSTRAP_ADMIN.email, DEV_BOOTSTRAP_ADMIN.password, anonymous)).accessToken;
  const kidOf = (token: string) => decodeProtectedHeader(token).kid;
  const verify = async (token: string) => jwtVerify(token, createLocalJWKSet({ keys: await keys.publicKeys() } as JSONWebKeySet));

  beforeAll(async () => {
    f = await openAuthFixture('auth_key_rotation', ENV);
    // a key as earlier versions stored it: the private half in the clear
    const pair = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    const privateJwk = await exportJWK(pair.privateKey);
    legacyD = privateJwk.d!;
    await f.orm.em
      .fork()
      .execute('insert into auth.auth_signing_keys (kid, private_jwk, public_jwk) values (?, ?::jsonb, ?::jsonb)', [
        LEGACY_KID,
        JSON.stringify(privateJwk),
        JSON.stringify(await exportJWK(pair.publicKey)),
      ]);
    const a = await f.start();
    const b = await f.start();
    first = a.get(SessionService);
    second = b.get(SessionService);
    keys = b.get(SigningKeys);
  });
  afterAll(() => f.close());

  it('should keep no private key in the clear: the legacy row is sealed at start and still signs', async () => {
    const rows = await f.orm.em.fork().execute<{ kid: string; private_jwk: unknown; private_key_enc: string }[]>(
      'select kid, private_jwk, private_key_enc from auth.auth_signing_keys',
    );
    expect(rows).toEqual([{ kid: LEGACY_KID, private_jwk: null, private_key_enc: expect.stringMatching(/^v1\./) }]);
    expect(rows[0].private_key_enc).not.toContain(legacyD);
    expect(openPrivateKey(f.settings.keyEncryptionKey, LEGACY_KID, rows[0].private_key_enc).d).toBe(legacyD);
    expect(kidOf(await login(first))).toBe(LEGACY_KID);
  });

  it('should sign with the new key after a rotation, keep old tokens valid until they expire, then retire the old key', async () => {
    const before = await login(first);
    const beforeSecond = await login(second);
    expect([kidOf(before), kidOf(beforeSecond)]).toEqual([LEGACY_KID, LEGACY_KID]);

    const { kid, ok } = await rotateSigningKey(f.config, f.settings); // what `npm run keys:rotate` runs
    expect(ok).toBe(true);
    expect(kid).not.toBe(LEGACY_KID);

    // the second process was not restarted: it picks the new key up within its cache time
    await eventually(async () => ((kidOf(await login(second))) === kid ? true : undefined), 5000, 'the second process to sign with the new key');
    expect(kidOf(await login(first))).toBe(kid);
    await expect(verify(before)).resolves.toMatchObject({ protectedHeader: { kid: LEGACY_KID } }); // still listed, still valid

    const retired = await eventually(async () => {
      await login(second); // a process re-reading its key retires what was replaced long enough ago
      const [row] = await f.orm.em.fork().execute<{ retired_at: string | null }[]>('select retired_at from auth.auth_signing_keys where kid = ?', [LEGACY_KID]);
      return row.retired_at ?? undefined;
    }, 15_000, 'the old key to be retired');
    expect(Date.parse(retired)).toBeGreaterThan(Date.now() - 60_000);
    await expect(verify(before)).rejects.toThrow(); // expired, and its key is no longer served for verification
    expect((await keys.publicKeys()).map((k) => k.kid)).toEqual([kid]);
    expect((await keys.list()).map((k) => ({ kid: k.kid, current: k.current, retired: k.retiredAt !== null }))).toEqual([
      { kid, current: true, retired: false },
      { kid: LEGACY_KID, current: false, retired: true },
    ]);
  }, 30_000);

  it('should retire every older key at once when asked to (a leaked key): its tokens stop verifying', async () => {
    const before = await login(first);
    await expect(verify(before)).resolves.toBeDefined();
    const { kid, retired } = await keys.rotate({ retirePrevious: true });
    expect(retired).toEqual([decodeProtectedHeader(before).kid]);
    expect((await keys.publicKeys()).map((k) => k.kid)).toEqual([kid]);
    await expect(verify(before)).rejects.toThrow(); // a verifier that refetches the key set refuses it
    await eventually(async () => (kidOf(await login(first)) === kid ? true : undefined), 5000, 'the other process to sign with the new key');
  });
});
