import type { Role } from '@uehub/contracts';
import { apiClient, login, type Api } from './support/http-client';
import { PASSWORD } from './support/people';
import { refusedEverywhere } from './support/revocation-probe';
import { startSystem, type RunningSystem } from './support/system';

describe('revoking tokens at every gateway replica', () => {
  let system: RunningSystem;
  let apis: Api[];
  let superToken: string;

  beforeAll(async () => {
    system = await startSystem('e2e_revoke', { gateways: 2 });
    apis = system.gatewayUrls.map(apiClient);
    superToken = await login(apis[0], system.admin.email, system.admin.password);
  });
  afterAll(() => system.stop());

  const createAndLogin = async (email: string, role: Role) => {
    const created = await apis[0]('POST', '/api/v1/users', { token: superToken, body: { email, password: PASSWORD, name: email, role } });
    expect(created.status).toBe(201);
    return { user: created.body, token: await login(apis[1], email, PASSWORD) };
  };

  it("should refuse a deactivated user's unexpired token with 401 on both replicas within a second", async () => {
    const { user, token } = await createAndLogin('leaving.worker@example.com', 'worker');
    for (const api of apis) expect((await api('GET', '/api/v1/me', { token })).status).toBe(200);

    const off = await apis[0]('POST', `/api/v1/users/${user.id}/deactivate`, { token: superToken });
    expect(off.status).toBe(200);
    const tookMs = await refusedEverywhere(apis, '/api/v1/me', token, (status) => status === 401, Date.now());
    process.stdout.write(`deactivation refused on both replicas after ${JSON.stringify(tookMs)} ms\n`);
    expect(Math.max(...tookMs)).toBeLessThanOrEqual(1000);
    const body = (await apis[1]('GET', '/api/v1/me', { token })).body;
    expect(body).toMatchObject({ code: 'UNAUTHENTICATED', detail: 'The access token has been revoked' });
  });

  it("should take a demoted manager's rights away on both replicas within a second, and accept a fresh token", async () => {
    const { user, token } = await createAndLogin('demoted.manager@example.com', 'manager');
    for (const api of apis) expect((await api('GET', '/api/v1/users?limit=1', { token })).status).toBe(200);

    const demoted = await apis[1]('PATCH', `/api/v1/users/${user.id}`, { token: superToken, body: { role: 'worker' } });
    expect(demoted.status).toBe(200);
    const tookMs = await refusedEverywhere(apis, '/api/v1/users?limit=1', token, (status) => status === 401 || status === 403, Date.now());
    process.stdout.write(`demotion refused on both replicas after ${JSON.stringify(tookMs)} ms\n`);
    expect(Math.max(...tookMs)).toBeLessThanOrEqual(1000);

    const fresh = await login(apis[0], user.email, PASSWORD);
    for (const api of apis) {
      expect((await api('GET', '/api/v1/me', { token: fresh })).status).toBe(200); // issued after the change
      expect((await api('GET', '/api/v1/users?limit=1', { token: fresh })).status).toBe(403); // a worker now
    }
  });

  it("should end a user's own access token when they change their password", async () => {
    const { token } = await createAndLogin('changing.employee@example.com', 'employee');
    const changed = await apis[0]('POST', '/api/v1/me/password', { token, body: { currentPassword: PASSWORD, newPassword: 'A-brand-new-secret-9' } });
    expect(changed.status).toBe(204);
    await refusedEverywhere(apis, '/api/v1/me', token, (status) => status === 401, Date.now());
    const fresh = await login(apis[1], 'changing.employee@example.com', 'A-brand-new-secret-9');
    expect((await apis[0]('GET', '/api/v1/me', { token: fresh })).status).toBe(200);
  });
});
