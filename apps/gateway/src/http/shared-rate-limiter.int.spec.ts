import { jetstreamManager } from '@nats-io/jetstream';
import { connectNats, drainNats, type NatsConnection } from '@uehub/messaging';
import { testServers, testSubjectPrefix } from '@uehub/testing';
import { rateLimitBucket } from '@uehub/contracts';
import { SharedRateLimiter } from './shared-rate-limiter';

describe('SharedRateLimiter (NATS JetStream key-value)', () => {
  const prefix = testSubjectPrefix('gw_rate_limit');
  let nc: NatsConnection;
  let other: NatsConnection;

  beforeAll(async () => {
    nc = await connectNats(testServers().natsUrl, 'rate-limit-test-a');
    other = await connectNats(testServers().natsUrl, 'rate-limit-test-b');
  });
  afterAll(async () => {
    await (await jetstreamManager(nc)).streams.delete(`KV_${rateLimitBucket(prefix)}`).catch(() => undefined);
    await drainNats(other);
    await drainNats(nc);
  });

  const outcome = (check: Promise<void>) => check.then(() => 'ok', (error: { code?: string }) => error.code ?? 'error');

  it('should share one count between replicas, lose none under concurrency, and keep scopes and clients apart', async () => {
    // two replicas on two connections, 12 concurrent attempts for one client against a limit of 7
    const replicas = [new SharedRateLimiter(nc, prefix, { login: 7, refresh: 3 }), new SharedRateLimiter(other, prefix, { login: 7, refresh: 3 })];
    const now = Date.now();
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => outcome(replicas[i % 2].check('login', '10.0.0.1', now))));
    expect(results.filter((r) => r === 'ok')).toHaveLength(7);
    expect(results.filter((r) => r === 'RATE_LIMITED')).toHaveLength(5);

    expect(await outcome(replicas[1].check('login', '10.0.0.2', now))).toBe('ok'); // another client
    for (let i = 0; i < 3; i++) expect(await outcome(replicas[i % 2].check('refresh', '10.0.0.1', now))).toBe('ok'); // another scope
    expect(await outcome(replicas[0].check('refresh', '10.0.0.1', now))).toBe('RATE_LIMITED');
  });

  it('should start a new window a minute after the first attempt of the last one', async () => {
    const limiter = new SharedRateLimiter(nc, prefix, { login: 1, refresh: 1 });
    const start = Date.now();
    expect(await outcome(limiter.check('login', '10.0.0.9', start))).toBe('ok');
    expect(await outcome(limiter.check('login', '10.0.0.9', start + 59_000))).toBe('RATE_LIMITED');
    expect(await outcome(limiter.check('login', '10.0.0.9', start + 60_000))).toBe('ok');
  });
});
