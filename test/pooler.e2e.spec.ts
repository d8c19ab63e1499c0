// The whole system as on Neon: every service queries through a transaction-mode PgBouncer
// (pooled URL) and migrates and LISTENs straight to PostgreSQL (direct URL).
import { MikroORM } from '@mikro-orm/postgresql';
import type { Role } from '@uehub/contracts';
import { eventually } from '@uehub/testing';
import { apiClient, login, type Api } from './support/http-client';
import { auditEventually, createItem, getItem, move } from './support/inventory';
import { createOnePerRole, type Person } from './support/people';
import { BACKENDS, startSystem, type RunningSystem } from './support/system';
import { punchOk } from './support/timeclock';

// what SHOW prints for the settings libs/database requires (60s reads back as 1min)
const SETTINGS = { statement_timeout: '30s', idle_in_transaction_session_timeout: '1min', jit: 'off' };

describe('the whole system behind PgBouncer in transaction mode', () => {
  let system: RunningSystem;
  let api: Api;
  let superToken: string;
  let people: Record<Role, Person>;

  beforeAll(async () => {
    system = await startSystem('e2e_pooler', { pgbouncer: true });
    api = apiClient(system.baseUrl);
    superToken = await login(api, system.admin.email, system.admin.password);
    people = await createOnePerRole(api, superToken, 'pooler');
  });
  afterAll(() => system?.stop());

  it('should give every service a pooled URL other than the direct one', () => {
    expect(new URL(system.pooledDatabaseUrl).port).not.toBe(new URL(system.databaseUrl).port);
    for (const service of BACKENDS) {
      expect(system.serviceConfig(service).database).toMatchObject({ pooledUrl: system.pooledDatabaseUrl, directUrl: system.databaseUrl });
    }
  });

  it.each(BACKENDS)('should keep the session settings in force in a transaction of %s through the pooler', async (service) => {
    const orm = system.service(service).get(MikroORM);
    expect(orm.config.get('port')).toBe(Number(new URL(system.pooledDatabaseUrl).port));
    // several transactions at once, so they run on several of the pooler's server connections
    const seen = await Promise.all(
      Array.from({ length: 4 }, () =>
        orm.em.fork().transactional(async (em) => {
          const settings: Record<string, unknown> = {};
          for (const name of Object.keys(SETTINGS)) settings[name] = (await em.execute<Record<string, unknown>[]>(`show ${name}`))[0][name];
          return settings;
        }),
      ),
    );
    for (const settings of seen) expect(settings).toEqual(SETTINGS);
  });

  it('should move stock, replay an idempotent request once, clock in, and audit each write once', async () => {
    const manager = people.manager;
    const item = await createItem(api, manager.token, { qty: 5 });
    await move(api, manager.token, item.id, { kind: 'receive', quantity: 7 });
    const issue = () =>
      api('POST', `/api/v1/inventory/items/${item.id}/movements`, {
        token: people.employee.token,
        body: { kind: 'issue', quantity: 3 },
        headers: { 'idempotency-key': 'pooler-issue' },
      });
    const [first, again] = [await issue(), await issue()];
    expect([first.status, again.status, again.headers.get('idempotent-replayed')]).toEqual([201, 201, 'true']);
    expect((await getItem(api, superToken, item.id)).qty).toBe(9);
    const shift = await punchOk(api, people.worker.token, 'clock-in', { location: 'Depot' });

    expect(await auditEventually(api, superToken, 'inventory.stock.received', item.id, 2)).toHaveLength(2);
    expect(await auditEventually(api, superToken, 'inventory.stock.issued', item.id, 1)).toHaveLength(1);
    expect(await auditEventually(api, superToken, 'timeclock.shift.started', shift.id, 1)).toHaveLength(1);
    const logins = await eventually(async () => {
      const page = await api('GET', `/api/v1/audit/events?type=auth.session.login_succeeded&actorId=${people.worker.user.id}`, { token: superToken });
      return page.body.items.length > 0 ? page.body.items : undefined;
    }, 15_000, 'the worker\'s login in the audit log');
    expect(logins).toHaveLength(1);
  });
});
