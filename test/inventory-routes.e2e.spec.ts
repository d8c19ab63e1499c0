import { randomUUID } from 'node:crypto';
import { ROLES, type ItemView, type Page, type Role } from '@uehub/contracts';
import { eventually } from '@uehub/testing';
import { apiClient, login, type Api } from './support/http-client';
import { createItem, expectProblem, getItem, ledger, postMovement, uniqueSku, type Problem } from './support/inventory';
import { createOnePerRole, PASSWORD, type Person } from './support/people';
import { startSystem, type RunningSystem } from './support/system';

const UNKNOWN_ID = '01900000-0000-7000-8000-000000000000';

describe('inventory routes through the gateway', () => {
  let system: RunningSystem;
  let api: Api;
  let superToken: string;
  let people: Record<Role, Person>;

  beforeAll(async () => {
    system = await startSystem('e2e_inv_routes');
    api = apiClient(system.baseUrl);
    superToken = await login(api, system.admin.email, system.admin.password);
    people = await createOnePerRole(api, superToken, 'inv');
  });
  afterAll(() => system.stop());

  describe('items', () => {
    it('should create an item with ETag and Location, and read it back', async () => {
      const sku = uniqueSku('DRILL');
      const created = await api('POST', '/api/v1/inventory/items', {
        token: people.manager.token,
        body: { sku, name: 'Cordless drill', description: '18 V, two batteries', location: 'Depot North', qty: 4, minQty: 1, userId: people.worker.user.id },
      });
      expect(created.status).toBe(201);
      expect(created.body).toEqual({
        id: expect.any(String),
        sku,
        name: 'Cordless drill',
        description: '18 V, two batteries',
        location: 'Depot North',
        qty: 4,
        minQty: 1,
        userId: people.worker.user.id,
        lowStock: false,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
        version: expect.any(Number),
      });
      expect(created.headers.get('etag')).toBe(`"${created.body.version}"`);
      expect(created.headers.get('location')).toBe(`/api/v1/inventory/items/${created.body.id}`);

      const read = await api('GET', `/api/v1/inventory/items/${created.body.id}`, { token: people.worker.token });
      expect(read.status).toBe(200);
      expect(read.body).toEqual(created.body);
      expect(read.headers.get('etag')).toBe(`"${created.body.version}"`);
    });

    it('should default qty and minQty to 0 and description and userId to null', async () => {
      const item = await createItem(api, people.manager.token, { sku: uniqueSku('BARE'), name: 'Bare', location: 'Depot North' });
      expect(item).toMatchObject({ qty: 0, minQty: 0, description: null, userId: null });
    });

    it('should change an item with If-Match and return the new ETag', async () => {
      const item = await createItem(api, people.manager.token, { qty: 10, minQty: 2 });
      const patched = await api('PATCH', `/api/v1/inventory/items/${item.id}`, {
        token: people.manager.token,
        headers: { 'if-match': `"${item.version}"` },
        body: { name: 'Renamed item', description: 'now described', minQty: 3, userId: people.employee.user.id },
      });
      expect(patched.status).toBe(200);
      expect(patched.body).toMatchObject({ id: item.id, name: 'Renamed item', description: 'now described', minQty: 3, userId: people.employee.user.id, qty: 10 });
      expect(patched.body.version).toBeGreaterThan(item.version);
      expect(patched.headers.get('etag')).toBe(`"${patched.body.version}"`);
      const cleared = await api('PATCH', `/api/v1/inventory/items/${item.id}`, { token: people.manager.token, body: { userId: null, description: null } });
      expect(cleared.body).toMatchObject({ userId: null, description: null });
    });

    it('should show lowStock when minQty is raised to the quantity or above', async () => {
      const item = await createItem(api, people.manager.token, { qty: 5, minQty: 1 });
      const patched = await api('PATCH', `/api/v1/inventory/items/${item.id}`, { token: people.manager.token, body: { minQty: 5 } });
      expect(patched.body).toMatchObject({ qty: 5, minQty: 5, lowStock: true });
    });

    it('should soft-delete an item: 204, then NOT_FOUND on every route, gone from lists, and its SKU free again', async () => {
      const sku = uniqueSku('GONE');
      const item = await createItem(api, people.manager.token, { sku, location: 'Depot Gone', qty: 3 });
      const deleted = await api('DELETE', `/api/v1/inventory/items/${item.id}`, { token: people.admin.token, headers: { 'if-match': `"${item.version}"` } });
      expect(deleted.status).toBe(204);
      expectProblem(await api('GET', `/api/v1/inventory/items/${item.id}`, { token: superToken }), 404, 'NOT_FOUND');
      expectProblem(await api('PATCH', `/api/v1/inventory/items/${item.id}`, { token: superToken, body: { name: 'x' } }), 404, 'NOT_FOUND');
      expectProblem(await postMovement(api, superToken, item.id, { kind: 'receive', quantity: 1 }), 404, 'NOT_FOUND');
      expectProblem(await api('DELETE', `/api/v1/inventory/items/${item.id}`, { token: superToken }), 404, 'NOT_FOUND');
      const list = await api('GET', '/api/v1/inventory/items?location=Depot%20Gone', { token: superToken });
      expect(list.body.items).toEqual([]);
      const again = await createItem(api, people.manager.token, { sku: sku.toLowerCase(), location: 'Depot Gone' });
      expect(again.id).not.toBe(item.id);
    });

    it('should list with filters and cursor pagination', async () => {
      const location = `Yard ${uniqueSku('L')}`;
      const made: ItemView[] = [];
      for (let i = 0; i < 5; i += 1) {
        made.push(await createItem(api, people.manager.token, { location, name: `Pallet ${i}`, qty: i, minQty: 1, userId: i === 4 ? people.worker.user.id : null }));
      }
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const query: `/api/v1/inventory/items?${string}` = `/api/v1/inventory/items?location=${encodeURIComponent(location)}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
        const page = await api('GET', query, { token: people.auditor.token });
        expect(page.status).toBe(200);
        expect(page.body.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.body.items.map((item) => item.id));
        cursor = page.body.nextCursor;
      } while (cursor && seen.length < 20);
      expect([...seen].sort()).toEqual(made.map((item) => item.id).sort());
      expect(new Set(seen).size).toBe(5);

      const low = await api('GET', `/api/v1/inventory/items?location=${encodeURIComponent(location)}&lowStock=true`, { token: people.worker.token });
      expect(low.body.items.map((item) => item.name).sort()).toEqual(['Pallet 0', 'Pallet 1']);
      expect(low.body.items.every((item) => item.lowStock)).toBe(true);
      const held = await api('GET', `/api/v1/inventory/items?location=${encodeURIComponent(location)}&userId=${people.worker.user.id}`, { token: people.worker.token });
      expect(held.body.items.map((item) => item.name)).toEqual(['Pallet 4']);
    });

    it("should send a page as the service encoded it: res.json's headers, each item as the item route gives it, times ISO 8601", async () => {
      const location = `Shelf ${uniqueSku('L')}`;
      const made = await createItem(api, people.manager.token, { location, name: 'Ladder', qty: 2, userId: people.worker.user.id });
      for (const path of [`/api/v1/inventory/items?location=${encodeURIComponent(location)}`, `/api/v1/users/${people.worker.user.id}/inventory?limit=100`]) {
        const response = await fetch(`${system.baseUrl}${path}`, { headers: { authorization: `Bearer ${people.manager.token}` } });
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
        const text = await response.text();
        const page = JSON.parse(text) as Page<ItemView>;
        expect(text).toBe(JSON.stringify(page)); // compact JSON, keys in the contract's order
        const listed = page.items.find((item) => item.id === made.id);
        // the item route reads the entity (times converted from Date in JavaScript); the lists format them in SQL
        expect(listed).toEqual(await getItem(api, people.manager.token, made.id));
        expect(listed?.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      }
    });
  });

  describe('error codes', () => {
    it('VALIDATION_FAILED for a bad body, id, query, asOf, If-Match and movement', async () => {
      const item = await createItem(api, people.manager.token, { qty: 5 });
      const bad = await api('POST', '/api/v1/inventory/items', { token: superToken, body: { sku: '', name: '', location: '', qty: -1 } });
      expectProblem(bad, 400, 'VALIDATION_FAILED');
      expect([...new Set(bad.body.errors?.map((e) => e.path))].sort()).toEqual(['location', 'name', 'qty', 'sku']);
      expectProblem(await api.untyped('POST', '/api/v1/inventory/items', { token: superToken, body: { sku: 'A1', name: 'A', location: 'X', colour: 'red' } }), 400, 'VALIDATION_FAILED');
      expectProblem(await api('POST', '/api/v1/inventory/items', { token: superToken, body: { sku: 'A1', name: 'A', location: 'X', userId: 'bob' } }), 400, 'VALIDATION_FAILED');
      expectProblem(await api('PATCH', `/api/v1/inventory/items/${item.id}`, { token: superToken, body: {} }), 400, 'VALIDATION_FAILED');
      expectProblem(await api.untyped('PATCH', `/api/v1/inventory/items/${item.id}`, { token: superToken, body: { qty: 99 } }), 400, 'VALIDATION_FAILED');
      expectProblem(await api('GET', '/api/v1/inventory/items/not-a-uuid', { token: superToken }), 400, 'VALIDATION_FAILED');
      expectProblem(await api('GET', '/api/v1/inventory/items/not-a-uuid/movements', { token: superToken }), 400, 'VALIDATION_FAILED');
      expectProblem(await api('GET', '/api/v1/users/not-a-uuid/inventory', { token: superToken }), 400, 'VALIDATION_FAILED');
      expectProblem(await api('GET', '/api/v1/inventory/items?limit=0', { token: superToken }), 400, 'VALIDATION_FAILED');
      expectProblem(await api('GET', '/api/v1/inventory/items?lowStock=maybe', { token: superToken }), 400, 'VALIDATION_FAILED');
      expectProblem(await api('GET', '/api/v1/inventory/items?userId=bob', { token: superToken }), 400, 'VALIDATION_FAILED');
      expectProblem(await api('GET', `/api/v1/inventory/items/${item.id}?asOf=yesterday`, { token: superToken }), 400, 'VALIDATION_FAILED');
      expectProblem(await api('GET', `/api/v1/inventory/items/${item.id}?asOf=2024-01-01T10:00:00`, { token: superToken }), 400, 'VALIDATION_FAILED');
      expectProblem(await api('PATCH', `/api/v1/inventory/items/${item.id}`, { token: superToken, headers: { 'if-match': 'yesterday' }, body: { name: 'x' } }), 400, 'VALIDATION_FAILED');

      const noReason = await postMovement(api, superToken, item.id, { kind: 'adjust', quantity: 2 });
      expectProblem(noReason, 400, 'VALIDATION_FAILED');
      expect((noReason.body as unknown as Problem).errors?.map((e) => e.path)).toEqual(['reason']);
      const noTarget = await postMovement(api, superToken, item.id, { kind: 'transfer', quantity: 1 });
      expectProblem(noTarget, 400, 'VALIDATION_FAILED');
      expect((noTarget.body as unknown as Problem).errors?.map((e) => e.path)).toEqual(['toLocation']);
      expectProblem(await postMovement(api, superToken, item.id, { kind: 'issue', quantity: 0 }), 400, 'VALIDATION_FAILED');
      expectProblem(await postMovement(api, superToken, item.id, { kind: 'receive', quantity: 1.5 }), 400, 'VALIDATION_FAILED');
      expectProblem(await postMovement(api, superToken, item.id, { kind: 'steal' as 'issue', quantity: 1 }), 400, 'VALIDATION_FAILED');
      expectProblem(await postMovement(api, superToken, item.id, { kind: 'receive', quantity: 1, toLocation: 'Elsewhere' }), 400, 'VALIDATION_FAILED');
      expect((await getItem(api, superToken, item.id)).qty).toBe(5);
    });

    it('UNAUTHENTICATED without a token or with a bad one, on every route', async () => {
      const item = await createItem(api, people.manager.token);
      const routes: [string, string][] = [
        ['POST', '/api/v1/inventory/items'],
        ['GET', '/api/v1/inventory/items'],
        ['GET', `/api/v1/inventory/items/${item.id}`],
        ['PATCH', `/api/v1/inventory/items/${item.id}`],
        ['DELETE', `/api/v1/inventory/items/${item.id}`],
        ['POST', `/api/v1/inventory/items/${item.id}/movements`],
        ['GET', `/api/v1/inventory/items/${item.id}/movements`],
        ['GET', `/api/v1/users/${people.worker.user.id}/inventory`],
        ['GET', '/api/v1/inventory/reports/low-stock'],
        ['GET', '/api/v1/inventory/reports/stock-by-location'],
      ];
      for (const [method, path] of routes) {
        expectProblem(await api.untyped(method, path), 401, 'UNAUTHENTICATED');
        expectProblem(await api.untyped(method, path, { token: 'not.a.token' }), 401, 'UNAUTHENTICATED');
      }
    });

    it('FORBIDDEN for a role below the route', async () => {
      const item = await createItem(api, people.manager.token);
      expectProblem(await api('POST', '/api/v1/inventory/items', { token: people.employee.token, body: { sku: uniqueSku(), name: 'x', location: 'y' } }), 403, 'FORBIDDEN');
      expectProblem(await postMovement(api, people.worker.token, item.id, { kind: 'receive', quantity: 1 }), 403, 'FORBIDDEN');
      expectProblem(await api('DELETE', `/api/v1/inventory/items/${item.id}`, { token: people.manager.token }), 403, 'FORBIDDEN');
      expectProblem(await api('GET', `/api/v1/users/${people.employee.user.id}/inventory`, { token: people.worker.token }), 403, 'FORBIDDEN');
    });

    it('NOT_FOUND for an unknown item on every item route', async () => {
      expectProblem(await api('GET', `/api/v1/inventory/items/${UNKNOWN_ID}`, { token: superToken }), 404, 'NOT_FOUND');
      expectProblem(await api('PATCH', `/api/v1/inventory/items/${UNKNOWN_ID}`, { token: superToken, body: { name: 'x' } }), 404, 'NOT_FOUND');
      expectProblem(await api('DELETE', `/api/v1/inventory/items/${UNKNOWN_ID}`, { token: superToken }), 404, 'NOT_FOUND');
      expectProblem(await postMovement(api, superToken, UNKNOWN_ID, { kind: 'receive', quantity: 1 }), 404, 'NOT_FOUND');
      expectProblem(await api('GET', `/api/v1/inventory/items/${UNKNOWN_ID}/movements`, { token: superToken }), 404, 'NOT_FOUND');
    });

    it('ALREADY_EXISTS for the same SKU at the same location, whatever its case; another location is fine', async () => {
      const sku = uniqueSku('Case-Sku');
      await createItem(api, people.manager.token, { sku, location: 'Depot East' });
      const twin = await api('POST', '/api/v1/inventory/items', { token: people.manager.token, body: { sku: sku.toUpperCase(), name: 'Twin', location: 'Depot East' } });
      expectProblem(twin, 409, 'ALREADY_EXISTS');
      const lower = await api('POST', '/api/v1/inventory/items', { token: people.manager.token, body: { sku: sku.toLowerCase(), name: 'Twin', location: 'Depot East' } });
      expectProblem(lower, 409, 'ALREADY_EXISTS');
      const elsewhere = await api('POST', '/api/v1/inventory/items', { token: people.manager.token, body: { sku: sku.toLowerCase(), name: 'Twin', location: 'Depot West' } });
      expect(elsewhere.status).toBe(201);
    });

    it('VERSION_MISMATCH for a stale If-Match on PATCH, DELETE and movements; nothing changes', async () => {
      const item = await createItem(api, people.manager.token, { qty: 5 });
      const stale = `"${item.version}"`;
      const first = await api('PATCH', `/api/v1/inventory/items/${item.id}`, { token: superToken, headers: { 'if-match': stale }, body: { name: 'First' } });
      expect(first.status).toBe(200);
      expectProblem(await api('PATCH', `/api/v1/inventory/items/${item.id}`, { token: superToken, headers: { 'if-match': stale }, body: { name: 'Second' } }), 412, 'VERSION_MISMATCH');
      expectProblem(await api('DELETE', `/api/v1/inventory/items/${item.id}`, { token: superToken, headers: { 'if-match': stale } }), 412, 'VERSION_MISMATCH');
      expectProblem(await postMovement(api, superToken, item.id, { kind: 'issue', quantity: 1 }, stale), 412, 'VERSION_MISMATCH');
      expect(await getItem(api, superToken, item.id)).toMatchObject({ name: 'First', qty: 5, version: first.body.version });

      const current = `"${first.body.version}"`;
      const moved = await postMovement(api, superToken, item.id, { kind: 'issue', quantity: 1 }, current);
      expect(moved.status).toBe(201);
      expect(moved.headers.get('etag')).toBe(`"${moved.body.item.version}"`);
      const deleted = await api('DELETE', `/api/v1/inventory/items/${item.id}`, { token: superToken, headers: { 'if-match': `W/"${moved.body.item.version}"` } });
      expect(deleted.status).toBe(204);
    });

    it('INSUFFICIENT_STOCK for an issue or a transfer of more than is there; nothing changes', async () => {
      const item = await createItem(api, people.manager.token, { qty: 2 });
      const before = await ledger(api, superToken, item.id);
      expectProblem(await postMovement(api, people.employee.token, item.id, { kind: 'issue', quantity: 3 }), 422, 'INSUFFICIENT_STOCK');
      expectProblem(await postMovement(api, people.employee.token, item.id, { kind: 'transfer', quantity: 3, toLocation: 'Depot Far' }), 422, 'INSUFFICIENT_STOCK');
      expect(await getItem(api, superToken, item.id)).toMatchObject({ qty: 2, version: item.version });
      expect(await ledger(api, superToken, item.id)).toEqual(before);
    });

    it('UNKNOWN_USER for a userId that names nobody, on create and on change', async () => {
      const item = await createItem(api, people.manager.token);
      const randomId = randomUUID();
      expectProblem(await api('POST', '/api/v1/inventory/items', { token: people.manager.token, body: { sku: uniqueSku(), name: 'x', location: 'y', userId: randomId } }), 422, 'UNKNOWN_USER');
      expectProblem(await api('PATCH', `/api/v1/inventory/items/${item.id}`, { token: people.manager.token, body: { userId: randomId } }), 422, 'UNKNOWN_USER');
      expect((await getItem(api, superToken, item.id)).userId).toBeNull();
    });

    it('USER_INACTIVE for a deactivated user, on create and on change', async () => {
      const leaver = await api('POST', '/api/v1/users', {
        token: superToken,
        body: { email: 'inv.leaver@example.com', password: PASSWORD, name: 'Inventory Leaver', role: 'worker' },
      });
      expect((await api('POST', `/api/v1/users/${leaver.body.id}/deactivate`, { token: superToken })).status).toBe(200);
      const item = await createItem(api, people.manager.token);
      const create = () => api('POST', '/api/v1/inventory/items', { token: people.manager.token, body: { sku: uniqueSku(), name: 'x', location: 'y', userId: leaver.body.id } });
      // the deactivation reaches inventory within a second (inventory-concurrency.e2e.spec.ts times it)
      const refused = await eventually(async () => {
        const response = await create();
        return response.status === 422 ? response : undefined;
      }, 5_000, 'the deactivated user refused');
      expectProblem(refused, 422, 'USER_INACTIVE');
      expectProblem(await api('PATCH', `/api/v1/inventory/items/${item.id}`, { token: people.manager.token, body: { userId: leaver.body.id } }), 422, 'USER_INACTIVE');
    });
  });

  describe('role rules', () => {
    type Rule = { route: string; allowed: readonly Role[]; call: (person: Person) => Promise<number> };
    const everyone = ROLES;
    const managers: Role[] = ['superadmin', 'admin', 'manager'];
    let shared: ItemView;

    beforeAll(async () => {
      shared = await createItem(api, superToken, { qty: 1000, minQty: 1, location: 'Depot Roles' });
    });

    async function status(method: string, path: string, person: Person, body?: unknown): Promise<number> {
      return (await api.untyped(method, path, { token: person.token, body })).status;
    }

    const rules: Rule[] = [
      {
        route: 'POST /inventory/items',
        allowed: managers,
        call: (p) => status('POST', '/api/v1/inventory/items', p, { sku: uniqueSku(), name: `made by ${p.user.role}`, location: 'Depot Roles' }),
      },
      { route: 'GET /inventory/items', allowed: everyone, call: (p) => status('GET', '/api/v1/inventory/items?limit=5', p) },
      { route: 'GET /inventory/items/:id', allowed: everyone, call: (p) => status('GET', `/api/v1/inventory/items/${shared.id}`, p) },
      { route: 'GET /inventory/items/:id?asOf', allowed: everyone, call: (p) => status('GET', `/api/v1/inventory/items/${shared.id}?asOf=${new Date().toISOString()}`, p) },
      { route: 'PATCH /inventory/items/:id', allowed: managers, call: (p) => status('PATCH', `/api/v1/inventory/items/${shared.id}`, p, { description: `by ${p.user.role}` }) },
      {
        route: 'DELETE /inventory/items/:id',
        allowed: ['superadmin', 'admin'],
        call: async (p) => status('DELETE', `/api/v1/inventory/items/${(await createItem(api, superToken, { location: 'Depot Roles' })).id}`, p),
      },
      { route: 'POST /inventory/items/:id/movements', allowed: ['superadmin', 'admin', 'manager', 'employee'], call: (p) => status('POST', `/api/v1/inventory/items/${shared.id}/movements`, p, { kind: 'issue', quantity: 1 }) },
      { route: 'GET /inventory/items/:id/movements', allowed: everyone, call: (p) => status('GET', `/api/v1/inventory/items/${shared.id}/movements`, p) },
      {
        route: 'GET /users/:id/inventory (another user)',
        allowed: managers,
        call: (p) => status('GET', `/api/v1/users/${people.worker.user.id === p.user.id ? people.employee.user.id : people.worker.user.id}/inventory`, p),
      },
      { route: 'GET /users/:id/inventory (themself)', allowed: everyone, call: (p) => status('GET', `/api/v1/users/${p.user.id}/inventory`, p) },
      { route: 'GET /inventory/reports/low-stock', allowed: managers, call: (p) => status('GET', '/api/v1/inventory/reports/low-stock', p) },
      { route: 'GET /inventory/reports/stock-by-location', allowed: managers, call: (p) => status('GET', '/api/v1/inventory/reports/stock-by-location', p) },
    ];

    it.each(rules.map((r) => [r.route, r] as const))('%s', async (_route, rule) => {
      for (const role of ROLES) {
        const got = await rule.call(people[role]);
        const expected = rule.allowed.includes(role) ? 'allowed' : 'forbidden';
        expect({ role, outcome: got === 403 ? 'forbidden' : got < 300 ? 'allowed' : `status ${got}` }).toEqual({ role, outcome: expected });
      }
    });
  });

  it('should describe every inventory route in the OpenAPI document', async () => {
    const doc = await api.raw<{ paths: Record<string, Record<string, unknown>>; components: { schemas: Record<string, unknown> } }>('GET', '/api/docs-json');
    const methods = Object.fromEntries(Object.entries(doc.body.paths).map(([path, ops]) => [path, Object.keys(ops).sort()]));
    expect(methods).toMatchObject({
      '/api/v1/inventory/items': ['get', 'post'],
      '/api/v1/inventory/items/{id}': ['delete', 'get', 'patch'],
      '/api/v1/inventory/items/{id}/movements': ['get', 'post'],
      '/api/v1/users/{id}/inventory': ['get'],
      '/api/v1/inventory/reports/low-stock': ['get'],
      '/api/v1/inventory/reports/stock-by-location': ['get'],
    });
    expect(Object.keys(doc.body.components.schemas)).toEqual(expect.arrayContaining(['Item', 'Movement', 'LowStockRow', 'StockByLocationRow']));
    const ready = await api('GET', '/health/ready');
    expect(ready.body.services.find((s) => s.service === 'inventory')).toMatchObject({ ready: true });
  });
});
