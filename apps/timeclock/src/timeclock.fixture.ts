// Test fixture (not exported): timeclock's schema in a database of its own, and the service itself.
import type { INestApplicationContext } from '@nestjs/common';
import type { MikroORM } from '@mikro-orm/postgresql';
import { openServiceOrm } from '@uehub/database';
import { connectNats, deleteEventStream, drainNats } from '@uehub/messaging';
import { loadServiceConfig, type ServiceConfig } from '@uehub/service-host';
import { createTestDatabase, testServers, testSubjectPrefix } from '@uehub/testing';
import { v7 as uuidv7 } from 'uuid';
import { createTimeclockApp, migrateTimeclock, timeclockDatabase } from './timeclock.app';

export interface TimeclockFixture {
  config: ServiceConfig;
  orm: MikroORM;
  /** The running service, when started with `withService`. */
  app?: INestApplicationContext;
  addUser(active?: boolean): Promise<string>;
  close(): Promise<void>;
}

export async function openTimeclockFixture(label: string, options: { migrate?: boolean; withService?: boolean } = {}): Promise<TimeclockFixture> {
  const database = await createTestDatabase(label);
  const prefix = testSubjectPrefix(label);
  const config = loadServiceConfig('timeclock', { DATABASE_URL: database.url, NATS_URL: testServers().natsUrl, NATS_SUBJECT_PREFIX: prefix });
  if (options.migrate ?? true) await migrateTimeclock(config);
  const orm = await openServiceOrm({ ...timeclockDatabase(config), poolMax: 10 });
  const app = options.withService ? await createTimeclockApp(config) : undefined;
  return {
    config,
    orm,
    app,
    async addUser(active = true) {
      const id = uuidv7();
      await orm.em
        .fork()
        .execute('insert into timeclock.timeclock_user_refs (id, email, name, role, is_active, version) values (?, ?, ?, ?, ?, 1)', [
          id,
          `${id}@example.com`,
          `User ${id.slice(-4)}`,
          'worker',
          active,
        ]);
      return id;
    },
    async close() {
      await app?.close();
      await orm.close(true);
      const nc = await connectNats(testServers().natsUrl, 'timeclock-fixture-cleanup');
      await deleteEventStream(nc, prefix);
      await drainNats(nc);
      await database.drop();
    },
  };
}
