import type { Role } from '@uehub/contracts';
import { Client } from 'pg';
import { spawnService, type ChildService } from './support/child-service';
import { apiClient, login, type Api } from './support/http-client';
import { createItem, expectProblem, getItem, ledger, postMovement } from './support/inventory';
import { createOnePerRole, type Person } from './support/people';
import { startSystem, type RunningSystem } from './support/system';

const RPC_TIMEOUT_MS = 3_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Inventory runs as a child process here, so it can really be paused (SIGSTOP) and resumed.
describe('a service paused past the gateway deadline', () => {
  let system: RunningSystem;
  let inventory: ChildService;
  let api: Api;
  let people: Record<Role, Person>;
  let db: Client;

  beforeAll(async () => {
    system = await startSystem('e2e_deadline', { inventoryInProcess: false, rpcTimeoutMs: RPC_TIMEOUT_MS });
    inventory = await spawnService('inventory', system.serviceEnv('inventory'));
    api = apiClient(system.baseUrl);
    people = await createOnePerRole(api, await login(api, system.admin.email, system.admin.password), 'deadline');
    db = new Client({ connectionString: system.databaseUrl });
    await db.connect();
  }, 120_000);
  afterAll(async () => {
    await db?.end();
    await inventory?.stop();
    await system?.stop();
  });

  const stockEvents = async (itemId: string) =>
    (await db.query(`select event_type from inventory.inventory_events where stream_id = $1 order by stream_version`, [itemId])).rows.map((r) => r.event_type);

  it('should answer 503 SERVICE_TIMEOUT (no Retry-After), and never apply the command after the service resumes', async () => {
    const item = await createItem(api, people.manager.token, { qty: 10 });
    inventory.pause();
    let resumed = false;
    try {
      const started = Date.now();
      const response = await postMovement(api, people.employee.token, item.id, { kind: 'issue', quantity: 4 });
      const waitedMs = Date.now() - started;
      expectProblem(response, 503, 'SERVICE_TIMEOUT');
      expect(response.headers.get('retry-after')).toBeNull(); // it may have been applied: no blind retry
      expect(waitedMs).toBeGreaterThanOrEqual(RPC_TIMEOUT_MS - 50);
      await sleep(500); // well past the deadline the request carried
      inventory.resume();
      resumed = true;
      await sleep(1_500); // the resumed service reads the request it was sent
    } finally {
      if (!resumed) inventory.resume();
    }
    expect((await getItem(api, people.manager.token, item.id)).qty).toBe(10);
    expect((await ledger(api, people.manager.token, item.id)).map((m) => m.kind)).toEqual(['receive']);
    expect(await stockEvents(item.id)).toEqual(['inventory.item.created', 'inventory.stock.received']);
  });

  it('should answer 503 SERVICE_UNAVAILABLE with Retry-After when no service is there to answer', async () => {
    const item = await createItem(api, people.manager.token, { qty: 3 });
    await inventory.stop();
    const response = await postMovement(api, people.employee.token, item.id, { kind: 'issue', quantity: 1 });
    expectProblem(response, 503, 'SERVICE_UNAVAILABLE');
    expect(response.headers.get('retry-after')).toBe('1');
    expect(await stockEvents(item.id)).toEqual(['inventory.item.created', 'inventory.stock.received']);
  });
});
