// Two replicas of every backend service and two gateways behind a round-robin, under a mixed
// write load: every acknowledged write is stored once and in the audit log once.
import type { NatsConnection } from '@uehub/messaging';
import { NATS_CONNECTION } from '@uehub/service-host';
import { expectAcknowledgedWritesKept } from './support/acknowledged-writes';
import { apiClient, login, type Api } from './support/http-client';
import { createLoadActors, runMixedLoad } from './support/mixed-load';
import { startRoundRobinProxy, type RoundRobinProxy } from './support/round-robin-proxy';
import { BACKENDS, startSystem, type BackendName, type RunningSystem } from './support/system';

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
    const actors = await createLoadActors(api, superToken, 'replicas', 6);
    const received = (service: BackendName) => system.replicas(service).map((app) => app.get<NatsConnection>(NATS_CONNECTION).stats().inMsgs);
    const before = Object.fromEntries(BACKENDS.map((service) => [service, received(service)]));

    const outcome = await runMixedLoad(api, actors, { iterations: 30 });

    expect(outcome.movements.length).toBeGreaterThan(40);
    const summary = await expectAcknowledgedWritesKept(api, superToken, system.databaseUrl, outcome);
    // both gateways answered, and both replicas of every service received messages during the load
    expect(proxy.counts.every((count) => count > 20)).toBe(true);
    for (const service of BACKENDS) {
      const during = received(service).map((count, replica) => count - before[service][replica]);
      expect({ service, spread: during.every((count) => count > 0) }).toEqual({ service, spread: true });
    }
    console.log(`replicas: ${summary}; gateways ${proxy.counts.join('/')}`);
  }, 180_000);
});
