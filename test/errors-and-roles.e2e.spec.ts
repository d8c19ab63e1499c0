import { ROLES, type Role } from '@uehub/contracts';
import { apiClient, login, type Api } from './support/http-client';
import { createOnePerRole, PASSWORD, type Person } from './support/people';
import { startSystem, type RunningSystem } from './support/system';

describe('error codes and role rules of every route', () => {
  let system: RunningSystem;
  let api: Api;
  let superToken: string;
  let people: Record<Role, Person>;

  beforeAll(async () => {
    system = await startSystem('e2e_roles');
    api = apiClient(system.baseUrl);
    superToken = await login(api, system.admin.email, system.admin.password);
    people = await createOnePerRole(api, superToken, 'roles');
  });
  afterAll(() => system.stop());

  describe('error codes', () => {
    const expectProblem = (response: { status: number; headers: Headers; body: Record<string, unknown> }, status: number, code: string) => {
      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(response.body).toMatchObject({ status, code, type: expect.any(String), title: expect.any(String), detail: expect.any(String) });
    };

    it('VALIDATION_FAILED for a bad body, bad JSON, bad query, bad id and bad If-Match', async () => {
      const bad = await api.untyped('POST', '/api/v1/users', { token: superToken, body: { email: 'not-an-email', password: 'short', name: '', role: 'king' } });
      expectProblem(bad, 400, 'VALIDATION_FAILED');
      expect((bad.body.errors as { path: string }[]).map((e) => e.path).sort()).toEqual(['email', 'name', 'password', 'role']);
      expectProblem(await api('POST', '/api/v1/auth/login', { rawBody: '{"email":' }), 400, 'VALIDATION_FAILED');
      expectProblem(await api('GET', '/api/v1/users?limit=0', { token: superToken }), 400, 'VALIDATION_FAILED');
      expectProblem(await api('GET', '/api/v1/users/not-a-uuid', { token: superToken }), 400, 'VALIDATION_FAILED');
      expectProblem(await api('PATCH', `/api/v1/users/${people.worker.user.id}`, { token: superToken, headers: { 'if-match': 'yesterday' }, body: { name: 'x' } }), 400, 'VALIDATION_FAILED');
      expectProblem(await api('GET', '/api/v1/audit/events?from=monday', { token: superToken }), 400, 'VALIDATION_FAILED');
    });

    it('UNAUTHENTICATED without a token, with a forged token, and for wrong credentials', async () => {
      expectProblem(await api('GET', '/api/v1/me'), 401, 'UNAUTHENTICATED');
      const [header, payload] = people.worker.token.split('.');
      const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), role: 'superadmin' })).toString('base64url');
      expectProblem(await api('GET', '/api/v1/users', { token: `${header}.${forged}.AAAA` }), 401, 'UNAUTHENTICATED');
      expectProblem(await api('POST', '/api/v1/auth/login', { body: { email: people.worker.user.email, password: 'wrong-password' } }), 401, 'UNAUTHENTICATED');
      expectProblem(await api('POST', '/api/v1/auth/refresh', { body: { refreshToken: 'x'.repeat(43) } }), 401, 'UNAUTHENTICATED');
    });

    it('FORBIDDEN for a role below the route, and for an admin creating an admin', async () => {
      expectProblem(await api('GET', '/api/v1/users', { token: people.worker.token }), 403, 'FORBIDDEN');
      const adminMakesAdmin = await api('POST', '/api/v1/users', {
        token: people.admin.token,
        body: { email: 'second.admin@example.com', password: PASSWORD, name: 'Second Admin', role: 'admin' },
      });
      expectProblem(adminMakesAdmin, 403, 'FORBIDDEN');
    });

    it('NOT_FOUND for an unknown user and an unknown route', async () => {
      expectProblem(await api('GET', '/api/v1/users/01900000-0000-7000-8000-000000000000', { token: superToken }), 404, 'NOT_FOUND');
      expectProblem(await api.raw('GET', '/api/v1/nothing-here', { token: superToken }), 404, 'NOT_FOUND');
    });

    it('ALREADY_EXISTS for an email in use, whatever its case', async () => {
      const again = await api('POST', '/api/v1/users', {
        token: superToken,
        body: { email: people.worker.user.email.toUpperCase(), password: PASSWORD, name: 'Twin', role: 'worker' },
      });
      expectProblem(again, 409, 'ALREADY_EXISTS');
    });

    it('VERSION_MISMATCH for a stale If-Match', async () => {
      const id = people.employee.user.id;
      expectProblem(await api('PATCH', `/api/v1/users/${id}`, { token: superToken, headers: { 'if-match': '"99"' }, body: { notes: 'x' } }), 412, 'VERSION_MISMATCH');
    });

    it('RULE_VIOLATED for deactivating yourself or an inactive user', async () => {
      expectProblem(await api('POST', `/api/v1/users/${people.admin.user.id}/deactivate`, { token: people.admin.token }), 422, 'RULE_VIOLATED');
      const target = await api('POST', '/api/v1/users', {
        token: superToken,
        body: { email: 'twice.off@example.com', password: PASSWORD, name: 'Twice Off', role: 'worker' },
      });
      expect((await api('POST', `/api/v1/users/${target.body.id}/deactivate`, { token: superToken })).status).toBe(200);
      expectProblem(await api('POST', `/api/v1/users/${target.body.id}/deactivate`, { token: superToken }), 422, 'RULE_VIOLATED');
    });
  });

  describe('role rules', () => {
    type Rule = { route: string; allowed: Role[]; call: (person: Person) => Promise<number> };
    const rules: Rule[] = [
      { route: 'GET /me', allowed: [...ROLES], call: (p) => status('GET', '/api/v1/me', p) },
      { route: 'GET /users', allowed: ['superadmin', 'admin', 'manager'], call: (p) => status('GET', '/api/v1/users', p) },
      {
        route: 'GET /users/:id (another user)',
        allowed: ['superadmin', 'admin', 'manager'],
        call: (p) => status('GET', `/api/v1/users/${people.worker.user.id === p.user.id ? people.employee.user.id : people.worker.user.id}`, p),
      },
      { route: 'GET /users/:id (themself)', allowed: [...ROLES], call: (p) => status('GET', `/api/v1/users/${p.user.id}`, p) },
      {
        route: 'POST /users (a worker)',
        allowed: ['superadmin', 'admin'],
        call: (p) => status('POST', '/api/v1/users', p, { email: `made.by.${p.user.role}@example.com`, password: PASSWORD, name: 'Made', role: 'worker' }),
      },
      { route: 'PATCH /users/:id', allowed: ['superadmin', 'admin'], call: (p) => status('PATCH', `/api/v1/users/${people.worker.user.id}`, p, { notes: `by ${p.user.role}` }) },
      { route: 'GET /audit/events', allowed: ['superadmin', 'admin', 'auditor'], call: (p) => status('GET', '/api/v1/audit/events?limit=1', p) },
    ];

    async function status(method: string, path: string, person: Person, body?: unknown): Promise<number> {
      return (await api.untyped(method, path, { token: person.token, body })).status;
    }

    it.each(rules.map((r) => [r.route, r] as const))('%s', async (_route, rule) => {
      for (const role of ROLES) {
        const got = await rule.call(people[role]);
        const expected = rule.allowed.includes(role) ? 'allowed' : 'forbidden';
        expect({ role, outcome: got === 403 ? 'forbidden' : got < 300 ? 'allowed' : `status ${got}` }).toEqual({ role, outcome: expected });
      }
    });

    it('POST /users/:id/deactivate and /reactivate: admin and up only', async () => {
      const target = await api('POST', '/api/v1/users', {
        token: superToken,
        body: { email: 'toggle@example.com', password: PASSWORD, name: 'Toggle', role: 'worker' },
      });
      for (const role of ROLES) {
        const off = await status('POST', `/api/v1/users/${target.body.id}/deactivate`, people[role]);
        const on = await status('POST', `/api/v1/users/${target.body.id}/reactivate`, people[role]);
        const expected = role === 'admin' || role === 'superadmin' ? [200, 200] : [403, 403];
        expect({ role, codes: [off, on] }).toEqual({ role, codes: expected });
      }
    });
  });
});
