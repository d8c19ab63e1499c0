import { loadAuthSettings } from './auth-settings';

const KEY = Buffer.alloc(32, 7).toString('base64');

describe('auth settings', () => {
  it('should refuse to start in production without a key-encryption key', () => {
    expect(() => loadAuthSettings({ NODE_ENV: 'production' })).toThrow('AUTH_KEY_ENCRYPTION_KEY must be set in production');
    expect(loadAuthSettings({ NODE_ENV: 'production', AUTH_KEY_ENCRYPTION_KEY: KEY }).keyEncryptionKey).toEqual(Buffer.alloc(32, 7));
  });

  it('should use a development key outside production, and refuse a key that is not 32 bytes', () => {
    expect(loadAuthSettings({}).keyEncryptionKey).toHaveLength(32);
    expect(() => loadAuthSettings({ AUTH_KEY_ENCRYPTION_KEY: Buffer.alloc(16).toString('base64') })).toThrow('must be 32 bytes');
  });

  it('should read the token lifetime, key cache time and argon2 cost', () => {
    expect(loadAuthSettings({ ACCESS_TOKEN_TTL_SECONDS: '60', SIGNING_KEY_CACHE_SECONDS: '0.5', ARGON2_MEMORY_KIB: '65536' })).toMatchObject({
      accessTokenTtlSeconds: 60,
      signingKeyCacheMs: 500,
      argon2: { memoryCost: 65536, timeCost: 2, parallelism: 1 },
    });
  });

  it('should read the refresh-token lifetime at start, 30 days by default, and refuse a bad one', () => {
    expect(loadAuthSettings({}).refreshTokenTtlSeconds).toBe(2_592_000);
    expect(loadAuthSettings({ REFRESH_TOKEN_TTL_SECONDS: '3600' }).refreshTokenTtlSeconds).toBe(3600);
    expect(() => loadAuthSettings({ REFRESH_TOKEN_TTL_SECONDS: 'soon' })).toThrow('REFRESH_TOKEN_TTL_SECONDS');
  });
});
