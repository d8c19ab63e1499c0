import { MikroORM } from '@mikro-orm/postgresql';
import type { Role } from '@uehub/contracts';
import { apiClient, login, type Api } from './support/http-client';
import { createItem, expectProblem, getItem } from './support/inventory';
import { createOnePerRole, PASSWORD, type Person } from './support/people';
import { startSystem, type RunningSystem } from './support/system';

describe('Idempotency-Key on commands', () => {
  let system: RunningSystem;
  let api: Api;
  let superToken: string;
  let people: Record<Role, Person>;

  beforeAll(async () => {
    system = await startSystem('e2e_idem');
    api = apiClient(system.baseUrl);
    superToken = await login(api, system.admin.email, system.admin.password);
    people = await createOnePerRole(api, superToken, 'idem');
  });
  afterAll(() => system.stop());

  const inventorySql = <T>(sql: string, params: unknown[] = []) => system.service('inventory').get(MikroORM).em.fork().execute<T[]>(sql, params);
  const stockEvents = async (itemId: string) =>
    (await inventorySql<{ event_type: string }>(`select event_type from inventory.inventory_events where stream_id = ? and event_type like 'inventory.stock.%' order by stream_version`, [itemId])).map((e) => e.event_type);
  const issue = (itemId: string, quantity: number, key: string, token = people.employee.token) =>
    api('POST', `/api/v1/inventory/items/${itemId}/movements`, { token, body: { kind: 'issue', quantity }, headers: { 'idempotency-key': key } });

  it('should apply 20 concurrent identical requests with one key once, and give all 20 the same answer', async () => {
    const item = await createItem(api, people.manager.token, { qty: 50 });
    const responses = await Promise.all(Array.from({ length: 20 }, () => issue(item.id, 3, 'issue-3-once')));
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(201));
    expect(new Set(responses.map((r) => JSON.stringify(r.body))).size).toBe(1);
    expect(responses.filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(19);
    expect(await stockEvents(item.id)).toEqual(['inventory.stock.received', 'inventory.stock.issued']);
    expect((await getItem(api, superToken, item.id)).qty).toBe(47);
  });

  it('should refuse the key reused for another request with 422 IDEMPOTENCY_KEY_REUSED, and keep keys apart per caller', async () => {
    const item = await createItem(api, people.manager.token, { qty: 10 });
    expect((await issue(item.id, 1, 'reuse-me')).status).toBe(201);
    expectProblem(await issue(item.id, 2, 'reuse-me'), 422, 'IDEMPOTENCY_KEY_REUSED');
    const other = await issue(item.id, 2, 'reuse-me', people.manager.token);
    expect({ status: other.status, replayed: other.headers.get('idempotent-replayed') }).toEqual({ status: 201, replayed: null });
    expect(await stockEvents(item.id)).toEqual(['inventory.stock.received', 'inventory.stock.issued', 'inventory.stock.issued']);
  });

  it('should replay a stored refusal (4xx) as it was, without deciding again', async () => {
    const item = await createItem(api, people.manager.token, { qty: 2 });
    const first = await issue(item.id, 5, 'too-many');
    expectProblem(first, 422, 'INSUFFICIENT_STOCK');
    await api('POST', `/api/v1/inventory/items/${item.id}/movements`, { token: people.manager.token, body: { kind: 'receive', quantity: 10 } });
    const again = await issue(item.id, 5, 'too-many');
    // the problem's requestId names each HTTP request; the rest is the stored answer
    const withoutRequestId = (body: unknown) => ({ ...(body as Record<string, unknown>), requestId: undefined });
    expect({ status: again.status, body: withoutRequestId(again.body), replayed: again.headers.get('idempotent-replayed') }).toEqual({
      status: 422,
      body: withoutRequestId(first.body),
      replayed: 'true',
    });
  });

  it('should still replay the stored answer after inventory restarts', async () => {
    const item = await createItem(api, people.manager.token, { qty: 9 });
    const first = await issue(item.id, 4, 'across-restart');
    expect(first.status).toBe(201);
    await system.restartInventory();
    const again = await issue(item.id, 4, 'across-restart');
    expect({ status: again.status, body: again.body, replayed: again.headers.get('idempotent-replayed') }).toEqual({
      status: 201,
      body: first.body,
      replayed: 'true',
    });
    expect(await stockEvents(item.id)).toEqual(['inventory.stock.received', 'inventory.stock.issued']);
  });

  it('should forget a key after 24 hours', async () => {
    const item = await createItem(api, people.manager.token, { qty: 9 });
    expect((await issue(item.id, 1, 'old-key')).status).toBe(201);
    await inventorySql(`update inventory.inventory_idempotency set created_at = now() - interval '25 hours' where key = 'old-key'`);
    const later = await issue(item.id, 2, 'old-key');
    expect({ status: later.status, replayed: later.headers.get('idempotent-replayed') }).toEqual({ status: 201, replayed: null });
  });

  it('should honour the key on auth commands too (one user created)', async () => {
    const body = { email: 'once@example.com', password: PASSWORD, name: 'Once', role: 'worker' as const };
    const create = () => api('POST', '/api/v1/users', { token: superToken, body, headers: { 'idempotency-key': '"create-once"' } });
    const [a, b] = await Promise.all([create(), create()]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body.id).toBe(b.body.id);
  });

  it('should refuse a malformed key with 400', async () => {
    const item = await createItem(api, people.manager.token, { qty: 1 });
    expectProblem(await issue(item.id, 1, 'x'.repeat(256)), 400, 'VALIDATION_FAILED');
    expectProblem(await issue(item.id, 1, 'has space'), 400, 'VALIDATION_FAILED');
    expect(await stockEvents(item.id)).toEqual(['inventory.stock.received']);
  });

  it('should list the header in the OpenAPI document on command routes only', async () => {
    type Doc = { paths: Record<string, Record<string, { parameters?: { name: string }[] }>> };
    const doc = (await api.raw<Doc>('GET', '/api/docs-json')).body;
    const takesKey = (path: string, method: string) => (doc.paths[path][method].parameters ?? []).some((p) => p.name === 'Idempotency-Key');
    expect({
      createItem: takesKey('/api/v1/inventory/items', 'post'),
      move: takesKey('/api/v1/inventory/items/{id}/movements', 'post'),
      patchUser: takesKey('/api/v1/users/{id}', 'patch'),
      deleteItem: takesKey('/api/v1/inventory/items/{id}', 'delete'),
      listItems: takesKey('/api/v1/inventory/items', 'get'),
      login: takesKey('/api/v1/auth/login', 'post'),
    }).toEqual({ createItem: true, move: true, patchUser: true, deleteItem: true, listItems: false, login: false });
  });
});
