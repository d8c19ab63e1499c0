// The rebuild check's read of the user events waits for a JetStream cluster to get its quorum back
// (issue 13: after a NATS node was killed in the fault run, the check's stream read timed out).
import { connectNats, ensureEventStream, inboxPrefixOf, type NatsConnection } from '@uehub/messaging';
import { publishUserEvent, startRestrictedNatsCluster, testSubjectPrefix, userSnapshot, type RestrictedNatsCluster } from '@uehub/testing';
import { v7 as uuidv7 } from 'uuid';
import { readUserEvents } from './user-replica.check';

describe('the user-event read of a rebuild check on a three-node JetStream cluster', () => {
  const prefix = testSubjectPrefix('replica_cluster');
  let cluster: RestrictedNatsCluster;
  let auth: NatsConnection;
  let inventory: NatsConnection;

  beforeAll(async () => {
    cluster = await startRestrictedNatsCluster(prefix);
    const connect = (as: 'auth' | 'inventory') => connectNats(cluster.url, `test-as-${as}`, { auth: cluster.auth(as), inboxPrefix: inboxPrefixOf(prefix, as) });
    [auth, inventory] = [await connect('auth'), await connect('inventory')];
    await ensureEventStream(auth, prefix, { replicas: 3 });
  }, 60_000);
  afterAll(async () => {
    await auth?.close();
    await inventory?.close();
    await cluster?.stop();
  });

  it('should wait while the stream has no quorum (two nodes of three down) and read every event once they are back', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const userId = uuidv7();
      ids.push((await publishUserEvent(auth, prefix, 'auth.user.created', userId, 1, userSnapshot(userId))).id);
    }
    cluster.kill('n2');
    cluster.kill('n3');
    const read = readUserEvents(inventory, prefix, { withinMs: 40_000, attemptMs: 5000 });
    await new Promise((resolve) => setTimeout(resolve, 3000)); // tries fail meanwhile: no stream leader, no meta leader
    await cluster.restart('n2');
    await cluster.restart('n3');
    expect((await read).map((event) => event.id)).toEqual(ids);
  }, 60_000);
});
