import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { connectNats, inboxPrefixOf, renderNatsClusterConfigs, type NatsClusterNode } from '@uehub/messaging';
import { freePort, listening, stopChild } from './local-server';
import { natsServerEnv, randomNatsPasswords, violationsIn, type RestrictedNatsServer } from './nats-test-server';

/** A JetStream cluster of a test's own: `url` names every node, as clients are given it. */
export interface RestrictedNatsCluster extends RestrictedNatsServer {
  /** Each node's client URL, by node name (`n1`, `n2`, ...). */
  nodes: Record<string, string>;
  /** Kills a node at once (SIGKILL), as a crash would. */
  kill(node: string): void;
  /** Starts a killed node again (same configuration and store) and waits until it listens. */
  restart(node: string): Promise<void>;
}

/**
 * Starts `size` nats-server processes on loopback ports, each with the repository's restricted
 * configuration for `prefix` and routes to the others (`renderNatsClusterConfigs`), and waits
 * until the cluster has elected its JetStream meta leader.
 */
export async function startRestrictedNatsCluster(prefix: string, size = 3): Promise<RestrictedNatsCluster> {
  const dir = await mkdtemp(path.join(tmpdir(), 'uehub-nats-cluster-'));
  const passwords = randomNatsPasswords();
  const nodes: Array<NatsClusterNode & { port: number }> = [];
  for (let i = 1; i <= size; i++) {
    const [port, clusterPort] = [await freePort(), await freePort()];
    const cluster = `127.0.0.1:${clusterPort}`;
    nodes.push({ name: `n${i}`, port, listen: `127.0.0.1:${port}`, clusterListen: cluster, routeAddress: cluster, storeDir: path.join(dir, `n${i}`) });
  }
  const configs = renderNatsClusterConfigs({ prefix, clusterName: `uehub-test`, nodes });
  const children = new Map<string, ChildProcess>();
  const logs = nodes.map((node) => path.join(dir, `${node.name}.log`));
  const stopAll = async () => {
    for (const child of children.values()) await stopChild(child);
    await rm(dir, { recursive: true, force: true });
  };
  const spawnNode = (index: number) => {
    const node = nodes[index];
    const child = spawn('nats-server', ['-c', path.join(dir, `${node.name}.conf`), '-l', logs[index]], { env: natsServerEnv(passwords), stdio: 'ignore' });
    children.set(node.name, child);
    return child;
  };
  try {
    for (const [index, node] of nodes.entries()) {
      await writeFile(path.join(dir, `${node.name}.conf`), configs[node.name]);
      spawnNode(index);
    }
    for (const node of nodes) await listening(children.get(node.name)!, node.port, `nats-server ${node.name}`);
    await jetStreamReady(nodes.map((node) => `nats://${node.listen}`).join(','), prefix, passwords.audit);
  } catch (error) {
    await stopAll();
    throw error;
  }
  return {
    url: nodes.map((node) => `nats://${node.listen}`).join(','),
    nodes: Object.fromEntries(nodes.map((node) => [node.name, `nats://${node.listen}`])),
    auth: (p) => ({ user: p, password: passwords[p] }),
    violations: () => violationsIn(logs),
    kill(node) {
      const child = children.get(node);
      if (child?.pid && child.exitCode === null) process.kill(child.pid, 'SIGKILL');
    },
    async restart(node) {
      const index = nodes.findIndex((n) => n.name === node);
      const old = children.get(node);
      if (old && old.exitCode === null && old.signalCode === null) await stopChild(old);
      await listening(spawnNode(index), nodes[index].port, `nats-server ${node}`);
    },
    stop: stopAll,
  };
}

/** Polls `$JS.API.INFO` until the cluster answers it (its meta leader is elected), at most 20 s. */
async function jetStreamReady(servers: string, prefix: string, password: string): Promise<void> {
  const nc = await connectNats(servers, 'test-cluster-probe', { auth: { user: 'audit', password }, inboxPrefix: inboxPrefixOf(prefix, 'audit') });
  try {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const answer = await nc.request('$JS.API.INFO', undefined, { timeout: 1000 }).then((msg) => msg.json<{ error?: unknown }>(), () => ({ error: 'no answer' }));
      if (!answer.error) return;
      if (Date.now() > deadline) throw new Error(`the NATS cluster elected no JetStream leader within 20 s: ${JSON.stringify(answer.error)}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  } finally {
    await nc.close();
  }
}
