import { MikroORM } from '@mikro-orm/postgresql';
import type { UserView } from '@uehub/contracts';
import { OutboxRelay, storeTables } from '@uehub/event-store';
import { drainNats } from '@uehub/messaging';
import { eventually, TcpProxy } from '@uehub/testing';
import { apiClient, login, type Api } from './support/http-client';
import { PASSWORD } from './support/people';
import { startSystem, type RunningSystem } from './support/system';

describe("guarantee (a) end to end: auth's relay cut off from NATS", () => {
  let system: RunningSystem;
  let api: Api;
  let token: string;

  beforeAll(async () => {
    system = await startSystem('e2e_outage');
    api = apiClient(system.baseUrl);
    token = await login(api, system.admin.email, system.admin.password);
  });
  afterAll(() => system.stop());

  const createdRecords = async (userId: string) =>
    (await api('GET', `/api/v1/audit/events?type=auth.user.created&entityId=${userId}`, { token })).body.items;

  it('should publish what was committed during the outage once NATS is back, each event once in the audit log', async () => {
    const auth = system.service('auth');
    const orm = auth.get<MikroORM>(MikroORM);
    await auth.get(OutboxRelay).stop(); // auth's own relay steps aside for one behind a cuttable link
    const nats = new URL(system.natsUrl);
    const proxy = new TcpProxy(nats.hostname, Number(nats.port || 4222));
    const nc = await system.connectNats('auth', `nats://127.0.0.1:${await proxy.open()}`);
    const relay = new OutboxRelay({ orm, nc, tables: storeTables('auth'), pollIntervalMs: 100, publishTimeoutMs: 500 });
    await relay.start();
    try {
      await proxy.cut();
      const users: UserView[] = [];
      for (let i = 0; i < 5; i++) {
        const created = await api('POST', '/api/v1/users', {
          token,
          body: { email: `outage${i}@example.com`, password: PASSWORD, name: `Outage ${i}`, role: 'worker' },
        });
        expect(created.status).toBe(201); // commands still commit: the outbox holds the events
        users.push(created.body);
      }
      await new Promise((resolve) => setTimeout(resolve, 1500));
      for (const user of users) expect(await createdRecords(user.id)).toEqual([]);
      const [pending] = await orm.em.fork().execute<{ n: number }[]>('select count(*)::int as n from auth.auth_outbox where published_at is null');
      expect(pending.n).toBeGreaterThanOrEqual(5);

      await proxy.open();
      for (const user of users) {
        await eventually(async () => ((await createdRecords(user.id)).length > 0 ? true : undefined), 20_000, 'the audit record after the outage');
      }
      await new Promise((resolve) => setTimeout(resolve, 1000)); // room for any duplicate to arrive
      for (const user of users) expect(await createdRecords(user.id)).toHaveLength(1);
    } finally {
      await relay.stop();
      await drainNats(nc);
      await proxy.cut();
    }
  });
});
