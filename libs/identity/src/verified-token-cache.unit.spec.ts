import type { VerifiedClaims } from './token-verifier';
import { VerifiedTokenCache } from './verified-token-cache';

const claimsUntil = (expSeconds: number): VerifiedClaims => ({ sub: 's', role: 'worker', name: 'W', iat: expSeconds - 900, exp: expSeconds });

describe('VerifiedTokenCache', () => {
  it('should keep a token until its expiry and forget it from then on', () => {
    const cache = new VerifiedTokenCache(10);
    cache.set('t', claimsUntil(1000));
    expect(cache.get('t', 999_999)).toMatchObject({ exp: 1000 });
    expect(cache.get('t', 1_000_000)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('should hold at most its bound, dropping the oldest token first', () => {
    const cache = new VerifiedTokenCache(2);
    cache.set('a', claimsUntil(1000));
    cache.set('b', claimsUntil(1000));
    cache.set('c', claimsUntil(1000));
    expect(cache.size).toBe(2);
    expect(cache.get('a', 0)).toBeUndefined();
    expect(cache.get('c', 0)).toBeDefined();
  });

  it('should keep nothing when its bound is 0', () => {
    const cache = new VerifiedTokenCache(0);
    cache.set('a', claimsUntil(1000));
    expect(cache.get('a', 0)).toBeUndefined();
  });
});
