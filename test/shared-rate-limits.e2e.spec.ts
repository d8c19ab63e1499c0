import { apiClient, type Api } from './support/http-client';
import { startSystem, type RunningSystem } from './support/system';

describe('login and refresh limits shared by gateway replicas', () => {
  let system: RunningSystem;
  let apis: Api[];

  beforeAll(async () => {
    system = await startSystem('e2e_shared_limits', { gateways: 2, loginRateLimitPerMinute: 4, refreshRateLimitPerMinute: 3 });
    apis = system.gatewayUrls.map(apiClient);
  });
  afterAll(() => system.stop());

  it('should count login attempts of one client on both replicas against one limit', async () => {
    const attempt = (i: number) => apis[i % 2]('POST', '/api/v1/auth/login', { body: { email: 'nobody@example.com', password: `guess-${i}` } });
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await attempt(i)).status);
    // a limit per replica would allow 4 on each: the fifth (third on its replica) is refused
    expect(statuses).toEqual([401, 401, 401, 401, 429]);
    const limited = await attempt(5);
    expect(limited.body).toMatchObject({ code: 'RATE_LIMITED' });
    expect(limited.headers.get('retry-after')).toBe('60');
  });

  it('should limit token refreshes too, across replicas', async () => {
    // an unknown refresh token is enough: the limit counts attempts before auth judges them
    const fresh = await apis[0]('POST', '/api/v1/auth/refresh', { body: { refreshToken: 'x'.repeat(43) } });
    expect(fresh.status).toBe(401); // 1st refresh: counted, refused by auth
    const statuses = [];
    for (let i = 1; i < 4; i++) statuses.push((await apis[i % 2]('POST', '/api/v1/auth/refresh', { body: { refreshToken: 'x'.repeat(43) } })).status);
    expect(statuses).toEqual([401, 401, 429]);
  });
});
