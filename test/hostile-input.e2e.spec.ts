import type { ItemView, Page, Role } from '@uehub/contracts';
import { apiClient, login, type Api, type ApiResponse } from './support/http-client';
import { createItem, expectProblem } from './support/inventory';
import { createOnePerRole, type Person } from './support/people';
import { rawRequest } from './support/raw-http';
import { startSystem, type RunningSystem } from './support/system';

/** One test per finding of issue 8: each input once gave 500, 503 or a crash. */
describe('hostile input', () => {
  let system: RunningSystem;
  let api: Api;
  let superToken: string;
  let people: Record<Role, Person>;

  beforeAll(async () => {
    system = await startSystem('e2e_hostile');
    api = apiClient(system.baseUrl);
    superToken = await login(api, system.admin.email, system.admin.password);
    people = await createOnePerRole(api, superToken, 'hostile');
  });
  afterAll(() => system.stop());

  const items = '/api/v1/inventory/items';
  const b64 = (text: string) => Buffer.from(text).toString('base64url');

  async function allPages<T>(path: string, token: string): Promise<{ items: T[]; pages: number }> {
    const all: T[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: ApiResponse<Page<T>> = await api.untyped<Page<T>>('GET', `${path}${path.includes('?') ? '&' : '?'}limit=200${cursor ? `&cursor=${cursor}` : ''}`, { token });
      expect(page.status).toBe(200);
      all.push(...page.body.items);
      cursor = page.body.nextCursor;
      pages += 1;
    } while (cursor && pages < 50);
    return { items: all, pages };
  }

  it('1: pages lists by bytes, so a read larger than the bus carries is paged, not a crash', async () => {
    const description = '€'.repeat(5000); // 15 kB of UTF-8 each: 80 of them are over NATS's 1 MB
    const holder = people.worker.user.id;
    for (let i = 0; i < 80; i++) await createItem(api, people.manager.token, { name: `Big ${String(i).padStart(2, '0')}`, description, userId: holder });
    const first = await api('GET', `${items}?limit=200`, { token: people.worker.token });
    expect(first.status).toBe(200);
    expect(first.body.nextCursor).not.toBeNull();
    expect(first.body.items.length).toBeLessThan(80);
    const listed = await allPages<ItemView>(items, people.worker.token);
    expect(listed.items.filter((i) => i.name.startsWith('Big ')).length).toBe(80);
    const held = await allPages<ItemView>(`/api/v1/users/${holder}/inventory`, people.worker.token);
    expect(held.items.map((i) => i.name)).toEqual(Array.from({ length: 80 }, (_, i) => `Big ${String(i).padStart(2, '0')}`));
    expect(held.pages).toBeGreaterThan(1);
    expect((await api('GET', '/health/ready')).status).toBe(200);
  });

  it('2: an unsupported charset or content encoding is 415 problem+json with the request id', async () => {
    const bad: Record<string, string>[] = [{ 'content-type': 'application/json; charset=latin1' }, { 'content-type': 'application/json', 'content-encoding': 'foo' }];
    for (const headers of bad) {
      const response = await api('POST', '/api/v1/auth/login', { rawBody: '{}', headers: { ...headers, 'x-request-id': 'hostile-2' } });
      expectProblem(response, 415, 'UNSUPPORTED_MEDIA_TYPE');
      expect(response.headers.get('x-request-id')).toBe('hostile-2');
      expect(response.body).toMatchObject({ requestId: 'hostile-2' });
    }
  });

  it('3: a NUL or an unpaired surrogate in a text field of a write is 400', async () => {
    const item = { sku: 'NUL-1', location: 'Depot' };
    expectProblem(await api('POST', items, { token: people.manager.token, body: { ...item, name: 'a\u0000b' } }), 400, 'VALIDATION_FAILED');
    const surrogate = `{"sku":"NUL-2","location":"Depot","name":"a\\ud800b"}`;
    expectProblem(await api('POST', items, { token: people.manager.token, rawBody: surrogate }), 400, 'VALIDATION_FAILED');
    const user = { email: 'nul@example.com', password: 'Sturdy-password-42', role: 'worker' };
    expectProblem(await api.untyped('POST', '/api/v1/users', { token: superToken, body: { ...user, name: 'a\u0000b' } }), 400, 'VALIDATION_FAILED');
    expectProblem(await api('PATCH', `/api/v1/users/${people.worker.user.id}`, { token: superToken, rawBody: '{"notes":"x\\udc00"}' }), 400, 'VALIDATION_FAILED');
  });

  it('4: a NUL in a search or filter value is 400, never "database unavailable"', async () => {
    expectProblem(await api('GET', `${items}?q=a%00b`, { token: people.worker.token }), 400, 'VALIDATION_FAILED');
    expectProblem(await api('GET', `${items}?location=a%00b`, { token: people.worker.token }), 400, 'VALIDATION_FAILED');
    expectProblem(await api('GET', '/api/v1/users?q=a%00b', { token: superToken }), 400, 'VALIDATION_FAILED');
    expectProblem(await api('GET', '/api/v1/audit/events?actorId=a%00b', { token: superToken }), 400, 'VALIDATION_FAILED');
  });

  it('5: a forged page cursor is 400', async () => {
    const dashes = b64('-'.repeat(36));
    expectProblem(await api('GET', `${items}?cursor=${dashes}`, { token: people.worker.token }), 400, 'VALIDATION_FAILED');
    expectProblem(await api('GET', `/api/v1/users?cursor=${dashes}`, { token: superToken }), 400, 'VALIDATION_FAILED');
    expectProblem(await api('GET', `/api/v1/inventory/reports/low-stock?cursor=${b64('[1,2]')}`, { token: superToken }), 400, 'VALIDATION_FAILED');
  });

  it('6: an audit cursor past 2^63 is 400', async () => {
    const cursor = b64(JSON.stringify({ s: '9999999999999999999' }));
    expectProblem(await api('GET', `/api/v1/audit/events?cursor=${cursor}`, { token: superToken }), 400, 'VALIDATION_FAILED');
  });

  it('7: year 0 in from, to or asOf is 400', async () => {
    const item = await createItem(api, people.manager.token);
    for (const path of [
      '/api/v1/audit/events?from=0000-01-01T00:00:00Z',
      '/api/v1/audit/events?to=0001-01-01T00:00:00%2B01:00',
      `${items}/${item.id}?asOf=0001-01-01T00:00:00%2B01:00`,
      `${items}/${item.id}?asOf=0000-06-01T00:00:00Z`,
    ]) {
      expectProblem(await api.untyped('GET', path, { token: superToken }), 400, 'VALIDATION_FAILED');
    }
  });

  it('8: stock past 2^31-1 is 422, not a failed write', async () => {
    const item = await createItem(api, people.manager.token, { qty: 1_000_000_000 });
    const receive = { kind: 'receive' as const, quantity: 1_000_000_000 };
    expect((await api('POST', `${items}/${item.id}/movements`, { token: people.manager.token, body: receive })).status).toBe(201);
    expectProblem(await api('POST', `${items}/${item.id}/movements`, { token: people.manager.token, body: receive }), 422, 'RULE_VIOLATED');
  });

  it('9: malformed HTTP framing is problem+json with a code and a request id', async () => {
    const cases: [string, number, string][] = [
      ['GET /health/live HTTP/1.1\r\nHost: x\r\nX-Bad: a\rb\r\n\r\n', 400, 'MALFORMED_REQUEST'],
      ['POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n', 400, 'MALFORMED_REQUEST'],
      ['POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}', 400, 'MALFORMED_REQUEST'],
      [`GET /health/live HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`, 431, 'HEADERS_TOO_LARGE'],
      ['GET * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', 400, 'MALFORMED_REQUEST'],
    ];
    for (const [bytes, status, code] of cases) {
      const answer = await rawRequest(system.baseUrl, bytes);
      expect({ status: answer.status, type: answer.headers['content-type'] }).toEqual({ status, type: expect.stringContaining('application/problem+json') });
      expect(JSON.parse(answer.body)).toMatchObject({ status, code });
      expect(answer.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('OpenAPI: `service` of GET /ops/dead-letters is required', async () => {
    const doc = await api.raw<{ paths: Record<string, Record<string, { parameters: { name: string; required: boolean }[] }>> }>('GET', '/api/docs-json');
    const service = doc.body.paths['/api/v1/ops/dead-letters'].get.parameters.find((p) => p.name === 'service');
    expect(service?.required).toBe(true);
  });

  it('readiness: 503 while no superadmin exists (login could not work), 200 again once one does', async () => {
    expect((await api('GET', '/health/ready')).status).toBe(200);
    const orm = system.service('auth').get((await import('@mikro-orm/postgresql')).MikroORM);
    await orm.em.fork().execute(`update auth.auth_user set is_active = false where role = 'superadmin'`);
    const notReady = await api('GET', '/health/ready');
    expect(notReady.status).toBe(503);
    expect(notReady.body.services.find((s) => s.service === 'auth')?.checks.bootstrapAdmin).toEqual({ ok: false, detail: 'no active superadmin yet' });
    await orm.em.fork().execute(`update auth.auth_user set is_active = true where role = 'superadmin'`);
    expect((await api('GET', '/health/ready')).status).toBe(200);
  });
});
