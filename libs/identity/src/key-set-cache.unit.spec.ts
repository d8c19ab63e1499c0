import type { JsonWebKeyLike } from '@uehub/contracts';
import { KeySetCache } from './key-set-cache';

const key = (kid: string): JsonWebKeyLike => ({ kty: 'OKP', crv: 'Ed25519', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo', kid, alg: 'EdDSA' });

describe('KeySetCache', () => {
  let fetches: number;
  let fail: boolean;
  const fetchKeys = async () => {
    fetches++;
    if (fail) throw new Error('auth is away');
    return [key(`k${fetches}`)];
  };

  beforeEach(() => {
    fetches = 0;
    fail = false;
  });

  it('should refetch the keys once they are older than the TTL, not before', async () => {
    const cache = new KeySetCache(fetchKeys, 60_000);
    const t0 = Date.now();
    const first = await cache.current(t0);
    expect(await cache.current(t0 + 59_000)).toBe(first);
    expect(fetches).toBe(1);
    expect(await cache.current(t0 + 61_000)).not.toBe(first);
    expect(fetches).toBe(2);
  });

  it('should refetch for an unknown key id at most once a second, one fetch for many callers', async () => {
    const cache = new KeySetCache(fetchKeys, 60_000);
    await cache.current();
    const started = Date.now();
    const sets = await Promise.all([cache.forUnknownKid(), cache.forUnknownKid(), cache.forUnknownKid()]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(fetches).toBe(2);
    expect(new Set(sets).size).toBe(1);
  });

  it('should keep the keys it has when a refetch fails', async () => {
    const cache = new KeySetCache(fetchKeys, 1000);
    const first = await cache.current();
    fail = true;
    expect(await cache.current(Date.now() + 2000)).toBe(first);
  });
});
