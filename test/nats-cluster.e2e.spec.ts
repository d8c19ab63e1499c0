// The whole system on a three-node JetStream cluster (event stream with 3 replicas), two
// replicas of every service and two gateways; the stream's leader node is killed mid-load.
import { jetstreamManager } from '@nats-io/jetstream';
import { eventStreamName } from '@uehub/contracts';
import { expectAcknowledgedWritesKept } from './support/acknowledged-writes';
import { apiClient, login, type Api } from './support/http-client';
import { createLoadActors, runMixedLoad } from './support/mixed-load';
import { startRoundRobinProxy, type RoundRobinProxy } from './support/round-robin-proxy';
import { startSystem, type RunningSystem } from './support/system';

const ITERATIONS = 30;
const LANES = 6;

describe('the system on a three-node NATS cluster', () => {
  let system: RunningSystem;
  let proxy: RoundRobinProxy;
  let api: Api;

  beforeAll(async () => {
    system = await startSystem('e2e_cluster', { natsCluster: true, replicas: 2, gateways: 2 });
    proxy = await startRoundRobinProxy(system.gatewayUrls);
    api = apiClient(proxy.url);
  }, 120_000);
  afterAll(async () => {
    await proxy?.close();
    await system?.stop();
  });

  const streamInfo = async () => {
    const nc = await system.connectNats('audit');
    try {
      return await (await jetstreamManager(nc)).streams.info(eventStreamName(system.prefix));
    } finally {
      await nc.drain();
    }
  };

  it('should keep every acknowledged write when the stream leader is killed mid-load', async () => {
    const before = await streamInfo();
    expect(before.config.num_replicas).toBe(3);
    expect(before.cluster?.replicas?.map((peer) => peer.current)).toEqual([true, true]);
    const leader = before.cluster!.leader!;
    const superToken = await login(api, system.admin.email, system.admin.password);
    const actors = await createLoadActors(api, superToken, 'cluster', LANES);

    let killedAt = 0;
    const outcome = await runMixedLoad(api, actors, {
      iterations: ITERATIONS,
      onProgress: (done) => {
        if (done === Math.floor((ITERATIONS * LANES) / 3)) {
          killedAt = Date.now();
          system.natsCluster!.kill(leader);
        }
      },
    });
    const loadAfterKillMs = Date.now() - killedAt;

    expect(killedAt).toBeGreaterThan(0);
    // acks in flight to the killed leader are lost: those events come again after the consumer's ack wait (30 s)
    const summary = await expectAcknowledgedWritesKept(api, superToken, system.databaseUrl, outcome, 90_000);
    const after = await streamInfo();
    expect(after.cluster?.leader).not.toBe(leader);
    // logins count in the rate-limit bucket, replicated like the stream
    await login(api, system.admin.email, system.admin.password);
    console.log(`nats cluster: killed ${leader} (the stream leader) after a third of the load; ${summary}; rest of the load ${loadAfterKillMs} ms; new leader ${after.cluster?.leader}`);
  }, 240_000);
});
