// Test fixture (not exported): a service host with nothing but the user replica, in a database of its own.
import { Injectable, Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { MigrationObject } from '@mikro-orm/core';
import { Migration } from '@mikro-orm/migrations';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { migrateService, openServiceOrm } from '@uehub/database';
import { eventStoreDdl, outboxClaimsMigration, outboxTraceContextMigration, storeTables } from '@uehub/event-store';
import { connectNats, deleteEventStream, drainNats, type NatsConnection } from '@uehub/messaging';
import { loadServiceConfig, ServiceHostModule, type ServiceConfig } from '@uehub/service-host';
import { createTestDatabase, testServers, testSubjectPrefix } from '@uehub/testing';
import { UserReplicaModule } from './user-replica.module';
import type { ReplicaChange, UserReplicaHook, UserReplicaOptions } from './user-replica.options';

/** The replica of a service that keeps every optional column, with a hook (timeclock's shape). */
export const OPTIONS: UserReplicaOptions = { service: 'timeclock', keeps: ['department'] };
const tables = storeTables(OPTIONS.service);

class ReplicaTestMigration extends Migration {
  override up(): void {
    for (const sql of eventStoreDdl(tables)) this.addSql(sql);
    this.addSql(`create table timeclock.timeclock_user_refs (
      id uuid primary key, email text, name text, role text, department text, is_active boolean not null,
      version integer not null, updated_at timestamptz not null default now())`);
  }
}
const migrations: MigrationObject[] = [
  { name: 'Migration20261127000000_replica_test', class: ReplicaTestMigration },
  { name: 'Migration20261205000000_outbox_claims', class: outboxClaimsMigration(tables) },
  { name: 'Migration20270101000000_outbox_trace_context', class: outboxTraceContextMigration(tables) },
];

/** Records every change the consumer hands to the service's hooks. */
@Injectable()
export class RecordingHook implements UserReplicaHook {
  readonly changes: ReplicaChange[] = [];
  async applied(_tx: EntityManager, change: ReplicaChange): Promise<void> {
    this.changes.push(change);
  }
}

export interface ReplicaFixture {
  config: ServiceConfig;
  app: INestApplicationContext;
  orm: MikroORM;
  nc: NatsConnection;
  close(): Promise<void>;
}

export async function openReplicaFixture(label: string): Promise<ReplicaFixture> {
  const database = await createTestDatabase(label);
  const prefix = testSubjectPrefix(label);
  const config = loadServiceConfig(OPTIONS.service, { DATABASE_URL: database.url, NATS_URL: testServers().natsUrl, NATS_SUBJECT_PREFIX: prefix });
  const db = { service: OPTIONS.service, target: config.database, entities: [], migrations };
  await migrateService(db);
  @Module({ imports: [ServiceHostModule.register({ config, ...db, readinessTables: [] }), UserReplicaModule.register(OPTIONS, [RecordingHook])] })
  class ReplicaTestModule {}
  const app = await NestFactory.createApplicationContext(ReplicaTestModule, { logger: false });
  const orm = await openServiceOrm({ ...db, poolMax: 5 });
  const nc = await connectNats(testServers().natsUrl, `test-${label}`);
  return {
    config,
    app,
    orm,
    nc,
    async close() {
      await app.close();
      await orm.close(true);
      await deleteEventStream(nc, prefix);
      await drainNats(nc);
      await database.drop();
    },
  };
}
