// The whole system on a three-node JetStream cluster (event stream with 3 replicas), two
// replicas of every service and two gateways; the node leading the audit's consumer is killed
// mid-load (pull requests live on the consumer's leader: the audit's replicas must pull again
// from the new one, and what the dead node had delivered must come again within the ack wait);
// then the node holding a gateway's revocation feed (an ordered consumer: one replica, on one node).
import { randomUUID } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import { EVENT_CONSUMERS, eventStreamName } from '@uehub/contracts';
import { eventually } from '@uehub/testing';
import { RevocationFeed } from '../apps/gateway/src/revocation/revocation-feed';
import { expectAcknowledgedWritesKept } from './support/acknowledged-writes';
import { apiClient, login, type Api } from './support/http-client';
import { createLoadActors, runMixedLoad } from './support/mixed-load';
import { createPerson } from './support/people';
import { refusedEverywhere } from './support/revocation-probe';
import { startRoundRobinProxy, type RoundRobinProxy } from './support/round-robin-proxy';
import { startSystem, type RunningSystem } from './support/system';

const ITERATIONS = 30;
const LANES = 6;
/** Every event is in the audit log this long after the kill (or after the load, if it ends later). */
const AUDITED_WITHIN_MS = 20_000;
const AUDIT_DURABLE = EVENT_CONSUMERS.audit[0];
/** A deactivated user's token is refused by every gateway this long after the deactivation, even just after a node kill. */
const REVOKED_WITHIN_MS = 5000;

describe('the system on a three-node NATS cluster', () => {
  let system: RunningSystem;
  let proxy: RoundRobinProxy;
  let api: Api;
  /** The node a test killed and left down (one of three at most: the stream keeps its quorum). */
  let down: string | undefined;

  beforeAll(async () => {
    system = await startSystem('e2e_cluster', { natsCluster: true, replicas: 2, gateways: 2 });
    proxy = await startRoundRobinProxy(system.gatewayUrls);
    api = apiClient(proxy.url);
  }, 120_000);
  afterAll(async () => {
    await proxy?.close();
    await system?.stop();
  });

  /** The event stream's info, asked with a short timeout (none answers while a leader is elected). */
  const streamInfo = async () => {
    const nc = await system.connectNats('audit');
    try {
      return await (await jetstreamManager(nc, { timeout: 1000 })).streams.info(eventStreamName(system.prefix));
    } finally {
      await nc.close();
    }
  };

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
          down = leader;
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

  /** The node each gateway's revocation feed reads from: its ordered consumer has one replica, on that node. */
  const feedNodes = async () => {
    const nc = await system.connectNats('gateway');
    try {
      const jsm = await jetstreamManager(nc);
      return await Promise.all(
        system.gatewayUrls.map(async (_, index) => {
          const name = await system.gateway(index).get(RevocationFeed).consumerName();
          const info = await jsm.consumers.info(eventStreamName(system.prefix), name!);
          expect(info.config.num_replicas).toBe(1);
          return info.cluster!.leader!;
        }),
      );
    } finally {
      await nc.drain();
    }
  };

  it("should refuse a deactivated user's token at every gateway within 5 s when the node holding a gateway's revocation feed was just killed", async () => {
    if (down) await system.natsCluster!.restart(down);
    await eventually(
      async () => ((await streamInfo()).cluster?.replicas?.every((peer) => peer.current && !peer.offline) ? true : undefined),
      30_000,
      'every stream replica current again',
    );
    down = undefined;
    const apis = system.gatewayUrls.map(apiClient);
    const superToken = await login(api, system.admin.email, system.admin.password);
    const person = await createPerson(api, superToken, 'feed-node');
    for (const gateway of apis) expect((await gateway('GET', '/api/v1/me', { token: person.token })).status).toBe(200);
    const nodes = await feedNodes();
    const streamLeader = (await streamInfo()).cluster?.leader;

    system.natsCluster!.kill(nodes[0]);
    down = nodes[0];
    const killedAt = Date.now();
    // nothing is stored while the stream elects a leader (when the node led it): the change is made after
    const newLeader = await eventually(async () => {
      const leader = (await streamInfo()).cluster?.leader;
      return leader && leader !== down ? leader : undefined;
    }, 20_000, 'a stream leader on a live node');
    const leaderAt = Date.now();
    // tried again with the same key while the cluster answers 503 (the stream's or auth's node may be the one killed)
    const key = randomUUID();
    const deactivate = () => apis[1]('POST', `/api/v1/users/${person.user.id}/deactivate`, { token: superToken, headers: { 'idempotency-key': key } });
    const off = await eventually(
      async () => {
        const answer = await deactivate();
        return answer.status === 503 ? undefined : answer;
      },
      20_000,
      'a definite answer to the deactivation',
    );
    expect(off.status).toBe(200);
    const deactivatedAt = Date.now();
    const tookMs = await refusedEverywhere(apis, '/api/v1/me', person.token, (status) => status === 401, deactivatedAt, REVOKED_WITHIN_MS);
    console.log(
      `nats cluster: killed ${nodes[0]} (holding the revocation feeds of gateways ${JSON.stringify(nodes)}; stream leader ${streamLeader}, then ${newLeader} ` +
        `${leaderAt - killedAt} ms after the kill); deactivation answered ${deactivatedAt - killedAt} ms after the kill, token refused by the gateways ` +
        `${JSON.stringify(tookMs)} ms after that (${JSON.stringify(tookMs.map((ms) => ms + deactivatedAt - killedAt))} ms after the kill); feeds now on ${JSON.stringify(await feedNodes())}`,
    );
  }, 120_000);
});
