import { eventually } from '@uehub/testing';
import { apiClient, login, type Api } from './support/http-client';
import { startSystem, type RunningSystem } from './support/system';

describe('login protection', () => {
  let system: RunningSystem;
  let api: Api;

  beforeAll(async () => {
    system = await startSystem('e2e_login', { loginRateLimitPerMinute: 9 });
    api = apiClient(system.baseUrl);
  });
  afterAll(() => system.stop());

  it('should lock an account after five failed logins, audit the failures, then rate-limit the client', async () => {
    const token = await login(api, system.admin.email, system.admin.password); // attempt 1
    const attempt = (password: string) => api('POST', '/api/v1/auth/login', { body: { email: system.admin.email, password } });
    for (let i = 0; i < 5; i++) expect((await attempt('wrong-password')).status).toBe(401); // attempts 2-6
    const locked = await attempt(system.admin.password); // attempt 7: right password, but locked
    expect(locked.status).toBe(401);
    expect(locked.body).toMatchObject({ code: 'ACCOUNT_LOCKED' });

    const failures = await eventually(async () => {
      const page = await api('GET', '/api/v1/audit/events?type=auth.session.login_failed', { token });
      return page.body.items.length >= 6 ? page.body.items : undefined;
    }, 15_000, 'login failures in the audit log');
    expect(failures.map((f) => (f.data as { reason: string }).reason)).toEqual(expect.arrayContaining(['wrong_password', 'locked']));
    expect(JSON.stringify(failures)).not.toContain('wrong-password');

    expect((await attempt('whatever')).status).toBe(401); // attempt 8
    expect((await attempt('whatever')).status).toBe(401); // attempt 9
    const limited = await attempt('whatever'); // attempt 10 > 9 per minute
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ code: 'RATE_LIMITED' });
    expect(limited.headers.get('retry-after')).toBe('60');
  });
});
