import type { ItemView, Role } from '@uehub/contracts';
import { eventually } from '@uehub/testing';
import { apiClient, login, type Api, type ApiResponse } from './support/http-client';
import { auditEventually, createItem, expectProblem, getItem, ledger, postMovement, uniqueSku, type Problem } from './support/inventory';
import { createOnePerRole, PASSWORD, type Person } from './support/people';
import { startSystem, type RunningSystem } from './support/system';

describe('inventory under concurrency, and the users it may assign', () => {
  let system: RunningSystem;
  let api: Api;
  let superToken: string;
  let people: Record<Role, Person>;

  beforeAll(async () => {
    system = await startSystem('e2e_inv_conc');
    api = apiClient(system.baseUrl);
    superToken = await login(api, system.admin.email, system.admin.password);
    people = await createOnePerRole(api, superToken, 'conc');
  });
  afterAll(() => system.stop());

  it('should let exactly 30 of 50 concurrent issues of 1 through on an item holding 30, and refuse 20 as INSUFFICIENT_STOCK', async () => {
    const item = await createItem(api, people.manager.token, { sku: 'RACE-30', name: 'Contested item', location: 'Depot Race', qty: 30 });
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        fetch(`${system.baseUrl}/api/v1/inventory/items/${item.id}/movements`, {
          method: 'POST',
          headers: { authorization: `Bearer ${people.employee.token}`, 'content-type': 'application/json', 'x-request-id': `race-${i}` },
          body: JSON.stringify({ kind: 'issue', quantity: 1 }),
        }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, unknown> })),
      ),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(statuses.filter((s) => s === 201)).toHaveLength(30);
    const refused = responses.filter((r) => r.status === 422);
    expect(refused).toHaveLength(20);
    expect(refused.map((r) => r.body.code)).toEqual(Array(20).fill('INSUFFICIENT_STOCK'));

    const final = await getItem(api, superToken, item.id);
    expect(final.qty).toBe(0);
    const qtyAfters = responses
      .filter((r) => r.status === 201)
      .map((r) => (r.body.movement as { qtyAfter: number }).qtyAfter)
      .sort((a, b) => a - b);
    expect(qtyAfters).toEqual(Array.from({ length: 30 }, (_, i) => i));

    const issues = (await ledger(api, superToken, item.id)).filter((m) => m.kind === 'issue');
    expect(issues).toHaveLength(30);
    expect(new Set(issues.map((m) => m.correlationId)).size).toBe(30);

    const audited = await auditEventually(api, superToken, 'inventory.stock.issued', item.id, 30, 30_000);
    expect(audited).toHaveLength(30);
    expect(audited.map((a) => (a.data as { qtyAfter: number }).qtyAfter).sort((a, b) => a - b)).toEqual(qtyAfters);
  });

  it('should let a user created a moment ago be assigned at once', async () => {
    const fresh = await api('POST', '/api/v1/users', {
      token: superToken,
      body: { email: 'fresh@example.com', password: PASSWORD, name: 'Fresh', role: 'worker' },
    });
    const item = await createItem(api, people.manager.token, { userId: fresh.body.id });
    expect(item.userId).toBe(fresh.body.id);
    const other = await createItem(api, people.manager.token);
    const patched = await api('PATCH', `/api/v1/inventory/items/${other.id}`, { token: people.manager.token, body: { userId: fresh.body.id } });
    expect(patched.status).toBe(200);
  });

  it('should refuse a user deactivated in auth for new assignments within a second, and still after inventory restarts', async () => {
    const leaver = await api('POST', '/api/v1/users', {
      token: superToken,
      body: { email: 'leaver.inv@example.com', password: PASSWORD, name: 'Leaver', role: 'employee' },
    });
    const leaverId = leaver.body.id;
    const createFor = (userId: string, name = 'For the leaver') =>
      api('POST', '/api/v1/inventory/items', { token: people.manager.token, body: { sku: uniqueSku('LEAVER'), name, location: 'Depot L', userId } });
    // an active user inventory knows (the test above checks that a brand-new one is usable at once)
    const held = await eventually(
      async () => {
        const response = await createFor(leaverId, 'Held before leaving');
        return response.status === 201 ? response.body : undefined;
      },
      10_000,
      'the leaver assignable while active',
    );
    const spare = await createItem(api, people.manager.token, { name: 'Spare' });

    const assign = (id: string, userId: string) => api('PATCH', `/api/v1/inventory/items/${id}`, { token: people.manager.token, body: { userId } });

    const off = await api('POST', `/api/v1/users/${leaverId}/deactivate`, { token: superToken });
    expect(off.status).toBe(200);
    // the refusal must be in force within a second: the attempt that saw it started by then
    const deactivatedAt = Date.now();
    let refused: ApiResponse<ItemView | Problem> | undefined;
    let refusedAfterMs = -1;
    while (!refused && Date.now() - deactivatedAt <= 1000) {
      const startedAfterMs = Date.now() - deactivatedAt;
      const response = await createFor(leaverId);
      if (response.status !== 201) [refused, refusedAfterMs] = [response, startedAfterMs];
      else await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect({ refused: refused !== undefined, refusedAfterMs }).toEqual({ refused: true, refusedAfterMs: expect.any(Number) });
    expect(refusedAfterMs).toBeLessThanOrEqual(1000);
    expectProblem(refused as ApiResponse<unknown>, 422, 'USER_INACTIVE');
    expectProblem(await assign(spare.id, leaverId), 422, 'USER_INACTIVE');
    // what the user held stays readable
    expect((await getItem(api, superToken, held.id)).userId).toBe(leaverId);

    await system.restartInventory();
    const afterRestart: ApiResponse<unknown>[] = [await createFor(leaverId), await assign(spare.id, leaverId)];
    for (const response of afterRestart) expectProblem(response, 422, 'USER_INACTIVE');
    expect((await getItem(api, superToken, spare.id)).userId).toBeNull();

    // and a reactivation makes the user assignable again
    expect((await api('POST', `/api/v1/users/${leaverId}/reactivate`, { token: superToken })).status).toBe(200);
    const accepted = await eventually(
      async () => {
        const response = await assign(spare.id, leaverId);
        return response.status === 200 ? response : undefined;
      },
      5_000,
      'inventory to accept the reactivated user',
    );
    expect(accepted.body.userId).toBe(leaverId);
  });

  it('should keep serving movements after a restart, with no stock lost', async () => {
    const item = await createItem(api, people.manager.token, { qty: 7 });
    await system.restartInventory();
    const moved = await postMovement(api, people.employee.token, item.id, { kind: 'issue', quantity: 2 });
    expect(moved.status).toBe(201);
    expect(moved.body.item.qty).toBe(5);
  });
});
