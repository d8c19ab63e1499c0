// Test fixture (not exported): timeclock's schema in a database of its own, and the service itself.
import type { INestApplicationContext } from '@nestjs/common';
import type { MikroORM } from '@mikro-orm/postgresql';
import { openServiceOrm } from '@uehub/database';
import { connectNats, deleteEventStream, drainNats, type NatsConnection } from '@uehub/messaging';
import { loadServiceConfig, type ServiceConfig } from '@uehub/service-host';
import { addReplicaUser, createTestDatabase, testServers, testSubjectPrefix } from '@uehub/testing';
import { createTimeclockApp, migrateTimeclock, timeclockDatabase } from './timeclock.app';

export interface TimeclockFixture {
  config: ServiceConfig;
  orm: MikroORM;
  /** The running service, when started with `withService`. */
  app?: INestApplicationContext;
  /** A NATS connection of the test's own (on the fixture's subject prefix). */
  nc: NatsConnection;
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
  const nc = await connectNats(testServers().natsUrl, `timeclock-fixture-${label}`);
  return {
    config,
    orm,
    app,
    nc,
    addUser: (active = true) => addReplicaUser(orm.em.fork(), nc, prefix, 'timeclock', { isActive: active }),
    async close() {
      await app?.close();
      await orm.close(true);
      await deleteEventStream(nc, prefix);
      await drainNats(nc);
      await database.drop();
    },
  };
}
