import { jetstream } from '@nats-io/jetstream';
import { eventSubject } from '@uehub/contracts';
import { connectNats, deleteEventStream, drainNats, ensureEventStream, type NatsConnection } from '@uehub/messaging';
import { eventually, testServers, testSubjectPrefix } from '@uehub/testing';
import { RevocationFeed } from './revocation-feed';
import { RevocationList } from './revocation-list';

const USER = '0190aaaa-0000-7000-8000-000000000001';
const OTHER = '0190aaaa-0000-7000-8000-000000000002';

function envelope(type: string, userId: string, version: number) {
  return { id: crypto.randomUUID(), type, schemaVersion: 1, stream: { type: 'user', id: userId, version }, occurredAt: new Date().toISOString(), data: {} };
}

describe('RevocationFeed (NATS JetStream)', () => {
  const prefix = testSubjectPrefix('gw_revocation_feed');
  let nc: NatsConnection;
  const feeds: RevocationFeed[] = [];

  beforeAll(async () => {
    nc = await connectNats(testServers().natsUrl, 'revocation-feed-test');
    await ensureEventStream(nc, prefix);
  });
  afterAll(async () => {
    for (const feed of feeds) await feed.stop();
    await deleteEventStream(nc, prefix);
    await drainNats(nc);
  });

  const publish = (subjectType: string, event: object) => jetstream(nc).publish(eventSubject(prefix, subjectType), JSON.stringify(event));
  const startFeed = async () => {
    const list = new RevocationList(900_000);
    const feed = new RevocationFeed(nc, prefix, list, 960_000);
    feeds.push(feed);
    await feed.start();
    return list;
  };

  it('should know, once started, the changes made before it started (a replica that starts late)', async () => {
    await publish('auth.user.deactivated', envelope('auth.user.deactivated', USER, 3));
    await publish('auth.user.updated', envelope('auth.user.updated', OTHER, 5)); // not revoking
    await publish('auth.user.role_changed', envelope('auth.user.deactivated', OTHER, 6)); // type and subject disagree
    const list = await startFeed(); // resolves after the replay
    expect(list.isRevoked({ sub: USER, iat: 0, uv: 2 })).toBe(true);
    expect(list.isRevoked({ sub: USER, iat: 0, uv: 3 })).toBe(false);
    expect(list.isRevoked({ sub: OTHER, iat: 0, uv: 1 })).toBe(false);
  });

  it('should learn of new changes as they are published', async () => {
    const list = await startFeed();
    await publish('auth.user.password_changed', envelope('auth.user.password_changed', OTHER, 9));
    await eventually(async () => (list.isRevoked({ sub: OTHER, iat: 0, uv: 8 }) ? true : undefined), 2000, 'the change to arrive');
  });
});

describe('RevocationFeed before any service made the stream', () => {
  it('should not hold the gateway back, and should follow the stream once it exists', async () => {
    const prefix = testSubjectPrefix('gw_revocation_nostream');
    const nc = await connectNats(testServers().natsUrl, 'revocation-feed-nostream');
    const list = new RevocationList(900_000);
    const feed = new RevocationFeed(nc, prefix, list, 960_000);
    try {
      const started = Date.now();
      await feed.start();
      expect(Date.now() - started).toBeLessThan(2000);
      await ensureEventStream(nc, prefix);
      await jetstream(nc).publish(eventSubject(prefix, 'auth.user.deactivated'), JSON.stringify(envelope('auth.user.deactivated', USER, 2)));
      await eventually(async () => (list.isRevoked({ sub: USER, iat: 0, uv: 1 }) ? true : undefined), 5000, 'the feed to follow the new stream');
    } finally {
      await feed.stop();
      await deleteEventStream(nc, prefix);
      await drainNats(nc);
    }
  });
});
