// Two replicas of every backend service and two gateways behind a round-robin, under a mixed
// write load: every acknowledged write is stored once and in the audit log once.
import type { NatsConnection } from '@uehub/messaging';
import { NATS_CONNECTION } from '@uehub/service-host';
import { auditMatchesStores } from './support/acknowledged-writes';
import { apiClient, login, type Api } from './support/http-client';
import { getItem } from './support/inventory';
import { runMixedLoad } from './support/mixed-load';
import { createOnePerRole, PASSWORD } from './support/people';
import { startRoundRobinProxy, type RoundRobinProxy } from './support/round-robin-proxy';
import { BACKENDS, startSystem, type RunningSystem } from './support/system';

const LANES = 6;

describe('every service with two replicas, two gateways behind a round-robin', () => {
  let system: RunningSystem;
  let proxy: RoundRobinProxy;
  let api: Api;

  beforeAll(async () => {
    system = await startSystem('e2e_replicas', { replicas: 2, gateways: 2 });
    proxy = await startRoundRobinProxy(system.gatewayUrls);
    api = apiClient(proxy.url);
  });
  afterAll(async () => {
    await proxy?.close();
    await system?.stop();
  });

  it('should store every acknowledged write once and audit it once, with the work spread over the replicas', async () => {
    const superToken = await login(api, system.admin.email, system.admin.password);
    const people = await createOnePerRole(api, superToken, 'replicas');
    const workers: string[] = [];
    for (let lane = 0; lane < LANES; lane++) {
      const email = `worker${lane}.replicas@example.com`;
      expect((await api('POST', '/api/v1/users', { token: superToken, body: { email, password: PASSWORD, name: `Worker ${lane}`, role: 'worker' } })).status).toBe(201);
      workers.push(await login(api, email, PASSWORD));
    }
    const nats = (service: (typeof BACKENDS)[number]) => system.replicas(service).map((app) => app.get<NatsConnection>(NATS_CONNECTION).stats().inMsgs);
    const before = Object.fromEntries(BACKENDS.map((service) => [service, nats(service)]));

    const outcome = await runMixedLoad(api, { manager: people.manager.token, employee: people.employee.token, admin: people.admin.token, workers }, { iterations: 30 });

    expect(Object.keys(outcome.statuses).filter((status) => Number(status) >= 500)).toEqual([]);
    expect(outcome.movements.length).toBeGreaterThan(40);
    for (const [itemId, qty] of outcome.items) expect({ itemId, qty: (await getItem(api, superToken, itemId)).qty }).toEqual({ itemId, qty });
    const audit = await auditMatchesStores(system.databaseUrl);
    expect(outcome.movements.filter((id) => !audit.stored.has(id))).toEqual([]);
    expect({ missing: audit.missing, duplicated: audit.duplicated, unknown: audit.unknown }).toEqual({ missing: [], duplicated: [], unknown: [] });

    // both gateways answered, and both replicas of every service received messages during the load
    expect(proxy.counts.every((count) => count > 20)).toBe(true);
    for (const service of BACKENDS) {
      const received = nats(service).map((count, replica) => count - before[service][replica]);
      expect({ service, spread: received.every((count) => count > 0) }).toEqual({ service, spread: true });
    }
    console.log(
      `replicas: ${outcome.movements.length} movements, ${outcome.items.size} items, ${outcome.users.length} users, ${outcome.punches.length} punches acknowledged; ` +
        `${audit.stored.size} events, missing ${audit.missing.length}, duplicated ${audit.duplicated.length}; retries ${outcome.retries}; statuses ${JSON.stringify(outcome.statuses)}; gateways ${proxy.counts.join('/')}`,
    );
  }, 180_000);
});
