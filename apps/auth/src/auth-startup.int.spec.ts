import { connectNats, deleteEventStream, drainNats, RpcClient } from '@uehub/messaging';
import { loadServiceConfig } from '@uehub/service-host';
import { createTestDatabase, TcpProxy, testServers, testSubjectPrefix } from '@uehub/testing';
import { createAuthApp, migrateAuth } from './auth.app';

describe('auth start-up (PostgreSQL + NATS)', () => {
  it('should wait for PostgreSQL when it is down at start, and start once it is up', async () => {
    const database = await createTestDatabase('auth_startup');
    const prefix = testSubjectPrefix('auth_startup');
    const { natsUrl } = testServers();
    const real = new URL(database.url);
    const proxy = new TcpProxy(real.hostname, Number(real.port || 5432));
    const proxied = new URL(real);
    proxied.port = String(await proxy.open());
    await proxy.cut(); // PostgreSQL unreachable for auth from here on
    const env = { NATS_URL: natsUrl, NATS_SUBJECT_PREFIX: prefix };
    await migrateAuth(loadServiceConfig('auth', { ...env, DATABASE_URL: database.url }));
    const nc = await connectNats(natsUrl, 'auth-startup-test');
    try {
      let outcome: 'pending' | 'started' | 'failed' = 'pending';
      const starting = createAuthApp(loadServiceConfig('auth', { ...env, DATABASE_URL: proxied.toString() })).then(
        (app) => ((outcome = 'started'), app),
        (error: unknown) => {
          outcome = 'failed';
          throw error;
        },
      );
      await new Promise((r) => setTimeout(r, 2000));
      expect(outcome).toBe('pending'); // neither exited nor started: waiting

      await proxy.open();
      const app = await starting;
      try {
        const health = await new RpcClient(nc, prefix, 5000).call('auth.health', {});
        expect(health).toMatchObject({ service: 'auth', ready: true });
      } finally {
        await app.close();
      }
    } finally {
      await proxy.cut();
      await deleteEventStream(nc, prefix);
      await drainNats(nc);
      await database.drop();
    }
  });
});
