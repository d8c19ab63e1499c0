import { eventually } from '@uehub/testing';
import { apiClient, login, type Api } from './support/http-client';
import { PASSWORD } from './support/people';
import { startSystem, type RunningSystem } from './support/system';

describe('users through the gateway, seen in the audit log', () => {
  let system: RunningSystem;
  let api: Api;
  let adminToken: string;

  beforeAll(async () => {
    system = await startSystem('e2e_users');
    api = apiClient(system.baseUrl);
    adminToken = await login(api, system.admin.email, system.admin.password);
  });
  afterAll(() => system.stop());

  it('should create a user, let them log in, and audit the creation with actor and request id', async () => {
    const requestId = 'req-e2e-create-1';
    const created = await api('POST', '/api/v1/users', {
      token: adminToken,
      headers: { 'x-request-id': requestId },
      body: { email: 'Field.Worker@Example.com', password: PASSWORD, name: 'Field Worker', role: 'worker', phone: '+49 170 1234567' },
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('x-request-id')).toBe(requestId);
    expect(created.headers.get('etag')).toBe('"1"');
    expect(created.body).toMatchObject({ email: 'field.worker@example.com', role: 'worker', isActive: true, version: 1 });
    expect(created.body).not.toHaveProperty('password');

    const workerToken = await login(api, 'field.worker@example.com', PASSWORD);
    const me = await api('GET', '/api/v1/me', { token: workerToken });
    expect(me.body.id).toBe(created.body.id);

    const adminMe = await api('GET', '/api/v1/me', { token: adminToken });
    const record = await eventually(async () => {
      const page = await api('GET', `/api/v1/audit/events?type=auth.user.created&entityId=${created.body.id}`, { token: adminToken });
      return page.body.items[0];
    }, 15_000, 'auth.user.created in the audit log');
    expect(record).toMatchObject({
      type: 'auth.user.created',
      service: 'auth',
      entityType: 'user',
      entityId: created.body.id,
      actorId: adminMe.body.id,
      actorRole: 'superadmin',
      actorName: adminMe.body.name,
      requestId,
      clientIp: expect.stringMatching(/^(::ffff:)?127\.0\.0\.1$/),
      userAgent: expect.any(String),
      correlationId: requestId,
    });
    expect(JSON.stringify(record)).not.toMatch(/password|scrypt/i);
  });

  it('should never lose an update: one If-Match winner, and both plain updates applied in turn', async () => {
    const created = await api('POST', '/api/v1/users', {
      token: adminToken,
      body: { email: 'race@example.com', password: PASSWORD, name: 'Race', role: 'employee' },
    });
    const id = created.body.id;
    const guarded = await Promise.all(
      ['Alpha', 'Beta'].map((name) =>
        api('PATCH', `/api/v1/users/${id}`, { token: adminToken, headers: { 'if-match': '"1"' }, body: { name } }),
      ),
    );
    expect(guarded.map((r) => r.status).sort()).toEqual([200, 412]);
    expect(guarded.find((r) => r.status === 412)?.body).toMatchObject({ code: 'VERSION_MISMATCH' });

    const plain = await Promise.all(
      [{ department: 'North' }, { notes: 'Night shift' }].map((body) => api('PATCH', `/api/v1/users/${id}`, { token: adminToken, body })),
    );
    expect(plain.map((r) => r.status)).toEqual([200, 200]);
    const final = await api('GET', `/api/v1/users/${id}`, { token: adminToken });
    expect(final.body).toMatchObject({ department: 'North', notes: 'Night shift', version: 4 });
    expect(final.headers.get('etag')).toBe('"4"');

    const history = await eventually(async () => {
      const page = await api('GET', `/api/v1/audit/events?entityId=${id}`, { token: adminToken });
      return page.body.items.length === 4 ? page.body.items : undefined;
    }, 15_000, 'four events of the user');
    const updates = history.filter((item) => item.type === 'auth.user.updated').map((item) => item.changes);
    expect(updates).toEqual(
      expect.arrayContaining([
        { department: { from: null, to: 'North' } },
        { notes: { from: null, to: 'Night shift' } },
      ]),
    );
  });

  it('should rotate refresh tokens and revoke the family when one is used twice', async () => {
    const first = await api('POST', '/api/v1/auth/login', { body: { email: system.admin.email, password: system.admin.password } });
    const second = await api('POST', '/api/v1/auth/refresh', { body: { refreshToken: first.body.refreshToken } });
    expect(second.status).toBe(200);
    expect(second.body.refreshToken).not.toBe(first.body.refreshToken);

    const reuse = await api('POST', '/api/v1/auth/refresh', { body: { refreshToken: first.body.refreshToken } });
    expect(reuse.status).toBe(401);
    const afterReuse = await api('POST', '/api/v1/auth/refresh', { body: { refreshToken: second.body.refreshToken } });
    expect(afterReuse.status).toBe(401);
    await eventually(async () => {
      const page = await api('GET', '/api/v1/audit/events?type=auth.session.refresh_reused', { token: adminToken });
      return page.body.items[0];
    }, 15_000, 'refresh_reused in the audit log');

    const third = await api('POST', '/api/v1/auth/login', { body: { email: system.admin.email, password: system.admin.password } });
    expect((await api('POST', '/api/v1/auth/logout', { body: { refreshToken: third.body.refreshToken } })).status).toBe(204);
    expect((await api('POST', '/api/v1/auth/refresh', { body: { refreshToken: third.body.refreshToken } })).status).toBe(401);
  });

  it('should deactivate and reactivate, refusing login while inactive', async () => {
    const created = await api('POST', '/api/v1/users', {
      token: adminToken,
      body: { email: 'leaver@example.com', password: PASSWORD, name: 'Leaver', role: 'worker' },
    });
    const off = await api('POST', `/api/v1/users/${created.body.id}/deactivate`, { token: adminToken });
    expect(off.status).toBe(200);
    expect(off.body.isActive).toBe(false);
    const refused = await api('POST', '/api/v1/auth/login', { body: { email: 'leaver@example.com', password: PASSWORD } });
    expect(refused.status).toBe(401);
    const on = await api('POST', `/api/v1/users/${created.body.id}/reactivate`, { token: adminToken, headers: { 'if-match': '"2"' } });
    expect(on.body).toMatchObject({ isActive: true, version: 3 });
    await login(api, 'leaver@example.com', PASSWORD);
  });

  it('should change a password, end the old sessions and audit it without the secret', async () => {
    const created = await api('POST', '/api/v1/users', {
      token: adminToken,
      body: { email: 'rotator@example.com', password: PASSWORD, name: 'Rotator', role: 'employee' },
    });
    const session = await api('POST', '/api/v1/auth/login', { body: { email: 'rotator@example.com', password: PASSWORD } });
    const token = session.body.accessToken;
    const wrong = await api('POST', '/api/v1/me/password', { token, body: { currentPassword: 'not-it-at-all', newPassword: 'Another-sturdy-43' } });
    expect(wrong.body).toMatchObject({ status: 422, code: 'RULE_VIOLATED' });
    expect((await api('POST', '/api/v1/me/password', { token, body: { currentPassword: PASSWORD, newPassword: 'Another-sturdy-43' } })).status).toBe(204);

    expect((await api('POST', '/api/v1/auth/login', { body: { email: 'rotator@example.com', password: PASSWORD } })).status).toBe(401);
    await login(api, 'rotator@example.com', 'Another-sturdy-43');
    expect((await api('POST', '/api/v1/auth/refresh', { body: { refreshToken: session.body.refreshToken } })).status).toBe(401);
    expect((await api('GET', `/api/v1/users/${created.body.id}`, { token: adminToken })).body.version).toBe(2);
    const record = await eventually(async () => {
      const page = await api('GET', `/api/v1/audit/events?type=auth.user.password_changed&entityId=${created.body.id}`, { token: adminToken });
      return page.body.items[0];
    }, 15_000, 'password_changed in the audit log');
    expect(record.actorId).toBe(created.body.id);
    expect(JSON.stringify(record)).not.toMatch(/sturdy|scrypt/i);
  });

  it('should list users with filters and cursor pagination', async () => {
    const page1 = await api('GET', '/api/v1/users?limit=2', { token: adminToken });
    expect(page1.status).toBe(200);
    expect(page1.body.items).toHaveLength(2);
    expect(page1.body.nextCursor).toEqual(expect.any(String));
    const page2 = await api('GET', `/api/v1/users?limit=2&cursor=${page1.body.nextCursor}`, { token: adminToken });
    expect(page2.body.items[0].id > page1.body.items[1].id).toBe(true);
    const workers = await api('GET', '/api/v1/users?role=worker&active=true&q=field', { token: adminToken });
    expect(workers.body.items.map((u) => u.email)).toEqual(['field.worker@example.com']);
  });

  it('should serve the OpenAPI document and health', async () => {
    const doc = await api.raw<{ openapi: string; paths: Record<string, unknown> }>('GET', '/api/docs-json');
    expect(doc.status).toBe(200);
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/api/v1/users/{id}', '/api/v1/audit/events']));
    expect((await fetch(`${system.baseUrl}/api/docs`)).status).toBe(200);
    expect((await api('GET', '/health/live')).status).toBe(200);
    const ready = await api('GET', '/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.ready).toBe(true);
  });
});
