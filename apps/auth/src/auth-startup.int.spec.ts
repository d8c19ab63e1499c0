import pg from 'pg';
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

  it('should create the first superadmin once when two replicas start at the same time', async () => {
    const database = await createTestDatabase('auth_twin_start');
    const prefix = testSubjectPrefix('auth_twin_start');
    const config = loadServiceConfig('auth', { NATS_URL: testServers().natsUrl, NATS_SUBJECT_PREFIX: prefix, DATABASE_URL: database.url });
    await migrateAuth(config);
    const apps = await Promise.all([createAuthApp(config), createAuthApp(config)]);
    const db = new pg.Client({ connectionString: database.url });
    await db.connect();
    try {
      const count = async (sql: string) => (await db.query<{ n: number }>(sql)).rows[0].n;
      expect({
        superadmins: await count(`select count(*)::int as n from auth.auth_user where role = 'superadmin'`),
        created: await count(`select count(*)::int as n from auth.auth_events where event_type = 'auth.user.created'`),
      }).toEqual({ superadmins: 1, created: 1 });
    } finally {
      await db.end();
      for (const app of apps) await app.close();
      const nc = await connectNats(testServers().natsUrl, 'auth-twin-start-test');
      await deleteEventStream(nc, prefix);
      await drainNats(nc);
      await database.drop();
    }
  });
});
