import type { JsonWebKeyLike } from '@uehub/contracts';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { TOKEN_AUDIENCE, TOKEN_ISSUER, TokenVerifier } from './token-verifier';

interface Key {
  kid: string;
  privateKey: CryptoKey;
  jwk: JsonWebKeyLike;
}

async function makeKey(kid: string): Promise<Key> {
  const pair = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  const { kty = 'OKP', crv, x } = await exportJWK(pair.publicKey);
  return { kid, privateKey: pair.privateKey, jwk: { kty, crv, x, kid, alg: 'EdDSA', use: 'sig' } };
}

function sign(key: Key, claims: Record<string, unknown> = {}, expiresIn: string | number = '5m') {
  return new SignJWT({ role: 'worker', name: 'Wendy', ...claims })
    .setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ: 'JWT' })
    .setSubject('0190aaaa-0000-7000-8000-000000000001')
    .setIssuer(TOKEN_ISSUER)
    .setAudience(TOKEN_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(key.privateKey);
}

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('TokenVerifier', () => {
  let key: Key;
  let fetches: number;
  let published: JsonWebKeyLike[];
  let verifier: TokenVerifier;

  beforeEach(async () => {
    key = await makeKey('k1');
    published = [key.jwk];
    fetches = 0;
    verifier = new TokenVerifier(
      async () => {
        fetches += 1;
        return published;
      },
      { refetchAfterMs: 0 },
    );
  });

  it('should return the claims of a good token, fetching the keys once', async () => {
    const token = await sign(key);
    await expect(verifier.verify(token)).resolves.toMatchObject({ sub: '0190aaaa-0000-7000-8000-000000000001', role: 'worker', name: 'Wendy' });
    await verifier.verify(token);
    expect(fetches).toBe(1);
  });

  describe('when the token is not one auth signed as it is', () => {
    it('should refuse an expired token', async () => {
      await expect(verifier.verify(await sign(key, {}, Math.floor(Date.now() / 1000) - 10))).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    });

    it('should refuse a token whose claims were changed after signing', async () => {
      const [header, payload, signature] = (await sign(key)).split('.');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as object;
      await expect(verifier.verify(`${header}.${b64({ ...claims, role: 'superadmin' })}.${signature}`)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    });

    it('should refuse an unsigned (alg none) token', async () => {
      const now = Math.floor(Date.now() / 1000);
      const claims = { sub: 'x', role: 'superadmin', name: 'Eve', iss: TOKEN_ISSUER, aud: TOKEN_AUDIENCE, iat: now, exp: now + 300 };
      await expect(verifier.verify(`${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
      await expect(verifier.verify(`${b64({ alg: 'none', kid: 'k1' })}.${b64(claims)}.`)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    });

    it('should refuse a token signed by another key under a known kid, another issuer or audience, or without exp', async () => {
      const impostor = await makeKey('k1');
      await expect(verifier.verify(await sign(impostor))).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
      const otherIssuer = await new SignJWT({ role: 'worker', name: 'W' })
        .setProtectedHeader({ alg: 'EdDSA', kid: 'k1' })
        .setSubject('s')
        .setIssuer('someone-else')
        .setAudience(TOKEN_AUDIENCE)
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(key.privateKey);
      await expect(verifier.verify(otherIssuer)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
      const noExpiry = await new SignJWT({ role: 'worker', name: 'W' })
        .setProtectedHeader({ alg: 'EdDSA', kid: 'k1' })
        .setSubject('s')
        .setIssuer(TOKEN_ISSUER)
        .setAudience(TOKEN_AUDIENCE)
        .setIssuedAt()
        .sign(key.privateKey);
      await expect(verifier.verify(noExpiry)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    });
  });

  it('should refetch the key set once for an unknown kid (a new key after a rotation)', async () => {
    await verifier.verify(await sign(key));
    const next = await makeKey('k2');
    published = [key.jwk, next.jwk];
    await expect(verifier.verify(await sign(next))).resolves.toMatchObject({ role: 'worker' });
    expect(fetches).toBe(2);
  });

  it('should refuse a token the revocation hook names', async () => {
    const revoking = new TokenVerifier(async () => published, { isRevoked: (claims) => claims.name === 'Wendy' });
    await expect(revoking.verify(await sign(key))).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(revoking.verify(await sign(key, { name: 'Other' }))).resolves.toMatchObject({ name: 'Other' });
  });

  describe('when a token was verified before', () => {
    let keySetFetches: number;
    let revoked: boolean;
    let refreshing: TokenVerifier;

    beforeEach(() => {
      keySetFetches = 0;
      revoked = false;
      // keys never kept: every signature check fetches them, so the fetches count the checks
      refreshing = new TokenVerifier(
        async () => {
          keySetFetches += 1;
          return published;
        },
        { keysTtlMs: 0, isRevoked: () => revoked },
      );
    });

    it('should not check its signature again', async () => {
      const token = await sign(key);
      for (let i = 0; i < 5; i++) await expect(refreshing.verify(token)).resolves.toMatchObject({ role: 'worker' });
      expect(keySetFetches).toBe(1);
      await refreshing.verify(await sign(key, { name: 'Other' }));
      expect(keySetFetches).toBe(2);
    });

    it('should still refuse it as soon as its user is revoked', async () => {
      const token = await sign(key);
      await refreshing.verify(token);
      revoked = true;
      await expect(refreshing.verify(token)).rejects.toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringContaining('revoked') });
      expect(keySetFetches).toBe(1);
    });

    it('should not remember a token it refused', async () => {
      const [header, payload, signature] = (await sign(key)).split('.');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as object;
      const forged = `${header}.${b64({ ...claims, role: 'superadmin' })}.${signature}`;
      await expect(refreshing.verify(forged)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
      await expect(refreshing.verify(forged)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
      expect(keySetFetches).toBe(2);
    });
  });

  it('should not cache a failed key fetch', async () => {
    let fail = true;
    const flaky = new TokenVerifier(async () => {
      if (fail) throw new Error('auth is down');
      return published;
    });
    await expect(flaky.verify(await sign(key))).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    fail = false;
    await expect(flaky.verify(await sign(key))).resolves.toMatchObject({ role: 'worker' });
  });
});
