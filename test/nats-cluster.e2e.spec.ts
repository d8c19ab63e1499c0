// The whole system on a three-node JetStream cluster (event stream with 3 replicas), two
// replicas of every service and two gateways; the node leading the audit's consumer is killed
// mid-load (pull requests live on the consumer's leader: the audit's replicas must pull again
// from the new one, and what the dead node had delivered must come again within the ack wait).
import { jetstreamManager } from '@nats-io/jetstream';
import { EVENT_CONSUMERS, eventStreamName } from '@uehub/contracts';
import { expectAcknowledgedWritesKept } from './support/acknowledged-writes';
import { apiClient, login, type Api } from './support/http-client';
import { createLoadActors, runMixedLoad } from './support/mixed-load';
import { startRoundRobinProxy, type RoundRobinProxy } from './support/round-robin-proxy';
import { startSystem, type RunningSystem } from './support/system';

const ITERATIONS = 30;
const LANES = 6;
/** Every event is in the audit log this long after the kill (or after the load, if it ends later). */
const AUDITED_WITHIN_MS = 20_000;
const AUDIT_DURABLE = EVENT_CONSUMERS.audit[0];

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

  const clusterInfo = async () => {
    const nc = await system.connectNats('audit');
    try {
      const jsm = await jetstreamManager(nc);
      const stream = await jsm.streams.info(eventStreamName(system.prefix));
      return { stream, audit: await jsm.consumers.info(eventStreamName(system.prefix), AUDIT_DURABLE) };
    } finally {
      await nc.drain();
    }
  };

  it('should keep every acknowledged write and audit every event within 20 s when the audit consumer\'s leader node is killed mid-load', async () => {
    const before = await clusterInfo();
    expect(before.stream.config.num_replicas).toBe(3);
    expect(before.stream.cluster?.replicas?.map((peer) => peer.current)).toEqual([true, true]);
    expect(before.audit.cluster?.replicas?.length).toBe(2);
    const leader = before.audit.cluster!.leader!;
    const ledStream = before.stream.cluster!.leader === leader;
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
    const auditedBy = Math.max(killedAt + AUDITED_WITHIN_MS, Date.now() + 5000);
    const summary = await expectAcknowledgedWritesKept(api, superToken, system.databaseUrl, outcome, Math.max(0, auditedBy - Date.now()));
    const auditedAfterKillMs = Date.now() - killedAt;
    const after = await clusterInfo();
    expect(after.audit.cluster?.leader).not.toBe(leader);
    // logins count in the rate-limit bucket, replicated like the stream
    await login(api, system.admin.email, system.admin.password);
    console.log(
      `nats cluster: killed ${leader} (leading the audit consumer${ledStream ? ' and the stream' : ''}) after a third of the load; ${summary}; ` +
        `rest of the load ${loadAfterKillMs} ms, all checked ${auditedAfterKillMs} ms after the kill; new leaders: audit consumer ${after.audit.cluster?.leader}, stream ${after.stream.cluster?.leader}`,
    );
  }, 240_000);
});
