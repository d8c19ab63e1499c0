import type { ItemView, Role } from '@uehub/contracts';
import { apiClient, login, type Api } from './support/http-client';
import { auditEventually, auditOf, createItem, expectProblem, getItem, ledger, move } from './support/inventory';
import { createOnePerRole, PASSWORD, type Person } from './support/people';
import { startSystem, type RunningSystem } from './support/system';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('inventory stock: movements, low stock, point in time, search and reports', () => {
  let system: RunningSystem;
  let api: Api;
  let superToken: string;
  let people: Record<Role, Person>;

  beforeAll(async () => {
    system = await startSystem('e2e_inv_stock');
    api = apiClient(system.baseUrl);
    superToken = await login(api, system.admin.email, system.admin.password);
    people = await createOnePerRole(api, superToken, 'stock');
  });
  afterAll(() => system.stop());

  describe('movements', () => {
    it('should receive, issue and adjust, answer with the movement and the item, and keep the ledger newest first', async () => {
      const item = await createItem(api, people.manager.token, { sku: 'BOLT-M8', name: 'Bolt M8', location: 'Depot A' });
      const received = await api('POST', `/api/v1/inventory/items/${item.id}/movements`, {
        token: people.employee.token,
        headers: { 'x-request-id': 'req-inv-receive-1' },
        body: { kind: 'receive', quantity: 10, reason: 'delivery 4711' },
      });
      expect(received.status).toBe(201);
      expect(received.headers.get('etag')).toBe(`"${received.body.item.version}"`);
      expect(received.body.movement).toEqual({
        id: expect.any(String),
        itemId: item.id,
        kind: 'receive',
        quantity: 10,
        qtyBefore: 0,
        qtyAfter: 10,
        reason: 'delivery 4711',
        counterpartLocation: null,
        counterpartItemId: null,
        actorId: people.employee.user.id,
        occurredAt: expect.any(String),
        correlationId: 'req-inv-receive-1',
      });
      expect(received.body.item).toMatchObject({ id: item.id, qty: 10 });
      expect(received.body.item.version).toBeGreaterThan(item.version);

      const issued = await move(api, people.employee.token, item.id, { kind: 'issue', quantity: 3 });
      expect(issued.movement).toMatchObject({ kind: 'issue', quantity: 3, qtyBefore: 10, qtyAfter: 7, reason: null });
      const adjusted = await move(api, people.employee.token, item.id, { kind: 'adjust', quantity: 5, reason: 'stock count' });
      expect(adjusted.movement).toMatchObject({ kind: 'adjust', qtyBefore: 7, qtyAfter: 5, reason: 'stock count' });
      expect(adjusted.item.qty).toBe(5);
      const zeroed = await move(api, people.employee.token, item.id, { kind: 'adjust', quantity: 0, reason: 'all broken' });
      expect(zeroed.item.qty).toBe(0);
      expect(await getItem(api, people.worker.token, item.id)).toEqual(zeroed.item);

      const lines = await ledger(api, people.worker.token, item.id);
      expect(lines.map((m) => [m.kind, m.qtyBefore, m.qtyAfter])).toEqual([
        ['adjust', 5, 0],
        ['adjust', 7, 5],
        ['issue', 10, 7],
        ['receive', 0, 10],
      ]);
      expect(lines[3]).toEqual(received.body.movement);

      const [audited] = await auditEventually(api, superToken, 'inventory.stock.received', item.id);
      expect(audited).toMatchObject({ service: 'inventory', entityId: item.id, actorId: people.employee.user.id, correlationId: 'req-inv-receive-1' });
      await auditEventually(api, superToken, 'inventory.stock.issued', item.id);
      await auditEventually(api, superToken, 'inventory.stock.adjusted', item.id, 2);
    });

    it('should transfer: create the SKU at the target, then increase it, with both ledgers showing it', async () => {
      const source = await createItem(api, people.manager.token, { sku: 'PIPE-50', name: 'Pipe 50 mm', description: 'PVC', location: 'Depot A', qty: 10 });
      const first = await move(api, people.employee.token, source.id, { kind: 'transfer', quantity: 4, toLocation: 'Depot B' });
      expect(first.item).toMatchObject({ id: source.id, qty: 6 });
      expect(first.movement).toMatchObject({ kind: 'transfer_out', quantity: 4, qtyBefore: 10, qtyAfter: 6, counterpartLocation: 'Depot B', counterpartItemId: expect.any(String) });
      const targetId = first.movement.counterpartItemId as string;
      expect(targetId).not.toBe(source.id);
      expect(await getItem(api, people.worker.token, targetId)).toMatchObject({ sku: 'PIPE-50', name: 'Pipe 50 mm', location: 'Depot B', qty: 4 });

      const second = await move(api, people.employee.token, source.id, { kind: 'transfer', quantity: 2, toLocation: 'Depot B', reason: 'site needs more' });
      expect(second.movement.counterpartItemId).toBe(targetId);
      expect(second.item.qty).toBe(4);
      expect((await getItem(api, people.worker.token, targetId)).qty).toBe(6);
      const atB = await api('GET', '/api/v1/inventory/items?location=Depot%20B', { token: people.worker.token });
      expect(atB.body.items.filter((i) => i.sku === 'PIPE-50').map((i) => i.id)).toEqual([targetId]);

      const sourceLedger = await ledger(api, people.worker.token, source.id);
      expect(sourceLedger.filter((m) => m.kind === 'transfer_out').map((m) => [m.quantity, m.counterpartItemId, m.counterpartLocation])).toEqual([
        [2, targetId, 'Depot B'],
        [4, targetId, 'Depot B'],
      ]);
      const targetLedger = await ledger(api, people.worker.token, targetId);
      expect(targetLedger.map((m) => [m.kind, m.quantity, m.qtyBefore, m.qtyAfter, m.counterpartItemId, m.counterpartLocation])).toEqual([
        ['transfer_in', 2, 4, 6, source.id, 'Depot A'],
        ['transfer_in', 4, 0, 4, source.id, 'Depot A'],
      ]);
      expect(targetLedger[0].reason).toBe('site needs more');
      await auditEventually(api, superToken, 'inventory.stock.transferred_out', source.id, 2);
      await auditEventually(api, superToken, 'inventory.stock.transferred_in', targetId, 2);
    });

    it('should transfer into an existing item whose SKU differs only in case', async () => {
      const source = await createItem(api, people.manager.token, { sku: 'Valve-Q', name: 'Valve', location: 'Depot A', qty: 5 });
      const target = await createItem(api, people.manager.token, { sku: 'VALVE-q', name: 'Valve', location: 'Depot C', qty: 1 });
      const moved = await move(api, people.employee.token, source.id, { kind: 'transfer', quantity: 3, toLocation: 'Depot C' });
      expect(moved.movement.counterpartItemId).toBe(target.id);
      expect((await getItem(api, superToken, target.id)).qty).toBe(4);
      expect(moved.item.qty).toBe(2);
    });
  });

  describe('low stock', () => {
    it('should signal the crossing to min_qty once, and the way back above as restocked', async () => {
      const item = await createItem(api, people.manager.token, { sku: 'GLOVE-L', name: 'Gloves L', location: 'Depot A', qty: 10, minQty: 3 });
      expect(item.lowStock).toBe(false);
      expect((await move(api, people.employee.token, item.id, { kind: 'issue', quantity: 6 })).item).toMatchObject({ qty: 4, lowStock: false });
      expect((await move(api, people.employee.token, item.id, { kind: 'issue', quantity: 1 })).item).toMatchObject({ qty: 3, lowStock: true });
      const [signal] = await auditEventually(api, superToken, 'inventory.item.low_stock', item.id);
      expect(signal.data).toEqual({ qty: 3, minQty: 3 });
      expect((await move(api, people.employee.token, item.id, { kind: 'issue', quantity: 2 })).item).toMatchObject({ qty: 1, lowStock: true });
      const listed = await api('GET', '/api/v1/inventory/items?lowStock=true&location=Depot%20A', { token: people.worker.token });
      expect(listed.body.items.map((i) => i.id)).toContain(item.id);

      expect((await move(api, people.employee.token, item.id, { kind: 'receive', quantity: 5 })).item).toMatchObject({ qty: 6, lowStock: false });
      const [restocked] = await auditEventually(api, superToken, 'inventory.item.restocked', item.id);
      expect(restocked.data).toEqual({ qty: 6, minQty: 3 });
      // events of one item are audited in order: once restocked is there, a second low_stock would be too
      expect(await auditOf(api, superToken, 'inventory.item.low_stock', item.id)).toHaveLength(1);
      await auditEventually(api, superToken, 'inventory.stock.issued', item.id, 3);
    });
  });

  describe('point in time', () => {
    it('should return the item as it was at asOf, and list every movement in its history', async () => {
      const beforeCreation = new Date(Date.now() - 1000).toISOString();
      const item = await createItem(api, people.manager.token, { sku: 'ROPE-10', name: 'Rope 10 m', location: 'Depot A' });
      const first = await move(api, people.employee.token, item.id, { kind: 'receive', quantity: 5 });
      await pause(50);
      const noted = new Date();
      await pause(50);
      const second = await move(api, people.employee.token, item.id, { kind: 'receive', quantity: 3 });
      expect(second.item).toMatchObject({ qty: 8 });

      const then = await api('GET', `/api/v1/inventory/items/${item.id}?asOf=${noted.toISOString()}`, { token: people.worker.token });
      expect(then.status).toBe(200);
      expect(then.body).toMatchObject({ id: item.id, qty: 5, version: first.item.version });
      expect(then.headers.get('etag')).toBe(`"${first.item.version}"`);
      const withOffset = new Date(noted.getTime() + 2 * 3600_000).toISOString().replace('Z', '+02:00');
      const sameThen = await api('GET', `/api/v1/inventory/items/${item.id}?asOf=${encodeURIComponent(withOffset)}`, { token: people.worker.token });
      expect(sameThen.body).toMatchObject({ qty: 5, version: first.item.version });
      expect(await getItem(api, people.worker.token, item.id)).toMatchObject({ qty: 8, version: second.item.version });
      expectProblem(await api('GET', `/api/v1/inventory/items/${item.id}?asOf=${beforeCreation}`, { token: people.worker.token }), 404, 'NOT_FOUND');

      const history = await ledger(api, people.worker.token, item.id);
      expect(history.map((m) => [m.kind, m.quantity, m.qtyAfter])).toEqual([
        ['receive', 3, 8],
        ['receive', 5, 5],
      ]);
      expect(history.map((m) => m.id)).toEqual([second.movement.id, first.movement.id]);
    });
  });

  describe('search', () => {
    let hose: ItemView;
    let cable: ItemView;

    beforeAll(async () => {
      hose = await createItem(api, people.manager.token, { sku: 'XK-4411', name: 'Hydraulic hose', description: 'Spare part for the excavator fleet', location: 'Depot S' });
      cable = await createItem(api, people.manager.token, { sku: 'CB-2000', name: 'Power cable', description: 'Yellow, 25 metres', location: 'Depot S' });
    });

    const search = async (q: string) =>
      (await api('GET', `/api/v1/inventory/items?q=${encodeURIComponent(q)}`, { token: people.worker.token })).body.items.map((i) => i.id);

    it('should find by words of the name and of the description', async () => {
      expect(await search('hydraulic')).toEqual([hose.id]);
      expect(await search('Hydraulic hose')).toEqual([hose.id]);
      expect(await search('excavator')).toEqual([hose.id]);
      expect(await search('yellow')).toEqual([cable.id]);
      expect(await search('tractor')).toEqual([]);
    });

    it('should find by SKU, whatever its case', async () => {
      expect(await search('XK-4411')).toEqual([hose.id]);
      expect(await search('cb-2000')).toEqual([cable.id]);
    });

    it('should combine q with the other filters', async () => {
      const elsewhere = await api('GET', '/api/v1/inventory/items?q=hydraulic&location=Depot%20A', { token: people.worker.token });
      expect(elsewhere.body.items).toEqual([]);
    });
  });

  describe('inventory of a user', () => {
    it('should list the items a user holds, ordered by name, to them and to managers only', async () => {
      const holder = await api('POST', '/api/v1/users', {
        token: superToken,
        body: { email: 'holder@example.com', password: PASSWORD, name: 'Holder', role: 'worker' },
      });
      const holderId = holder.body.id;
      const ladder = await createItem(api, people.manager.token, { name: 'Ladder', location: 'Depot U', userId: holderId });
      const grinder = await createItem(api, people.manager.token, { name: 'Angle grinder', location: 'Depot U', userId: holderId });
      const drum = await createItem(api, people.manager.token, { name: 'Cable drum', location: 'Depot V' });
      const assigned = await api('PATCH', `/api/v1/inventory/items/${drum.id}`, { token: people.manager.token, body: { userId: holderId } });
      expect(assigned.body.userId).toBe(holderId);
      await createItem(api, people.manager.token, { name: 'Bucket', location: 'Depot U', userId: people.worker.user.id });
      const broom = await createItem(api, people.manager.token, { name: 'Broom', location: 'Depot U', userId: holderId });
      expect((await api('DELETE', `/api/v1/inventory/items/${broom.id}`, { token: superToken })).status).toBe(204);

      const asManager = await api('GET', `/api/v1/users/${holderId}/inventory`, { token: people.manager.token });
      expect(asManager.status).toBe(200);
      expect(asManager.body.items.map((i) => i.id)).toEqual([grinder.id, drum.id, ladder.id]);
      const holderToken = await login(api, 'holder@example.com', PASSWORD);
      const asSelf = await api('GET', `/api/v1/users/${holderId}/inventory`, { token: holderToken });
      expect(asSelf.body.items.map((i) => i.name)).toEqual(['Angle grinder', 'Cable drum', 'Ladder']);
      expectProblem(await api('GET', `/api/v1/users/${holderId}/inventory`, { token: people.worker.token }), 403, 'FORBIDDEN');

      const [record] = await auditEventually(api, superToken, 'inventory.item.assigned', drum.id);
      expect(record.data).toEqual({ from: null, to: holderId });
    });

    it('should answer an empty list for a user who holds nothing', async () => {
      const empty = await api('GET', `/api/v1/users/${people.auditor.user.id}/inventory`, { token: people.auditor.token });
      expect(empty.status).toBe(200);
      expect(empty.body.items).toEqual([]);
    });
  });

  describe('reports', () => {
    it('should report low stock and stock by location from the live items', async () => {
      const low = await createItem(api, people.manager.token, { sku: 'RPT-LOW', name: 'Fuses', location: 'Depot R', qty: 2, minQty: 5, userId: people.worker.user.id });
      const fine = await createItem(api, people.manager.token, { sku: 'RPT-OK', name: 'Tape', location: 'Depot R', qty: 20, minQty: 1 });
      const gone = await createItem(api, people.manager.token, { sku: 'RPT-GONE', name: 'Old', location: 'Depot R', qty: 7, minQty: 9 });
      expect((await api('DELETE', `/api/v1/inventory/items/${gone.id}`, { token: superToken })).status).toBe(204);

      const lowReport = await api('GET', '/api/v1/inventory/reports/low-stock', { token: people.manager.token });
      expect(lowReport.status).toBe(200);
      expect(lowReport.body.items.find((r) => r.id === low.id)).toEqual({
        id: low.id,
        sku: 'RPT-LOW',
        name: 'Fuses',
        location: 'Depot R',
        qty: 2,
        minQty: 5,
        shortage: 3,
        userId: people.worker.user.id,
      });
      expect(lowReport.body.items.map((r) => r.id)).not.toContain(fine.id);
      expect(lowReport.body.items.map((r) => r.id)).not.toContain(gone.id);

      const byLocation = await api('GET', '/api/v1/inventory/reports/stock-by-location', { token: people.manager.token });
      expect(byLocation.status).toBe(200);
      expect(byLocation.body.items.find((r) => r.location === 'Depot R')).toEqual({ location: 'Depot R', items: 2, totalQty: 22, lowStockItems: 1 });

      await move(api, people.employee.token, low.id, { kind: 'receive', quantity: 10 });
      const after = await api('GET', '/api/v1/inventory/reports/stock-by-location', { token: people.manager.token });
      expect(after.body.items.find((r) => r.location === 'Depot R')).toEqual({ location: 'Depot R', items: 2, totalQty: 32, lowStockItems: 0 });
    });
  });
});
