import { RevocationList } from './revocation-list';

const USER = '0190aaaa-0000-7000-8000-000000000001';

describe('RevocationList', () => {
  it('should refuse tokens made at an older user version than the last revoking change, and only those', () => {
    const list = new RevocationList(900_000);
    list.record(USER, 4, Date.now());
    expect(list.isRevoked({ sub: USER, iat: 0, uv: 3 })).toBe(true);
    expect(list.isRevoked({ sub: USER, iat: 0, uv: 4 })).toBe(false);
    expect(list.isRevoked({ sub: 'someone-else', iat: 0, uv: 1 })).toBe(false);
  });

  it('should keep the newest change when events arrive out of order', () => {
    const list = new RevocationList(900_000);
    list.record(USER, 6, Date.now());
    list.record(USER, 4, Date.now());
    expect(list.isRevoked({ sub: USER, iat: 0, uv: 5 })).toBe(true);
  });

  it('should judge a token without a version by its issue time, refusing within the same second', () => {
    const list = new RevocationList(900_000);
    const at = Date.UTC(2026, 0, 1, 12, 0, 0, 500);
    list.record(USER, 2, at);
    expect(list.isRevoked({ sub: USER, iat: at / 1000 - 0.5 })).toBe(true); // 12:00:00, the same second
    expect(list.isRevoked({ sub: USER, iat: at / 1000 + 0.5 })).toBe(false); // 12:00:01
  });

  it('should forget changes older than any live token', () => {
    const list = new RevocationList(1000);
    list.record(USER, 2, Date.now() - 120_000);
    list.prune();
    expect(list.size).toBe(0);
  });
});
