import type { AuditItem, OutOfBandChange, ServiceHealth } from '@uehub/contracts';
import { eventually } from '@uehub/testing';
import { Client } from 'pg';
import { apiClient, login, type Api } from './support/http-client';
import { createItem, move } from './support/inventory';
import { PASSWORD } from './support/people';
import { startSystem, type RunningSystem } from './support/system';

type OutOfBandRecord = AuditItem & { data: OutOfBandChange };

describe('out-of-band changes: a row changed behind a service is in the audit log', () => {
  let system: RunningSystem;
  let api: Api;
  let token: string;

  beforeAll(async () => {
    // every service migrates as its owner role and runs as a runtime role of its own
    system = await startSystem('e2e_oob', { leastPrivilege: true });
    api = apiClient(system.baseUrl);
    token = await login(api, system.admin.email, system.admin.password);
  });
  afterAll(() => system.stop());

  /** A DBA's statement on a plain connection (no service, no `uehub.writer`). */
  async function asDba<R extends object = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<R[]> {
    const db = new Client({ connectionString: system.databaseUrl });
    await db.connect();
    try {
      return (await db.query<R>(sql, params)).rows;
    } finally {
      await db.end();
    }
  }

  const outOfBand = async (service: string, entityId?: string): Promise<OutOfBandRecord[]> => {
    const page = await api('GET', `/api/v1/audit/events?type=${service}.db.out_of_band_change`, { token });
    expect(page.status).toBe(200);
    // the document leaves an event's data open (any JSON): this event's shape is the contract's
    const records = page.body.items.map((item): OutOfBandRecord => ({ ...item, data: item.data as OutOfBandChange }));
    return records.filter((item) => entityId === undefined || item.data.before?.id === entityId);
  };

  const drift = async (service: string): Promise<ServiceHealth['drift']> => {
    const health = await api('GET', '/health/ready');
    return health.body.services.find((s) => s.service === service)?.drift;
  };

  it('should run each service as its runtime role, owning nothing', async () => {
    await createItem(api, token);
    const runtime = system.runtimeRole('inventory');
    expect(runtime).toEqual(expect.stringMatching(/_app$/));
    const owners = await asDba<{ owner: string }>(`select distinct tableowner as owner from pg_tables where schemaname = 'inventory'`);
    expect(owners.map((o) => o.owner)).toEqual([expect.stringMatching(/^uehub_t_inventory_.*_owner$/)]);
    const sessions = await asDba<{ usename: string }>(
      `select distinct usename from pg_stat_activity where datname = current_database() and application_name like 'uehub-inventory%'`,
    );
    expect(sessions.map((s) => s.usename)).toContain(runtime);
  });

  it('should record nothing for the service own commands', async () => {
    const item = await createItem(api, token, { qty: 5 });
    await move(api, token, item.id, { kind: 'receive', quantity: 3 });
    // the movement reached audit, and no out-of-band change came with it or before it
    await eventually(async () => {
      const page = await api('GET', `/api/v1/audit/events?type=inventory.stock.received&entityId=${item.id}`, { token });
      return page.body.items[0];
    }, 15_000, 'the movement in the audit log');
    expect(await outOfBand('inventory')).toEqual([]);
    expect(await outOfBand('auth')).toEqual([]);
    expect(await drift('inventory')).toEqual({ outOfBandChanges: 0 });
  });

  it("should audit a DBA's UPDATE of inventory_items with the row before and after, and show the drift in health", async () => {
    const item = await createItem(api, token, { qty: 7 });
    const started = Date.now();
    await asDba('update inventory.inventory_items set qty = 999 where id = $1', [item.id]);
    const [record] = await eventually(async () => {
      const found = await outOfBand('inventory', item.id);
      return found.length > 0 ? found : undefined;
    }, 10_000, 'the out-of-band change in the audit log');
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(record).toMatchObject({
      type: 'inventory.db.out_of_band_change',
      service: 'inventory',
      entityType: 'db',
      actorId: 'db:postgres',
      changes: { qty: { from: 7, to: 999 } },
      data: { table: 'inventory.inventory_items', operation: 'UPDATE', currentUser: 'postgres', sessionUser: 'postgres' },
    });
    expect(record.data.before).toMatchObject({ id: item.id, qty: 7 });
    expect(record.data.after).toMatchObject({ id: item.id, qty: 999 });
    expect(await drift('inventory')).toEqual({ outOfBandChanges: 1 });
  });

  it("should audit a DBA's UPDATE of auth_user the same way", async () => {
    const created = await api('POST', '/api/v1/users', {
      token,
      body: { email: 'oob.user@example.com', password: PASSWORD, name: 'Before DBA', role: 'worker' },
    });
    expect(created.status).toBe(201);
    await asDba(`update auth.auth_user set name = 'After DBA' where id = $1`, [created.body.id]);
    const [record] = await eventually(async () => {
      const found = await outOfBand('auth', created.body.id);
      return found.length > 0 ? found : undefined;
    }, 10_000, 'the auth out-of-band change in the audit log');
    expect(record).toMatchObject({
      type: 'auth.db.out_of_band_change',
      service: 'auth',
      changes: { name: { from: 'Before DBA', to: 'After DBA' } },
      data: { table: 'auth.auth_user', operation: 'UPDATE', before: { name: 'Before DBA' }, after: { name: 'After DBA' } },
    });
    expect(JSON.stringify(record)).not.toMatch(/password_hash|scrypt/i);
    expect(await drift('auth')).toEqual({ outOfBandChanges: 1 });
  });
});
