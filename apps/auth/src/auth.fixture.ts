// Test fixture (not exported): auth's schema in a database of its own, and auth processes on it.
import type { INestApplicationContext } from '@nestjs/common';
import type { MikroORM } from '@mikro-orm/postgresql';
import { openServiceOrm } from '@uehub/database';
import { connectNats, deleteEventStream, drainNats } from '@uehub/messaging';
import { loadServiceConfig, type ServiceConfig } from '@uehub/service-host';
import { createTestDatabase, testServers, testSubjectPrefix } from '@uehub/testing';
import { loadAuthSettings, type AuthSettings } from './auth-settings';
import { createAuthApp, migrateAuth } from './auth.app';
import { authEntities } from './auth.module';
import { authMigrations } from './migrations';

export interface AuthFixture {
  config: ServiceConfig;
  settings: AuthSettings;
  orm: MikroORM;
  /** Starts one more auth process (same database and prefix); closed with the fixture. */
  start(env?: Record<string, string>): Promise<INestApplicationContext>;
  close(): Promise<void>;
}

export async function openAuthFixture(label: string, env: Record<string, string> = {}): Promise<AuthFixture> {
  const database = await createTestDatabase(label);
  const prefix = testSubjectPrefix(label);
  const config = loadServiceConfig('auth', { DATABASE_URL: database.url, NATS_URL: testServers().natsUrl, NATS_SUBJECT_PREFIX: prefix });
  await migrateAuth(config);
  const settings = loadAuthSettings({ ...process.env, ...env });
  const orm = await openServiceOrm({ service: 'auth', target: config.database, entities: authEntities, migrations: authMigrations });
  const apps: INestApplicationContext[] = [];
  return {
    config,
    settings,
    orm,
    async start(more = {}) {
      const app = await createAuthApp(config, loadAuthSettings({ ...process.env, ...env, ...more }));
      apps.push(app);
      return app;
    },
    async close() {
      for (const app of apps.reverse()) await app.close();
      await orm.close(true);
      const nc = await connectNats(testServers().natsUrl, 'auth-fixture-cleanup');
      await deleteEventStream(nc, prefix);
      await drainNats(nc);
      await database.drop();
    },
  };
}
